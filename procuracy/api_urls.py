"""The REST API: every action a page offers, under the same permission checks, documented at /api/docs/."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A page for people: an anonymous visitor is sent to the sign-in page rather than shown a bare 401.
    path("docs/", login_required(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    path("", include("supervision.api.urls")),
    path("", include("notifications.api")),
]
