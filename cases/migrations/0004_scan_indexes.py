"""Partial indexes for the deadline scan's two rungs on cases' 办案期限 (see supervision 0008's docstring): the
open cases with a limit whose watermark lacks the rung's bit for their current limit, on the limit's date."""

from django.db import migrations

CASE_OPEN = "closed_on IS NULL AND limit_due IS NOT NULL"

INDEXES = (
    ("case_scan_warning_idx", 1),
    ("case_scan_overdue_idx", 4),
)


def create(name, bit):
    return (
        f"CREATE INDEX IF NOT EXISTS {name} ON cases_case (limit_due) WHERE {CASE_OPEN}"
        f" AND (deadline_notified_for IS NULL OR deadline_notified_for <> limit_due"
        f" OR (deadline_notified_steps & {bit}) = 0);"
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_draw_population_strata")]

    operations = [migrations.RunSQL(create(*index), f"DROP INDEX IF EXISTS {index[0]};") for index in INDEXES]
