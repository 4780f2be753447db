from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import views as account_views

from .health import healthz


class FaviconRedirect(RedirectView):
    # Resolved per request: the production manifest that names the hashed file exists only after collectstatic.
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


admin.site.site_header = "检务督察管理系统 · 系统管理"
admin.site.site_title = "系统管理"
admin.site.index_title = "机构、用户与系统配置"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("login/", account_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.ChangePasswordView.as_view(), name="password_change"),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("notifications/", include("notifications.urls")),
    path("cases/", include("cases.urls")),
    path("", include("supervision.urls")),
    path("api/", include("procuracy.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): answer instead of logging a 404.
    path("favicon.ico", login_not_required(FaviconRedirect.as_view())),
]

# Chinese error pages that need no database (procuracy/error_views.py).
handler400 = "procuracy.error_views.bad_request"
handler403 = "procuracy.error_views.permission_denied"
handler404 = "procuracy.error_views.page_not_found"
handler500 = "procuracy.error_views.server_error"
