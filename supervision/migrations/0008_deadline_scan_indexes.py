"""Partial indexes that keep the deadline scan proportional to what is new rather than to every open item.

One index per rung and kind: the open items whose watermark does not yet hold that rung's bit for their current
deadline, on the date the rung compares. The predicate is the scan's own condition written out
(``statements._open`` and ``statements.not_yet_notified``), so the planner proves the index applies; once an item
is notified it leaves that rung's index, and a quiet scan reads only the few entries still unnotified in range.
The status lists are literal here; tests/test_deadline_scan_indexes.py checks they equal the code's.
"""

from django.db import migrations

MATTER_OPEN = "status IN ('initiated', 'in_progress')"
SLIP_OPEN = "status IN ('issued', 'acknowledged', 'feedback_submitted', 'returned')"
PROBLEM_OPEN = "status IN ('open', 'claimed', 'returned', 'reopened') AND deadline IS NOT NULL"

# (index name, table, indexed columns, open condition, deadline column, rung bit, extra condition)
INDEXES = (
    ("matter_scan_warning_idx", "supervision_matter", "warning_date, due_date", MATTER_OPEN, "due_date", 1, ""),
    ("matter_scan_one_week_idx", "supervision_matter", "initiated_on", MATTER_OPEN, "due_date", 2, "one_week = true"),
    ("matter_scan_overdue_idx", "supervision_matter", "due_date", MATTER_OPEN, "due_date", 4, ""),
    ("matter_scan_director_idx", "supervision_matter", "due_date", MATTER_OPEN, "due_date", 8, ""),
    ("matter_scan_leadership_idx", "supervision_matter", "due_date", MATTER_OPEN, "due_date", 16, ""),
    ("slip_scan_warning_idx", "supervision_slip", "deadline", SLIP_OPEN, "deadline", 1, ""),
    ("slip_scan_overdue_idx", "supervision_slip", "deadline", SLIP_OPEN, "deadline", 4, ""),
    ("slip_scan_director_idx", "supervision_slip", "deadline", SLIP_OPEN, "deadline", 8, ""),
    ("slip_scan_leadership_idx", "supervision_slip", "deadline", SLIP_OPEN, "deadline", 16, ""),
    ("problem_scan_warning_idx", "supervision_problem", "deadline", PROBLEM_OPEN, "deadline", 1, ""),
    ("problem_scan_overdue_idx", "supervision_problem", "deadline", PROBLEM_OPEN, "deadline", 4, ""),
    ("problem_scan_director_idx", "supervision_problem", "deadline", PROBLEM_OPEN, "deadline", 8, ""),
    ("problem_scan_leadership_idx", "supervision_problem", "deadline", PROBLEM_OPEN, "deadline", 16, ""),
    ("problem_scan_unclaimed_idx", "supervision_problem", "status", PROBLEM_OPEN, "deadline", 32, ""),
)


def create(name, table, columns, open_condition, deadline, bit, extra):
    not_notified = (
        f"(deadline_notified_for IS NULL OR deadline_notified_for <> {deadline}"
        f" OR (deadline_notified_steps & {bit}) = 0)"
    )
    where = " AND ".join(part for part in (open_condition, extra, not_notified) if part)
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns}) WHERE {where};"


class Migration(migrations.Migration):
    dependencies = [("supervision", "0007_monthly_reports")]

    operations = [migrations.RunSQL(create(*index), f"DROP INDEX IF EXISTS {index[0]};") for index in INDEXES]
