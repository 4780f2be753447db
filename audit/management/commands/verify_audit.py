from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log's HMAC-SM3 chain against the checkpoints kept outside the database; "
        "name the first broken entry, a missing tail, or a spoilt checkpoint line."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            raise CommandError(report.message)
        self.stdout.write(self.style.SUCCESS(report.message))
