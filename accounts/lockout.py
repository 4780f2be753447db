"""Sign-in lockout: per (username, address) at a few failures, per username only at many.

django-axes counts failures for both lockout parameters (``AXES_LOCKOUT_PARAMETERS``) and compares the larger
count — the username's, summed over every address — with one limit. ``failure_limit`` makes that limit depend
on the address asking: the address's own threshold once this address has reached it, the username's higher
threshold otherwise. An outsider who types wrong passwords for the security administrator therefore locks out
only their own address, and the account itself only if failures pile up from many places.
"""

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failures_from_address(username: str | None, ip_address: str | None, since) -> int:
    attempts = AccessAttempt.objects.filter(username=username, ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def failure_limit(request, credentials) -> int:
    username = get_client_username(request, credentials)
    per_address = settings.SIGN_IN_FAILURES_PER_ADDRESS
    here = failures_from_address(username, request.axes_ip_address, get_cool_off_threshold(request))
    return per_address if here >= per_address else settings.SIGN_IN_FAILURES_PER_USERNAME


def clear_failures_from_address(*, username: str, ip_address: str | None) -> int:
    """A successful sign-in forgives the failures typed at this address, not an outsider's elsewhere."""
    removed, _ = AccessAttempt.objects.filter(username=username, ip_address=ip_address).delete()
    return removed
