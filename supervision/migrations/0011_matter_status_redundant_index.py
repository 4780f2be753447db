from django.db import migrations, models

# The status's own index and its LIKE twin lead matter_status_due_idx (status, due_date): every matter write, the
# deadline scan's watermark UPDATE above all, maintained them for nothing. Only the indexes go: AlterField would
# remake the table on SQLite and lose the scan's partial indexes, which no model declares.
DROPS = ["supervision_matter_status_749224be", "supervision_matter_status_749224be_like"]


class Migration(migrations.Migration):
    dependencies = [("supervision", "0010_slip_redundant_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{DROPS[0]}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{DROPS[0]}" ON "supervision_matter" ("status")',
                ),
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{DROPS[1]}"',
                    # The LIKE twin exists on PostgreSQL only; re-created by hand there if ever needed.
                    reverse_sql=migrations.RunSQL.noop,
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="matter",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("draft", "草稿"),
                            ("initiated", "已立项"),
                            ("in_progress", "督办中"),
                            ("concluded", "已办结"),
                            ("cancelled", "已撤销"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
            ],
        ),
    ]
