"""API of 列席会议, under /api/. (Placeholder until its endpoints land.)"""

urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
