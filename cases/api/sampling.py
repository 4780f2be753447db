"""PLACEHOLDER: the API of this part of the cases app."""

urlpatterns: list = []


def register(router) -> None:
    """Add this module's viewsets to the API router."""
