"""Page forms of the work acts: 催办, 分办, and the office's change of a matter's 应办结日期 with its decision.

They parse and check input only; the services decide what is allowed. Each form gets ids of its own (one page
holds a form per slip), and the people a head may choose from are handed in already loaded, so drawing the
select costs no query.
"""

from django import forms

from procuracy.text import SHORT_TEXT_MAX_LENGTH

from .forms import SMALL, BootstrapMixin, DateInput, PageFormMixin


class ReminderForm(PageFormMixin, BootstrapMixin, forms.Form):
    note = forms.CharField(
        label="催办内容",
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": "催办内容（可不填）", **SMALL}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AssignForm(PageFormMixin, BootstrapMixin, forms.Form):
    assignee = forms.TypedChoiceField(
        label="承办人", coerce=int, error_messages={"required": "请选择承办人", "invalid_choice": "请选择本部门的人员"}
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {person.pk: person for person in members}
        self.fields["assignee"].choices = [("", "请选择"), *((p.pk, p.full_name) for p in members)]
        self.fields["assignee"].widget.attrs["class"] = "form-select form-select-sm w-auto"
        self._style()

    def clean_assignee(self):
        return self.members[self.cleaned_data["assignee"]]


class DueDateChangeForm(PageFormMixin, BootstrapMixin, forms.Form):
    requested_due_date = forms.DateField(
        label="拟调整为", widget=DateInput(attrs=SMALL), error_messages={"required": "请填写拟调整的应办结日期"}
    )
    reason = forms.CharField(
        label="调整理由",
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.TextInput(attrs=SMALL),
        error_messages={"required": "请填写调整理由"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DueDateDecisionForm(PageFormMixin, BootstrapMixin, forms.Form):
    """批准/不批准 share one comment box; rejecting needs it."""

    text = forms.CharField(
        label="审批意见",
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": "审批意见（不批准时必填）", "aria-label": "审批意见", **SMALL}),
        error_messages={"required": "不批准时请填写审批意见"},
    )

    def __init__(self, *args, rejecting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = rejecting
        self._style()


def reminder_form(slip_id: int, *args):
    return ReminderForm(*args, auto_id=f"remind-{slip_id}-%s")


def assign_form(slip_id: int, *args, members=(), **kwargs):
    return AssignForm(*args, auto_id=f"assign-{slip_id}-%s", members=members, **kwargs)


def due_date_change_form(matter_id: int, *args):
    return DueDateChangeForm(*args, auto_id=f"due-date-{matter_id}-%s")


def due_date_decision_form(change_id: int, *args, rejecting: bool = False):
    return DueDateDecisionForm(*args, auto_id=f"due-date-decision-{change_id}-%s", rejecting=rejecting)
