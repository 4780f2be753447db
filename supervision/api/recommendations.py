"""API of 督察建议书, under /api/. (Placeholder until its endpoints land.)"""

urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
