"""API of this kind (placeholder until it lands)."""

urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
