"""Page forms of 检务督察检查: the list's filters, the inspection, a finding, and the findings → notice action."""

from django import forms

from accounts.models import Department, User

from .access import matters_visible_to
from .form_parts import IdsChoiceField, ListFilterMixin, departments_of, small_inputs
from .forms import EMPTY_CHOICE, PICKER, SMALL, BootstrapMixin, DateInput, PageFormMixin
from .interview_forms import people_of, person_label
from .models import InspectionKind, ProblemCategory, ProblemSeverity, RectificationNotice


class InspectionFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "检查名称、范围或发现的问题"})
    )
    kind = forms.ChoiceField(label="检查方式", required=False, choices=[("", "全部"), *InspectionKind.choices])
    department = forms.ModelChoiceField(
        label="被检查部门", required=False, queryset=Department.objects.none(), empty_label="全部部门"
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_of(user.department.procuratorate_id)
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


class InspectionForm(PageFormMixin, BootstrapMixin, forms.Form):
    # The page's grid (templates/supervision/_form_fields.html): these take a whole row.
    wide_fields = ("title", "scope", "summary")

    title = forms.CharField(label="检查名称", max_length=200)
    kind = forms.ChoiceField(label="检查方式", choices=[("", EMPTY_CHOICE), *InspectionKind.choices])
    started_on = forms.DateField(label="检查日期", widget=DateInput())
    ended_on = forms.DateField(label="结束日期", required=False, widget=DateInput(), help_text="当天结束的可留空")
    departments = IdsChoiceField(
        label="被检查部门",
        required=False,
        queryset=Department.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5, **PICKER}),
    )
    inspectors = IdsChoiceField(
        label="检查人员", queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 5, **PICKER})
    )
    matter = forms.ModelChoiceField(
        label="关联督察事项", required=False, queryset=None, help_text="可不选", empty_label="不关联"
    )
    scope = forms.CharField(label="检查范围与内容", widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label="检查情况", required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments_of(user.department.procuratorate_id)
        self.fields["departments"].help_text = "可多选"
        self.fields["inspectors"].queryset = people_of(user)
        self.fields["inspectors"].label_from_instance = person_label
        self.fields["inspectors"].help_text = "可输入姓名或部门查找，可多选"
        self.fields["matter"].queryset = matters_visible_to(user).exclude(document_number="").order_by("-id")
        self.fields["matter"].label_from_instance = lambda m: f"{m.document_number} {m.title}"
        self._style()


class FindingForm(PageFormMixin, BootstrapMixin, forms.Form):
    description = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 2, **SMALL}))
    department = forms.ModelChoiceField(label="责任部门", queryset=Department.objects.none())
    category = forms.ModelChoiceField(label="问题类别", queryset=ProblemCategory.objects.none())
    severity = forms.ChoiceField(label="严重程度", choices=ProblemSeverity.choices, initial=ProblemSeverity.MINOR)
    is_violation = forms.BooleanField(label="属违规违纪", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_of(user.department.procuratorate_id)
        self.fields["category"].queryset = ProblemCategory.objects.filter(is_active=True)
        self._style()
        small_inputs(self)


class RaiseNoticeForm(PageFormMixin, BootstrapMixin, forms.Form):
    """The findings ticked in the table, and where they go: a new draft, or a draft of this inspection."""

    findings = forms.TypedMultipleChoiceField(
        label="发现的问题", coerce=int, choices=(), error_messages={"required": "请勾选要生成整改通知书的发现问题"}
    )
    notice = forms.ModelChoiceField(
        label="加入整改通知书", required=False, queryset=RectificationNotice.objects.none(), empty_label="新拟一份"
    )
    title = forms.CharField(label="整改通知书标题", required=False, max_length=200, help_text="留空则按检查名称拟定")

    def __init__(self, *args, inspection, open_findings, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].choices = [(f.pk, f.description[:30]) for f in open_findings]
        self.fields["notice"].queryset = drafts
        self.fields["notice"].label_from_instance = lambda n: f"{n.title}（{n.department.name}，草稿）"
        self._style()
        small_inputs(self)
