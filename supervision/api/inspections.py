"""API of 检务督察检查, under /api/. (Placeholder until its endpoints land.)"""

urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
