"""Who sees which 案件质量评查: one scope in SQL for every page, count, ledger and export of reviews.

The office and leadership see every review of their procuratorate; a reviewer the reviews they are named on;
the case's handling prosecutor and the head of its department see a review once it is graded (its grade and
findings are theirs to act on), never while it is in progress. The three administrators see none. Missing and
out of scope are the same 404.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Capability, Role, user_can
from supervision.access import procuratorate_of

from .access_cases import manages_cases, sees_all_cases
from .models import CaseReview, ReviewStatus

_NOTHING = Q(pk__in=[])


def review_scope(user) -> Q:
    procuratorate_id = procuratorate_of(user)
    if not procuratorate_id or not user_can(user, Capability.VIEW_BUSINESS):
        return _NOTHING
    if sees_all_cases(user):
        return Q(procuratorate_id=procuratorate_id)
    reviewing = CaseReview.reviewers.through.objects.filter(user_id=user.pk).values("casereview_id")
    handled = Q(case__prosecutor_id=user.pk)
    if user.has_role(Role.DEPARTMENT_HEAD):
        handled |= Q(case__department_id=user.department_id)
    return Q(procuratorate_id=procuratorate_id) & (Q(pk__in=reviewing) | (handled & Q(status=ReviewStatus.GRADED)))


def reviews_visible_to(user) -> QuerySet[CaseReview]:
    return CaseReview.objects.filter(review_scope(user))


def get_review_for(user, review_id, *, queryset: QuerySet | None = None) -> CaseReview:
    queryset = queryset if queryset is not None else CaseReview.objects.all()
    try:
        return queryset.filter(review_scope(user)).get(pk=review_id)
    except (CaseReview.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("评查不存在或您无权查看") from None


def reviews(user, review: CaseReview) -> bool:
    """One of the review's reviewers (over ``.all()``, so a prefetched page asks nothing more)."""
    return any(person.pk == user.pk for person in review.reviewers.all())


def opens_reviews(user) -> bool:
    return manages_cases(user)


def review_actions(user, review: CaseReview) -> list[str]:
    """The acts of ``review_acts.TRANSITIONS`` the user may do on the review now (its buttons, the API's
    ``actions``): the office reassigns and a reviewer grades while it is in progress."""
    if review.status != ReviewStatus.ASSIGNED:
        return []
    acts = []
    if manages_cases(user) and procuratorate_of(user) == review.procuratorate_id:
        acts.append("reassign_review")
    if reviews(user, review):
        acts.append("grade_review")
    return acts
