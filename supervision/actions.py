"""The acts a user may perform on an object right now: allowed by its state AND by the user's role and scope.

Pages show exactly these buttons and the API lists them, so the two never disagree. Verbs are the keys of
``transitions.py`` (the API spells them as its URL verbs, see ``supervision/api/serializers.py``).

No queries: the objects come from the selectors with what is needed already loaded (a slip's matter, a
feedback's slip), and the user's roles and department are cached on the user for the request. What the
services check beyond state and role (every slip accepted before concluding, dates) is left to them, so the
button is there and the refusal explains itself.
"""

from .access import approves, heads, manages, responds_for
from .models import DueDateChange, ExtensionRequest, Feedback, Matter, Slip
from .transitions import DIRECTOR_ONLY_MATTER_ACTS, MATTER_TRANSITIONS, SLIP_TRANSITIONS

SLIP_RESPONSES = ("acknowledge", "submit_feedback", "request_extension")
FEEDBACK_REVIEWS = ("accept_feedback", "return_feedback")
EXTENSION_DECISIONS = ("approve", "reject")
DUE_DATE_DECISIONS = ("approve", "reject")


def matter_actions(user, matter: Matter) -> list[str]:
    if not manages(user, matter):
        return []
    director = approves(user, matter)
    verbs = [
        verb
        for verb, transition in MATTER_TRANSITIONS.items()
        if matter.status in transition.sources and (director or verb not in DIRECTOR_ONLY_MATTER_ACTS)
    ]
    if "request_due_date_change" in verbs and _has_pending_due_date_change(matter):
        verbs.remove("request_due_date_change")  # the service refuses a second pending request
    return verbs


def _has_pending_due_date_change(matter: Matter) -> bool:
    """Whether the matter waits on a due-date decision, when its requests were loaded; False when not."""
    prefetched = getattr(matter, "_prefetched_objects_cache", {}).get("due_date_changes")
    if prefetched is not None:
        return any(c.decision == DueDateChange.Decision.PENDING for c in prefetched)
    return False


def _has_pending_extension(slip: Slip) -> bool:
    """Whether the slip waits on an extension decision, when the selector loaded that; False when it did not."""
    if hasattr(slip, "pending_extension"):  # the slip lists annotate it (an EXISTS)
        return bool(slip.pending_extension)
    prefetched = getattr(slip, "_prefetched_objects_cache", {}).get("extension_requests")
    if prefetched is not None:
        return any(r.decision == ExtensionRequest.Decision.PENDING for r in prefetched)
    return False


def slip_actions(user, slip: Slip) -> list[str]:
    """The department answers (签收, 反馈, 申请延期), its head hands the slip on (分办), the office presses 催办."""
    if manages(user, slip.matter):
        return ["remind"] if slip.status in SLIP_TRANSITIONS["remind"].sources else []
    if not responds_for(user, slip):
        return []
    verbs = [verb for verb in SLIP_RESPONSES if slip.status in SLIP_TRANSITIONS[verb].sources]
    if "request_extension" in verbs and _has_pending_extension(slip):
        # The service refuses a second pending request; no button for it.
        verbs.remove("request_extension")
    if heads(user, slip) and slip.status in SLIP_TRANSITIONS["assign_slip"].sources:
        verbs.append("assign_slip")
    return verbs


def feedback_actions(user, feedback: Feedback) -> list[str]:
    slip = feedback.slip
    if feedback.review != Feedback.Review.PENDING or not manages(user, slip.matter):
        return []
    return [verb for verb in FEEDBACK_REVIEWS if slip.status in SLIP_TRANSITIONS[verb].sources]


def extension_actions(user, request: ExtensionRequest) -> list[str]:
    if request.decision != ExtensionRequest.Decision.PENDING or not approves(user, request.slip.matter):
        return []
    return list(EXTENSION_DECISIONS)


def due_date_change_actions(user, change: DueDateChange) -> list[str]:
    if change.decision != DueDateChange.Decision.PENDING or not approves(user, change.matter):
        return []
    return list(DUE_DATE_DECISIONS)
