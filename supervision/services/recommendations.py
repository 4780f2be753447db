"""督察建议书: the office drafts, edits and issues a recommendation to one department; the department replies.

One function per act of ``recommendation_acts.TRANSITIONS`` (and the draft's creation), each in one transaction
with its audit entry and its notifications (``notices.tell_people``); a refusal is a ``ServiceError`` naming the
field, and saves and tells nothing.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, User
from audit.services import diff, record, snapshot
from numbering.models import DocumentKind
from numbering.services import allocate_number
from procuracy.text import LONG_TEXT_MAX_LENGTH
from workcalendar.workdays import deadline

from ..access_recommendations import manages_recommendation, replies_for
from ..models import Adoption, Matter, Recommendation
from ..notices import tell_people
from ..recommendation_acts import NOTICES, REPLY_WORKDAYS, TRANSITIONS
from ..recommendation_errors import RecommendationError
from .guards import checked_text, office_procuratorate, require, require_transition, today

FIELDS = (
    "department",
    "title",
    "findings",
    "content",
    "matter",
    "document_number",
    "status",
    "reply_due",
    "reply_due_provisional",
    "reply",
    "adoption",
    "adoption_reason",
    "replied_by",
    "issued_by",
)


def _text(value: str, error=None, *, field: str, limit: int = LONG_TEXT_MAX_LENGTH) -> str:
    return checked_text(value, error, field=field, limit=limit, codes=RecommendationError)


def _link(recommendation: Recommendation) -> str:
    return reverse("supervision:recommendation_detail", args=[recommendation.pk])


def _item(recommendation: Recommendation) -> str:
    number = recommendation.document_number
    return f"{recommendation.title}（{number}）" if number else recommendation.title


def _checked(procuratorate_id: int, *, department, title, findings, content, matter) -> dict:
    require(department is not None, RecommendationError.DEPARTMENT_REQUIRED, field="department")
    require(
        department.procuratorate_id == procuratorate_id,
        RecommendationError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="department",
    )
    require(
        matter is None or matter.procuratorate_id == procuratorate_id,
        RecommendationError.MATTER_NOT_IN_PROCURATORATE,
        field="matter",
    )
    return {
        "department": department,
        "title": _text(title, RecommendationError.TITLE_REQUIRED, field="title", limit=200),
        "findings": _text(findings, field="findings"),
        "content": _text(content, RecommendationError.CONTENT_REQUIRED, field="content"),
        "matter": matter,
    }


@transaction.atomic
def create_recommendation(
    *,
    actor: User,
    department: Department | None,
    title: str,
    content: str,
    findings: str = "",
    matter: Matter | None = None,
) -> Recommendation:
    """拟制: the office drafts a recommendation to one department; nobody else sees it until it is issued."""
    procuratorate_id = office_procuratorate(actor, RecommendationError.NOT_OFFICE)
    fields = _checked(
        procuratorate_id, department=department, title=title, findings=findings, content=content, matter=matter
    )
    recommendation = Recommendation.objects.create(procuratorate_id=procuratorate_id, created_by=actor, **fields)
    record(actor=actor, action="create_recommendation", target=recommendation, after=snapshot(recommendation, FIELDS))
    return recommendation


def _lock(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("department", "procuratorate")
        .get(pk=recommendation.pk)
    )


def _require(act: str, recommendation: Recommendation) -> None:
    require_transition(
        TRANSITIONS,
        act,
        recommendation.status,
        recommendation.get_status_display(),
        error=RecommendationError.NOT_ALLOWED_IN_STATE,
    )


def _save_and_record(actor: User, recommendation: Recommendation, act: str, before: dict) -> None:
    recommendation.save()
    old, new = diff(before, snapshot(recommendation, FIELDS))
    record(actor=actor, action=act, target=recommendation, before=old, after=new)


@transaction.atomic
def edit_recommendation(
    *,
    actor: User,
    recommendation: Recommendation,
    department: Department | None,
    title: str,
    content: str,
    findings: str = "",
    matter: Matter | None = None,
) -> Recommendation:
    """修改: a draft's department, title, findings and content, as the office rewrites them before 制发."""
    recommendation = _lock(recommendation)
    require(manages_recommendation(actor, recommendation), RecommendationError.NOT_OFFICE)
    _require("edit_recommendation", recommendation)
    fields = _checked(
        recommendation.procuratorate_id,
        department=department,
        title=title,
        findings=findings,
        content=content,
        matter=matter,
    )
    before = snapshot(recommendation, FIELDS)
    for name, value in fields.items():
        setattr(recommendation, name, value)
    if snapshot(recommendation, FIELDS) == before:
        return recommendation  # nothing changed: no audit entry for a save without a change
    _save_and_record(actor, recommendation, "edit_recommendation", before)
    return recommendation


