"""案件评查台账: the reviews of a filtered list and their problems as an .xlsx ledger.

One row per problem, its review's columns repeated, so the ledger can be filtered in WPS or Excel by problem
status; a review without problems is one row with the problem columns empty. Streamed: the rows are read in
chunks (``iterator`` with prefetching), two more queries per chunk, not per review.
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from documents.xlsx import Column
from supervision.models import Problem

from .models import CaseReview

LEDGER_NAME = "案件质量评查台账"

COLUMNS = (
    Column("评查编号", 16),
    Column("统一受案号", 26),
    Column("案件名称", 30, wrap=True),
    Column("承办部门", 14),
    Column("承办检察官", 10),
    Column("评查类型", 10),
    Column("评查人", 16, wrap=True),
    Column("状态", 8),
    Column("总分", 8, "number"),
    Column("评定等次", 10),
    Column("评定日期", 12, "date"),
    Column("整改通知书文号", 22),
    Column("问题描述", 40, wrap=True),
    Column("问题类别", 14),
    Column("整改期限", 12, "date"),
    Column("问题状态", 10),
    Column("问题全部销号日期", 14, "date"),
)


def ledger_queryset(rows: QuerySet[CaseReview]) -> QuerySet[CaseReview]:
    problems = Problem.objects.select_related("category").order_by("pk")
    return rows.select_related("case__department", "case__prosecutor", "grade", "notice").prefetch_related(
        Prefetch("reviewers", queryset=User.objects.order_by("pk")),
        Prefetch("notice__problems", queryset=problems),
    )


def _local_day(moment):
    return timezone.localdate(moment) if moment else None


def ledger_rows(rows: QuerySet[CaseReview]):
    for review in ledger_queryset(rows).iterator(chunk_size=2000):
        case = review.case
        head = [
            str(review),
            case.number,
            case.name,
            case.department.name if case.department_id else "",
            case.handled_by,
            review.get_kind_display(),
            "、".join(u.full_name or u.username for u in review.reviewers.all()),
            review.get_status_display(),
            review.total_score,
            review.grade.name if review.grade_id else "",
            _local_day(review.graded_at),
            review.notice.document_number if review.notice_id else "",
        ]
        tail = [_local_day(review.problems_verified_at)]
        problems = list(review.notice.problems.all()) if review.notice_id else []
        if not problems:
            yield [*head, "", "", None, "", *tail]
        for problem in problems:
            yield [
                *head,
                problem.description,
                problem.category.name,
                problem.deadline,
                problem.get_status_display(),
                *tail,
            ]
