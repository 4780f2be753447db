"""The acts a user may perform on a rectification notice or problem right now: allowed by its state AND by the
same role and department checks the services make (``services/rectification.py``).

Pages show exactly these buttons and the API lists them. Verbs are the keys of ``transitions.py``. No queries: the
problem comes with its notice and department loaded (``department.head_id`` decides 分办).
"""

from .access import answers_for, heads_problem, manages, rectifies
from .models import NoticeStatus, Problem, RectificationNotice
from .transitions import NOTICE_TRANSITIONS, PROBLEM_TRANSITIONS

OFFICE_PROBLEM_ACTS = ("verify_problem", "return_problem", "reopen_problem")


def notice_actions(user, notice: RectificationNotice) -> list[str]:
    """The office issues (制发) its draft."""
    if not manages(user, notice):
        return []
    return [verb for verb, transition in NOTICE_TRANSITIONS.items() if notice.status in transition.sources]


def _allowed(verb: str, problem: Problem) -> bool:
    return problem.status in PROBLEM_TRANSITIONS[verb].sources


def problem_actions(user, problem: Problem) -> list[str]:
    """The department takes the problem up (认领; its head 分办) and submits; the office verifies, returns, reopens."""
    if problem.notice.status != NoticeStatus.ISSUED:
        return []
    if manages(user, problem.notice):
        return [verb for verb in OFFICE_PROBLEM_ACTS if _allowed(verb, problem)]
    verbs = []
    if rectifies(user, problem) and _allowed("claim_problem", problem):
        verbs.append("claim_problem")
    if heads_problem(user, problem) and _allowed("assign_problem", problem):
        verbs.append("assign_problem")
    if answers_for(user, problem) and _allowed("submit_problem", problem):
        verbs.append("submit_problem")
    return verbs
