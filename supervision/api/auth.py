"""POST /api/auth/token/: a token for API clients, under the same lockout as the sign-in page.

DRF's ``obtain_auth_token`` would also call ``authenticate``, but it answers a locked account with the same
"wrong credentials" as a wrong password. This view says the account is locked, in the sign-in page's words,
and never issues a token while it is. django-axes counts every failure here exactly as on the sign-in page:
``AxesStandaloneBackend`` sees the request and ``user_login_failed`` is sent (and audited) by ``authenticate``;
a success sends ``user_logged_in`` as the sign-in page does.
"""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

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
        "连续 5 次密码错误将锁定账户 30 分钟，与登录页相同。",
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
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
