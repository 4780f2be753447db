from django.core.management.base import BaseCommand

from accounts.permissions_doc import permission_matrix_markdown


class Command(BaseCommand):
    help = "Print the permission matrix (roles × capabilities) as Markdown; docs/permissions.md is its output."

    def handle(self, *args, **options):
        self.stdout.write(permission_matrix_markdown(), ending="")
