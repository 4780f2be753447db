"""API of 检风检纪, under /api/. (Placeholder until its endpoints land.)"""

urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
