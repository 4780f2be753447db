"""API tokens that end like sessions do: after the idle timeout, and at the latest after an absolute lifetime.

A token is also revoked whenever the password changes hands (change, forced change, reset) and at sign-out
(``accounts.services.revoke_api_tokens``). An expired or revoked token answers 401 with a Chinese message.
"""

import binascii
import os
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken


class TokenInvalid(exceptions.AuthenticationFailed):
    default_code = "token_invalid"
    default_detail = "令牌无效或已撤销，请重新获取令牌。"


class TokenExpired(exceptions.AuthenticationFailed):
    default_code = "token_expired"
    default_detail = "令牌已过期，请重新获取令牌。"


class AccountInactive(exceptions.AuthenticationFailed):
    default_code = "account_inactive"
    default_detail = "该账户已停用，请联系系统管理员。"


def idle_timeout() -> timedelta:
    return timedelta(seconds=settings.SESSION_COOKIE_AGE)


def max_age() -> timedelta:
    return timedelta(seconds=settings.API_TOKEN_MAX_AGE_SECONDS)


def is_expired(token: ApiToken, now: datetime) -> bool:
    return now - token.last_used_at >= idle_timeout() or now - token.created_at >= max_age()


def new_key() -> str:
    return binascii.hexlify(os.urandom(20)).decode()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token scheme over ``ApiToken``, with the idle and absolute limits checked on every request."""

    model = ApiToken

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key=key).first()
        if token is None:
            raise TokenInvalid()
        if not token.user.is_active:
            raise AccountInactive()
        now = timezone.now()
        if is_expired(token, now):
            raise TokenExpired()
        # Idle time is measured to the minute: writing the row on every request would turn each read into a write.
        if now - token.last_used_at >= timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token
