"""What ``_instructions.html`` shows on a report's or matter's page: the subject's 批示 (and, on a matter made
from one, the instruction it came from), the leader's 批示 form and the office's 转立项 links.

Only the office and the leadership of the subject's procuratorate see instructions; for them it is one query
(the instructions with their authors and matters joined), for anyone else none. A form that failed is shown again on
its own page (``views/instructions.py``), with its input.
"""

from dataclasses import dataclass, field

from django import template
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from ..access import procuratorate_of
from ..access_instructions import converts, instructs, sees_instructions
from ..instruction_forms import instruction_form
from ..models import Instruction, MonthlyReport
from ..report_acts import SUBMITTED

register = template.Library()


@dataclass
class Panel:
    visible: bool = False
    rows: list = field(default_factory=list)
    # On a matter made from an instruction: that instruction (来源批示).
    source: Instruction | None = None
    form: object = None
    post_url: str = ""
    can_convert: bool = False


def report_url(report_id: int) -> str:
    """The report's page (helper pages may not be routed yet: then the list of its instructions)."""
    try:
        return reverse("supervision:report_detail", args=[report_id])
    except NoReverseMatch:
        return reverse("supervision:instruction_list") + f"?report={report_id}"


@register.filter
def subject_url(instruction: Instruction) -> str:
    if instruction.report_id:
        return report_url(instruction.report_id)
    return reverse("supervision:matter_detail", args=[instruction.matter_id])


def _rows(subject) -> tuple[list[Instruction], Instruction | None]:
    """The instructions on ``subject`` oldest first, and for a matter the one it was made from: one query."""
    if isinstance(subject, MonthlyReport):
        on = Q(report=subject)
    else:
        on = Q(matter=subject) | Q(resulting_matter=subject)
    rows = list(
        Instruction.objects.filter(on)
        .select_related("author", "converted_by", "resulting_matter", "report", "matter")
        .order_by("created_at", "id")
    )
    if isinstance(subject, MonthlyReport):
        return rows, None
    source = next((i for i in rows if i.resulting_matter_id == subject.pk), None)
    return [i for i in rows if i.matter_id == subject.pk], source


@register.simple_tag(takes_context=True)
def instruction_panel(context, subject) -> Panel:
    request = context["request"]
    user = request.user
    if not sees_instructions(user) or procuratorate_of(user) != subject.procuratorate_id:
        return Panel()
    rows, source = _rows(subject)
    panel = Panel(visible=True, rows=rows, source=source, can_convert=converts(user, subject.procuratorate_id))
    open_to_instruct = not isinstance(subject, MonthlyReport) or subject.status in SUBMITTED
    if instructs(user, subject.procuratorate_id) and open_to_instruct:
        panel.form = instruction_form(subject)
        kind = "report" if isinstance(subject, MonthlyReport) else "matter"
        panel.post_url = reverse(f"supervision:instruct_{kind}", args=[subject.pk])
    # The office is not shown an empty card on every matter: only where there is a 批示, or one can be written.
    panel.visible = bool(panel.rows or panel.source or panel.form)
    return panel
