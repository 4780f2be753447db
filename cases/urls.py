"""Routes of the case pages, under /cases/: each page module declares its own ``urlpatterns``."""

from .views import cases, inquiries, reviews, sampling

app_name = "cases"

# The fixed paths of reviews, look-back and inquiries come before a case's /cases/<pk>/.
urlpatterns = [
    *reviews.urlpatterns,
    *sampling.urlpatterns,
    *inquiries.urlpatterns,
    *cases.urlpatterns,
]
