"""Demo 列席会议 for ``seed_demo``. (Placeholder until the records land.)"""


def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users."""
