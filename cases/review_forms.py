"""Page forms of 案件质量评查: the ledger's filters, opening a review, the reviewers, and the score sheet with its
findings (a formset of problem lines)."""

import re
from datetime import date

from django import forms

from accounts.models import User
from accounts.roles import BUSINESS_ROLES
from supervision.form_parts import IdsChoiceField, ListFilterMixin, departments_of, small_inputs
from supervision.forms import EMPTY_CHOICE, PICKER, SMALL, BootstrapMixin, DateInput, PageFormMixin
from supervision.models import ProblemCategory, ProblemSeverity
from supervision.notice_forms import ProblemLines

from .access_cases import cases_visible_to
from .models import Grade, ReviewKind, ReviewStatus
from .review_summary import Quarter

REVIEW_TABS = [("", "全部"), *ReviewStatus.choices]
# A review raises at most this many problems from the page: more is a paste gone wrong.
MAX_FINDINGS = 50
QUARTER_PATTERN = re.compile(r"^(20\d\d)Q([1-4])$")


def reviewer_choices(procuratorate_id: int, *, handler_id: int | None = None):
    """Who may review: the procuratorate's active business people, the case's handler left out when known."""
    people = (
        User.objects.filter(
            is_active=True,
            department__procuratorate_id=procuratorate_id,
            groups__name__in=[role.value for role in BUSINESS_ROLES],
        )
        .select_related("department")
        .order_by("department__sort_order", "pk")
        .distinct()
    )
    return people.exclude(pk=handler_id) if handler_id else people


def person_label(user) -> str:
    return f"{user.full_name or user.username}（{user.department}）"


class QuarterField(forms.CharField):
    """A quarter typed as 2026Q1: the summary's and the ledger's period."""

    default_error_messages = {"invalid": "季度格式为“2026Q1”"}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = QUARTER_PATTERN.match(value.strip().upper())
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return Quarter(int(match[1]), int(match[2]))


class ReviewFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "案件名称、受案号或承办检察官"})
    )
    status = forms.ChoiceField(label="状态", required=False, choices=REVIEW_TABS)
    kind = forms.ChoiceField(label="评查类型", required=False, choices=[("", "全部类型"), *ReviewKind.choices])
    grade = forms.ChoiceField(label="评定等次", required=False, choices=())
    department = forms.ModelChoiceField(label="承办部门", required=False, queryset=None, empty_label="全部部门")
    quarter = QuarterField(label="季度", required=False, max_length=6)
    date_from = forms.DateField(label="发起日期自", required=False, widget=DateInput())
    date_to = forms.DateField(label="至", required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        procuratorate_id = user.department.procuratorate_id if user.department_id else None
        self.fields["department"].queryset = departments_of(procuratorate_id)
        # Grades by name: a 合格 of an older scale and of the current one are the same grade to a reader.
        names = Grade.objects.order_by("scale__effective_from", "sort_order").values_list("name", flat=True)
        self.fields["grade"].choices = [("", "全部等次"), *((n, n) for n in dict.fromkeys(names))]
        self.fields["quarter"].widget.attrs["placeholder"] = "如 2026Q1"
        self._style()
        small_inputs(self)


class ReviewForm(PageFormMixin, BootstrapMixin, forms.Form):
    """Opening a review: which case, what kind, who reviews (never the handler), by when."""

    case = forms.ModelChoiceField(label="被评查案件", queryset=None, widget=forms.Select(attrs=PICKER))
    kind = forms.ChoiceField(label="评查类型", choices=[("", EMPTY_CHOICE), *ReviewKind.choices])
    reviewers = IdsChoiceField(
        label="评查人",
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5, **PICKER}),
        help_text="可多选；案件的承办检察官不能评查本案，可选其他部门人员交叉评查",
    )
    due_on = forms.DateField(label="评查期限", required=False, widget=DateInput())

    def __init__(self, *args, user, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        procuratorate_id = user.department.procuratorate_id
        self.fields["case"].queryset = cases_visible_to(user).select_related("department").order_by("-id")
        self.fields["case"].label_from_instance = lambda c: f"{c.number} {c.name}（{c.handled_by or '承办人不详'}）"
        self.fields["reviewers"].queryset = reviewer_choices(
            procuratorate_id, handler_id=case.prosecutor_id if case else None
        )
        self.fields["reviewers"].label_from_instance = person_label
        self._style()


class ReassignForm(PageFormMixin, BootstrapMixin, forms.Form):
    reviewers = IdsChoiceField(
        label="评查人", queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 5, **PICKER})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # The handler is not offered; on a post they stay choosable, so choosing them is refused by name.
        handler_id = None if self.is_bound else case.prosecutor_id
        self.fields["reviewers"].queryset = reviewer_choices(case.procuratorate_id, handler_id=handler_id)
        self.fields["reviewers"].label_from_instance = person_label
        self._style()


class GradeForm(PageFormMixin, BootstrapMixin, forms.Form):
    """The score sheet: a score and a finding per active dimension, the grade (empty: the one the total earns)
    and the conclusion. ``rows`` pairs each dimension with its two fields, for the template's table."""

    grade = forms.ModelChoiceField(label="评定等次", required=False, queryset=Grade.objects.none())
    conclusion = forms.CharField(label="评查意见", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, dimensions, grades, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        for dimension in self.dimensions:
            self.fields[f"score_{dimension.pk}"] = forms.DecimalField(
                label=f"{dimension.name}得分",
                min_value=0,
                max_value=dimension.max_score,
                max_digits=5,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": str(dimension.max_score), **SMALL}),
            )
            self.fields[f"finding_{dimension.pk}"] = forms.CharField(
                label=f"{dimension.name}评查发现",
                required=False,
                widget=forms.Textarea(attrs={"rows": 1, **SMALL}),
            )
        self.fields["grade"].queryset = grades
        self.fields["grade"].empty_label = "按总分自动评定"
        self.fields["grade"].help_text = "不选则按施行中的评定等次标准，由总分确定"
        self._style()

    def rows(self):
        return [(d, self[f"score_{d.pk}"], self[f"finding_{d.pk}"]) for d in self.dimensions]

    def scores(self) -> dict:
        data = self.cleaned_data
        return {d.pk: (data[f"score_{d.pk}"], data.get(f"finding_{d.pk}", "")) for d in self.dimensions}


class FindingForm(PageFormMixin, BootstrapMixin, forms.Form):
    """One problem the review found; an untouched empty row is skipped (``empty_permitted``)."""

    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 2, **SMALL}))
    category = forms.ModelChoiceField(label="问题类别", queryset=ProblemCategory.objects.filter(is_active=True))
    severity = forms.ChoiceField(label="严重程度", choices=ProblemSeverity.choices, initial=ProblemSeverity.MINOR)
    basis = forms.CharField(label="依据", required=False, widget=forms.TextInput(attrs=SMALL))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        small_inputs(self)

    def has_changed(self) -> bool:
        # The severity select always carries a value: a row is typed into only when its text or category is.
        return any(name in self.changed_data for name in ("description", "category", "basis"))


# A review may find nothing: no rows is a valid answer, unlike a notice's problem list.
FindingFormSet = forms.formset_factory(
    FindingForm,
    formset=ProblemLines,
    extra=0,
    can_delete=True,
    max_num=MAX_FINDINGS,
    validate_max=True,
    absolute_max=MAX_FINDINGS,
)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)
