"""Page forms of 检风检纪: the list's filters, the case as registered, a step, the reassignment and 结案."""

from django import forms

from accounts.models import User
from accounts.roles import ADMINISTRATOR_ROLES, Role

from .form_parts import IdsChoiceField, ListFilterMixin, small_inputs
from .forms import EMPTY_CHOICE, PICKER, SMALL, BootstrapMixin, DateInput, PageFormMixin
from .models import Accountability, ConductCaseStatus, ConductSource

CONDUCT_TABS = [("", "全部"), *ConductCaseStatus.choices]


def _people(procuratorate_id):
    """Who a case may be about: the procuratorate's active staff, the three administrators aside."""
    return (
        User.objects.filter(is_active=True, department__procuratorate_id=procuratorate_id)
        .exclude(groups__name__in=[role.value for role in ADMINISTRATOR_ROLES])
        .select_related("department")
        .order_by("department__sort_order", "pk")
        .distinct()
    )


def _investigators(procuratorate_id):
    return (
        User.objects.filter(
            is_active=True,
            department__procuratorate_id=procuratorate_id,
            groups__name__in=[Role.INSPECTOR.value, Role.DIRECTOR.value],
        )
        .select_related("department")
        .order_by("pk")
        .distinct()
    )


def _person(user) -> str:
    return f"{user.full_name or user.username}（{user.department}）"


class ConductFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "案件名称、反映问题或调查对象"})
    )
    status = forms.ChoiceField(label="状态", required=False, choices=CONDUCT_TABS)
    source = forms.ChoiceField(label="案件来源", required=False, choices=[("", "全部来源"), *ConductSource.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


class ConductCaseForm(PageFormMixin, BootstrapMixin, forms.Form):
    """The case as registered: about whom, from where, what is alleged; at opening also who investigates."""

    # The page's grid (templates/supervision/_form_fields.html): these take a whole row.
    wide_fields = ("title", "allegation")

    title = forms.CharField(label="案件名称", max_length=200)
    source = forms.ChoiceField(label="案件来源", choices=[("", EMPTY_CHOICE), *ConductSource.choices])
    opened_on = forms.DateField(label="立案日期", widget=DateInput())
    subjects = IdsChoiceField(
        label="调查对象",
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 5, **PICKER}),
        help_text="可输入姓名或部门查找，可多选",
    )
    investigators = IdsChoiceField(
        label="承办督察员",
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4, **PICKER}),
        help_text="本院督察员或检务督察办公室主任，调查对象不能担任",
    )
    allegation = forms.CharField(label="反映问题", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        procuratorate_id = user.department.procuratorate_id
        self.fields["subjects"].queryset = _people(procuratorate_id)
        self.fields["subjects"].label_from_instance = _person
        if editing:
            # The director reassigns on the case's page; editing keeps who investigates.
            del self.fields["investigators"]
        else:
            self.fields["investigators"].queryset = _investigators(procuratorate_id)
            self.fields["investigators"].label_from_instance = _person
        self._style()


class StepForm(PageFormMixin, BootstrapMixin, forms.Form):
    happened_on = forms.DateField(label="日期", widget=DateInput(attrs=SMALL))
    description = forms.CharField(
        label="调查情况",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "谈话、调取材料、核查等情况", **SMALL}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ReassignForm(PageFormMixin, BootstrapMixin, forms.Form):
    investigators = IdsChoiceField(
        label="承办督察员", queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 4, **PICKER})
    )

    def __init__(self, *args, procuratorate_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investigators"].queryset = _investigators(procuratorate_id)
        self.fields["investigators"].label_from_instance = _person
        self._style()


class ConcludeCaseForm(PageFormMixin, BootstrapMixin, forms.Form):
    conclusion = forms.CharField(label="调查结论", widget=forms.Textarea(attrs={"rows": 4, **SMALL}))
    accountability = forms.ChoiceField(label="处理结果", choices=[("", EMPTY_CHOICE), *Accountability.choices])
    accountability_detail = forms.CharField(
        label="处理情况说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **SMALL}),
        help_text="处理结果为“其他处理”的，须说明",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