@transaction.atomic
def issue_recommendation(*, actor: User, recommendation: Recommendation) -> Recommendation:
    """制发: the recommendation gets its number (示检督建〔2026〕N号) and a reply due 10 workdays after today;
    the department's head is told."""
    recommendation = _lock(recommendation)
    require(manages_recommendation(actor, recommendation), RecommendationError.NOT_OFFICE)
    _require("issue_recommendation", recommendation)
    issued_on = today()
    due = deadline(issued_on, REPLY_WORKDAYS)
    number = allocate_number(
        procuratorate=recommendation.procuratorate, kind=DocumentKind.RECOMMENDATION, year=issued_on.year
    )
    before = snapshot(recommendation, FIELDS)
    recommendation.status = TRANSITIONS["issue_recommendation"].target
    recommendation.document_number = number.text
    recommendation.reply_due, recommendation.reply_due_provisional = due.date, due.provisional
    recommendation.issued_by, recommendation.issued_at = actor, timezone.now()
    _save_and_record(actor, recommendation, "issue_recommendation", before)
    tell_people(
        "issue_recommendation",
        NOTICES["issue_recommendation"],
        actor=actor,
        subject=recommendation,
        audience=[Q(pk=recommendation.department.head_id) if recommendation.department.head_id else None],
        link=_link(recommendation),
        item=_item(recommendation),
        deadline=recommendation.reply_due,
        content=recommendation.content[:200],
    )
    return recommendation


@transaction.atomic
def reply_recommendation(
    *, actor: User, recommendation: Recommendation, reply: str, adoption: str, adoption_reason: str = ""
) -> Recommendation:
    """回复: the addressed department says what it did and whether it adopts the recommendation; a 部分采纳 or
    未采纳 needs its reason. The issuer is told."""
    recommendation = _lock(recommendation)
    require(replies_for(actor, recommendation), RecommendationError.NOT_RECIPIENT)
    _require("reply_recommendation", recommendation)
    reply = _text(reply, RecommendationError.REPLY_REQUIRED, field="reply")
    require(adoption in Adoption.values, RecommendationError.ADOPTION_REQUIRED, field="adoption")
    reason_error = None if adoption == Adoption.ADOPTED else RecommendationError.ADOPTION_REASON_REQUIRED
    adoption_reason = _text(adoption_reason, reason_error, field="adoption_reason")
    before = snapshot(recommendation, FIELDS)
    recommendation.status = TRANSITIONS["reply_recommendation"].target
    recommendation.reply, recommendation.adoption, recommendation.adoption_reason = reply, adoption, adoption_reason
    recommendation.replied_by, recommendation.replied_at = actor, timezone.now()
    _save_and_record(actor, recommendation, "reply_recommendation", before)
    tell_people(
        "reply_recommendation",
        NOTICES["reply_recommendation"],
        actor=actor,
        subject=recommendation,
        audience=[Q(pk=recommendation.issued_by_id) if recommendation.issued_by_id else None],
        link=_link(recommendation),
        item=_item(recommendation),
        department=recommendation.department.name,
        adoption=recommendation.get_adoption_display(),
        reply=reply[:200],
    )
    return recommendation
