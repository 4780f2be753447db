"""修改草稿: the office rewrites a draft 整改通知书 and its problem list before it is issued.

Kept beside ``rectification.py`` (which drafts and issues) and checked by the same rules: a draft's problems
are nobody's work yet (a department sees them only once issued), so the list is replaced as a whole.
"""

from django.db import transaction
from django.db.models import ProtectedError

from accounts.models import Department, User
from audit.labels import register
from audit.services import diff, record, snapshot

from ..access import manages
from ..models import Matter, NoticeSource, NoticeStatus, Problem, RectificationNotice
from ..rectification_errors import RectificationError
from .guards import checked_text, require
from .rectification import NOTICE_FIELDS, PROBLEM_FIELDS, ProblemLine, check_line

EDIT_ACTION = "edit_notice"
register({EDIT_ACTION: "修改整改通知书"})


@transaction.atomic
def edit_notice(
    *,
    actor: User,
    notice: RectificationNotice,
    department: Department,
    title: str,
    basis: str = "",
    source: str = NoticeSource.STANDALONE,
    matter: Matter | None = None,
    problems: list[ProblemLine] = (),
) -> RectificationNotice:
    notice = RectificationNotice.objects.select_for_update().get(pk=notice.pk)
    require(manages(actor, notice), RectificationError.NOT_OFFICE)
    require(notice.status == NoticeStatus.DRAFT, RectificationError.NOT_ALLOWED_IN_STATE)
    require(
        department.procuratorate_id == notice.procuratorate_id,
        RectificationError.DEPARTMENT_NOT_IN_PROCURATORATE,
        field="department",
    )
    require(source in NoticeSource.values, RectificationError.SOURCE_INVALID, field="source")
    require(source != NoticeSource.MATTER or matter is not None, RectificationError.MATTER_REQUIRED, field="matter")
    require(
        matter is None or matter.procuratorate_id == notice.procuratorate_id,
        RectificationError.MATTER_NOT_IN_PROCURATORATE,
        field="matter",
    )
    old_problems = list(notice.problems.select_for_update().order_by("pk"))
    before = {**snapshot(notice, NOTICE_FIELDS), "problems": [snapshot(p, PROBLEM_FIELDS) for p in old_problems]}
    notice.title = checked_text(
        title, RectificationError.TITLE_REQUIRED, field="title", limit=200, codes=RectificationError
    )
    notice.basis = checked_text(basis, field="basis", codes=RectificationError)
    notice.department, notice.source = department, source
    # A matter is kept only for a notice raised from one; the other sources carry their own link.
    notice.matter = matter if source == NoticeSource.MATTER else None
    lines = [check_line(line, notice, index) for index, line in enumerate(problems)]
    require(bool(lines), RectificationError.NO_PROBLEMS, field="problems")
    notice.save()
    try:
        with transaction.atomic():
            Problem.objects.filter(pk__in=[p.pk for p in old_problems]).delete()
    except ProtectedError:
        # Another record already points at a draft's problem: the list cannot be rewritten under it.
        require(False, RectificationError.NOT_ALLOWED_IN_STATE, field="problems")
    Problem.objects.bulk_create(lines)
    after = {**snapshot(notice, NOTICE_FIELDS), "problems": [snapshot(p, PROBLEM_FIELDS) for p in lines]}
    old, new = diff(before, after)
    record(actor=actor, action=EDIT_ACTION, target=notice, before=old, after=new)
    return notice
