"""POST /api/auth/token/: a token for API clients, under the same lockout as the sign-in page; POST /api/auth/logout/.

DRF's ``obtain_auth_token`` would also call ``authenticate``, but it answers a locked account with the same
"wrong credentials" as a wrong password. This view says the account is locked, in the sign-in page's words,
and never issues a token while it is. django-axes counts every failure here exactly as on the sign-in page:
``AxesStandaloneBackend`` sees the request and ``user_login_failed`` is sent (and audited) by ``authenticate``;
a success sends ``user_logged_in`` as the sign-in page does.

A token ends after the session's idle time without use, at the latest ``API_TOKEN_MAX_AGE_SECONDS`` after it was
issued, and when its holder signs out or their password is changed, forced to change or reset (``accounts.tokens``).
"""

from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services as account_services
from accounts.models import ApiToken
from accounts.tokens import ExpiringTokenAuthentication
from procuracy.errors import ErrorCode, ServiceError

from .serializers import TokenRequestSerializer, TokenSerializer


class TokenError(ErrorCode):
    INVALID_CREDENTIALS = ("invalid_credentials", "用户名或密码错误")
    LOCKED_OUT = ("locked_out", "账户已锁定：连续 5 次密码错误，请 30 分钟后再试，或联系安全保密管理员解除锁定。")


class ObtainTokenView(APIView):
    authentication_classes = []  # signing in needs no prior authentication, nor a CSRF token
    permission_classes = [AllowAny]

    @extend_schema(
        summary="获取 API 令牌",
        description="以用户名和密码换取令牌，之后以请求头 `Authorization: Token <令牌>` 调用接口。"
        "连续 5 次密码错误将锁定账户 30 分钟，与登录页相同。令牌闲置超过会话超时时间或签发超过最长有效期即失效，"
        "修改、重置密码或退出登录时立即作废；失效后返回 401，请重新获取。",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="用户名或密码错误"),
            403: OpenApiResponse(description="账户已锁定"),
        },
        auth=[],
    )
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request=request, **credentials.validated_data)
        # Axes marks the request it was given; that is this DRF request, so the HTML lockout page of
        # AxesMiddleware (which looks at the Django request) does not replace this JSON answer.
        if getattr(request, "axes_locked_out", False):
            return Response(ServiceError(TokenError.LOCKED_OUT).as_dict(), status=403)
        if user is None:
            raise ServiceError(TokenError.INVALID_CREDENTIALS, field="password")
        # A token is a sign-in: the same signal as the page's, so axes clears the failures, the audit log
        # records it and last_login moves, exactly as for a browser.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        token = account_services.issue_api_token(user=user)
        return Response({"token": token.key})


class SignOutView(APIView):
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="退出登录",
        description="作废当前用户的 API 令牌；以会话调用时同时结束会话。",
        request=None,
        responses={204: OpenApiResponse(description="已退出")},
    )
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            account_services.sign_out_api(actor=request.user)
        else:
            # The page's own sign-out: its signal ends the token and writes the audit entry.
            logout(request._request)
        return Response(status=204)
