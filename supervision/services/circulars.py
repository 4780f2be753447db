"""通报: drafting, editing, publishing and acknowledging circulars. (Placeholder until circulars land.)"""

from datetime import date


def draft_due_monthly_circulars(day: date | None = None) -> dict:
    """Draft last month's circular for each procuratorate when ``day`` (today) is the month's first workday."""
    return {"drafted": 0}
