from django.core.management.base import BaseCommand

from audit.checkpoints import checkpoint_audit_chain, checkpoint_path


class Command(BaseCommand):
    help = "Append the audit chain's head (count, last id, hash) to the signed checkpoint file and the log."

    def handle(self, *args, **options):
        cp = checkpoint_audit_chain()
        self.stdout.write(
            self.style.SUCCESS(f"已记录审计日志检查点：共 {cp.count} 条，至第 {cp.last_id} 条（{checkpoint_path()}）。")
        )
