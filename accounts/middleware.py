from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user unless its view is marked ``login_not_required``.

    The REST API authenticates per request (session or token) and answers 401/403 itself, so it is
    left to DRF rather than redirected to the sign-in page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        response = super().handle_no_permission(request, view_func)
        if getattr(request, "htmx", False):
            # An in-place act after the idle timeout: send the whole page to sign-in, not a fragment of it.
            hx = HttpResponse(status=204)
            hx["HX-Redirect"] = response["Location"]
            return hx
        return response


class PasswordChangeRequiredMiddleware:
    """Hold a user whose password the security administrator reset on the password change page."""

    allowed_names = {"password_change", "password_change_done", "logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and user.must_change_password):
            return None
        if request.resolver_match.url_name in self.allowed_names or request.path_info.startswith("/static/"):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"code": "password_change_required", "detail": "请先修改密码后再继续操作。"}, status=403
            )
        return redirect(reverse("password_change"))
