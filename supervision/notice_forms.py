"""Page forms of 整改通知书: the list's filters, the draft with its problem list (a formset of lines)."""

from django import forms

from accounts.models import Department

from .access import matters_visible_to, sees_whole_procuratorate
from .form_parts import ListFilterMixin, departments_of, small_inputs
from .forms import EMPTY_CHOICE, SMALL, BootstrapMixin, DateInput, PageFormMixin
from .models import NoticeSource, NoticeStatus, ProblemCategory, ProblemSeverity

# The list's tabs: every notice, then one per status (a department never sees a draft).
NOTICE_TABS = [("", "全部"), *NoticeStatus.choices]
# A notice carries at most this many problem lines from the page: more is a paste gone wrong, not a notice.
MAX_PROBLEM_LINES = 50


class NoticeFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "标题或文号"}))
    status = forms.ChoiceField(label="状态", required=False, choices=NOTICE_TABS)
    department = forms.ModelChoiceField(
        label="主送部门", required=False, queryset=Department.objects.none(), empty_label="全部部门"
    )
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源"), *NoticeSource.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A department sees only the notices that concern it: no department to choose.
        self.chooses_department = sees_whole_procuratorate(user) and user.department_id is not None
        if self.chooses_department:
            self.fields["department"].queryset = departments_of(user.department.procuratorate_id)
        else:
            del self.fields["department"]
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


class NoticeForm(PageFormMixin, BootstrapMixin, forms.Form):
    """The draft's head: to whom (主送), where the problems were found, on what basis."""

    title = forms.CharField(label="标题", max_length=200)
    department = forms.ModelChoiceField(label="主送部门", queryset=Department.objects.none())
    source = forms.ChoiceField(label="来源", choices=NoticeSource.choices, initial=NoticeSource.STANDALONE)
    matter = forms.ModelChoiceField(
        label="督察事项", required=False, queryset=None, help_text="来源为督察事项时必选", empty_label="不关联"
    )
    basis = forms.CharField(label="督察依据与情况", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_of(user.department.procuratorate_id)
        self.fields["department"].empty_label = EMPTY_CHOICE
        self.fields["matter"].queryset = matters_visible_to(user).exclude(document_number="").order_by("-id")
        self.fields["matter"].label_from_instance = lambda m: f"{m.document_number} {m.title}"
        self.fields["matter"].widget.attrs["data-picker"] = "search"
        self._style()


class ProblemLineForm(PageFormMixin, BootstrapMixin, forms.Form):
    """One row of the problem list; an untouched empty row is skipped (``empty_permitted``)."""

    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 2, **SMALL}))
    category = forms.ModelChoiceField(label="问题类别", queryset=ProblemCategory.objects.filter(is_active=True))
    basis = forms.CharField(label="依据", required=False, widget=forms.TextInput(attrs=SMALL))
    department = forms.ModelChoiceField(
        label="责任部门",
        required=False,
        queryset=Department.objects.none(),
        empty_label="同主送部门",
    )
    deadline = forms.DateField(
        label="整改期限", required=False, widget=DateInput(attrs=SMALL), help_text="不填则制发之日起10个工作日"
    )
    severity = forms.ChoiceField(label="严重程度", choices=ProblemSeverity.choices, initial=ProblemSeverity.MINOR)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_of(user.department.procuratorate_id)
        # PageFormMixin renames the empty choice 请选择; here empty means "the notice's own department".
        self.fields["department"].empty_label = "同主送部门"
        self._style()
        small_inputs(self)

    def has_changed(self) -> bool:
        # The severity select always carries a value: a row is "typed into" only when its text or choices are.
        return any(name in self.changed_data for name in ("description", "category", "basis", "department", "deadline"))


class ProblemLines(forms.BaseFormSet):
    """Rows of problems typed on a page (a notice's list, a review's findings): 删除 per row, the kept rows' data."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "删除"
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def lines(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class _ProblemLines(ProblemLines):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.lines():
            raise forms.ValidationError("请至少填写一个问题", code="no_problems")


ProblemLineFormSet = forms.formset_factory(
    ProblemLineForm,
    formset=_ProblemLines,
    extra=0,
    can_delete=True,
    max_num=MAX_PROBLEM_LINES,
    validate_max=True,
    absolute_max=MAX_PROBLEM_LINES,
)


def problem_lines(data=None, *, user, initial=None, extra: int = 0):
    """The problem list editor: the posted rows, or ``initial`` rows plus ``extra`` empty ones."""
    formset = ProblemLineFormSet(data, prefix="problems", initial=initial, form_kwargs={"user": user})
    if data is None and extra:
        formset.extra = extra
    return formset
