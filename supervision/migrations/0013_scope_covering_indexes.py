import django.db.models.deletion
from django.db import migrations, models

# The slips' matter index gives way to one that carries the slip's key, so the office's slip scope is read from
# the index alone; the new one is built before the old one goes, so no moment lacks an index on matter_id. Only the
# index is dropped: AlterField would drop and re-create the foreign key (a re-check of every slip under an
# exclusive lock) and, on SQLite, remake the table and lose the scan's partial indexes, which no model declares.
OLD_MATTER_INDEX = "supervision_slip_matter_id_0976dc8c"


class Migration(migrations.Migration):
    dependencies = [("supervision", "0012_scan_indexes_after_sqlite_remake")]

    operations = [
        migrations.AddIndex(
            model_name="slip",
            index=models.Index(fields=["matter"], include=("id",), name="slip_matter_idx"),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{OLD_MATTER_INDEX}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{OLD_MATTER_INDEX}" ON "supervision_slip" ("matter_id")',
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="slip",
                    name="matter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="slips",
                        to="supervision.matter",
                        verbose_name="督察事项",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="feedback",
            index=models.Index(condition=models.Q(("review", "pending")), fields=["slip"], name="feedback_pending_idx"),
        ),
    ]
