"""Page forms of rectification: the problem list's filters and each act on a problem's page."""

from django import forms

from accounts.models import Department, User
from procuracy.text import SHORT_TEXT_MAX_LENGTH

from .access import notices_visible_to, sees_whole_procuratorate
from .form_parts import ListFilterMixin
from .forms import SMALL, BootstrapMixin, DateInput, MultipleFileField, PageFormMixin
from .models import NoticeSource, ProblemCategory, ProblemStatus
from .selectors import Colour

# The list's tabs: every problem, the ones still open, then one per status.
PROBLEM_TABS = [("", "全部"), ("open_all", "未销号"), *ProblemStatus.choices]


class ProblemFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "问题描述、依据或通知书文号"})
    )
    status = forms.ChoiceField(label="状态", required=False, choices=PROBLEM_TABS)
    department = forms.ModelChoiceField(
        label="责任部门", required=False, queryset=Department.objects.none(), empty_label="全部部门"
    )
    category = forms.ModelChoiceField(
        label="问题类别", required=False, queryset=ProblemCategory.objects.all(), empty_label="全部类别"
    )
    colour = forms.ChoiceField(label="期限", required=False, choices=[("", "全部"), *Colour.CHOICES])
    notice = forms.ModelChoiceField(label="整改通知书", required=False, queryset=None, empty_label="全部通知书")
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源"), *NoticeSource.choices])
    issued_from = forms.DateField(label="下发日期自", required=False, widget=DateInput())
    issued_to = forms.DateField(label="至", required=False, widget=DateInput())
    # 销号 in a period: the dashboard's trend links here with a month.
    verified_from = forms.DateField(label="销号日期自", required=False, widget=DateInput())
    verified_to = forms.DateField(label="至", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the office chooses a department: a department's people see their own problems only.
        self.chooses_department = sees_whole_procuratorate(user) and user.department_id is not None
        if self.chooses_department:
            self.fields["department"].queryset = Department.objects.filter(
                procuratorate_id=user.department.procuratorate_id
            ).order_by("sort_order", "id")
        else:
            del self.fields["department"]
        self.fields["notice"].queryset = notices_visible_to(user).exclude(document_number="").order_by("-id")
        self.fields["notice"].label_from_instance = lambda n: n.document_number
        self._style()
        for field in self.fields.values():
            css = field.widget.attrs["class"]
            field.widget.attrs["class"] = css + (" form-select-sm" if "select" in css else " form-control-sm")

    def clean(self):
        data = super().clean()
        for first, last in (("issued_from", "issued_to"), ("verified_from", "verified_to")):
            start, end = data.get(first), data.get(last)
            if start and end and start > end:
                self.add_error(last, "结束日期不能早于开始日期")
        return data


class _ProblemActForm(PageFormMixin, BootstrapMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AssignProblemForm(_ProblemActForm):
    assignee = forms.ModelChoiceField(label="整改责任人", queryset=User.objects.none())

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["assignee"].queryset = members
        self.fields["assignee"].label_from_instance = lambda u: u.full_name or u.username


class SubmitProblemForm(_ProblemActForm):
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3, **SMALL}))
    attachments = MultipleFileField(
        label="整改材料",
        required=False,
        help_text="可多选；限 pdf、ofd、doc、docx、xls、xlsx、jpg、png、zip，单个不超过 20 MB",
    )


class VerifyProblemForm(_ProblemActForm):
    comment = forms.CharField(
        label="销号意见",
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "可不填", **SMALL}),
    )


class ReturnProblemForm(_ProblemActForm):
    reason = forms.CharField(
        label="退回理由", max_length=SHORT_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2, **SMALL})
    )
    new_deadline = forms.DateField(label="重新整改期限", widget=DateInput(attrs=SMALL))


class ReopenProblemForm(_ProblemActForm):
    reason = forms.CharField(
        label="复发情况", max_length=SHORT_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2, **SMALL})
    )
    new_deadline = forms.DateField(
        label="整改期限", required=False, widget=DateInput(attrs=SMALL), help_text="不填则自今日起10个工作日"
    )


ACT_FORMS = {
    "assign": AssignProblemForm,
    "submit": SubmitProblemForm,
    "verify": VerifyProblemForm,
    "return": ReturnProblemForm,
    "reopen": ReopenProblemForm,
}
