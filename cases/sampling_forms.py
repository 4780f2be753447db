"""Page forms of 回头看: a new draw (with its population previewed before drawing) and a redraw of a draw."""

from decimal import Decimal

from django import forms

from accounts.models import Department, User
from accounts.roles import BUSINESS_ROLES
from supervision.form_parts import IdsChoiceField, departments_of
from supervision.forms import EMPTY_CHOICE, PICKER, BootstrapMixin, DateInput, PageFormMixin

from .models import Case, Population
from .services.sampling import MAX_SEED


def reviewers_of(procuratorate_id: int):
    """Whom the office may name to review a sample: the procuratorate's active business people."""
    return (
        User.objects.filter(
            is_active=True,
            department__procuratorate_id=procuratorate_id,
            groups__name__in=[role.value for role in BUSINESS_ROLES],
        )
        .select_related("department")
        .order_by("department__sort_order", "pk")
        .distinct()
    )


def _person(user) -> str:
    return f"{user.full_name or user.username}（{user.department}）"


class ReviewersMixin:
    def _reviewers(self, procuratorate_id: int) -> None:
        field = self.fields["reviewers"]
        field.queryset = reviewers_of(procuratorate_id)
        field.label_from_instance = _person


def _reviewers_field() -> IdsChoiceField:
    return IdsChoiceField(
        label="评查人",
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5, **PICKER}),
        help_text="按现有评查任务数均衡分配，承办检察官不评查自己办理的案件",
    )


def _seed_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="随机种子",
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        help_text="不填则由系统随机生成并记录；填写原种子可复现同一抽取",
    )


class DrawForm(ReviewersMixin, PageFormMixin, BootstrapMixin, forms.Form):
    wide_fields = ("title", "reviewers")

    title = forms.CharField(label="抽查名称", max_length=200)
    population = forms.ChoiceField(label="抽查范围", choices=[("", EMPTY_CHOICE), *Population.choices])
    period_from = forms.DateField(label="起始日期", widget=DateInput(), help_text="办结日期或评定日期，含当日")
    period_to = forms.DateField(label="截止日期", widget=DateInput())
    departments = IdsChoiceField(
        label="承办部门",
        required=False,
        queryset=Department.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4, **PICKER}),
        help_text="不选为全院",
    )
    case_types = forms.MultipleChoiceField(
        label="案件类别",
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 4, **PICKER}),
        help_text="不选为全部类别",
    )
    share = forms.DecimalField(
        label="抽查比例（%）", min_value=Decimal("0.01"), max_value=100, decimal_places=2, max_digits=5, initial=30
    )
    stratified = forms.BooleanField(label="按部门分层抽取", required=False, help_text="每个部门各按比例抽取，向上取整")
    reviewers = _reviewers_field()
    review_due_on = forms.DateField(label="评查期限", required=False, widget=DateInput())
    seed = _seed_field()

    def __init__(self, *args, procuratorate_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = departments_of(procuratorate_id)
        types = (
            Case.objects.filter(procuratorate_id=procuratorate_id)
            .exclude(case_type="")
            .order_by("case_type")
            .values_list("case_type", flat=True)
            .distinct()
        )
        self.fields["case_types"].choices = [(t, t) for t in types]
        self._reviewers(procuratorate_id)
        self._style()


class RedrawForm(ReviewersMixin, PageFormMixin, BootstrapMixin, forms.Form):
    """重新抽取: the same population definition, a new seed unless one is given, and the reason, required."""

    reason = forms.CharField(label="重新抽取理由", widget=forms.Textarea(attrs={"rows": 3}))
    reviewers = _reviewers_field()
    review_due_on = forms.DateField(label="评查期限", required=False, widget=DateInput())
    seed = _seed_field()

    def __init__(self, *args, procuratorate_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._reviewers(procuratorate_id)
        self._style()
