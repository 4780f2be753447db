"""Page forms of 督察建议书: the list's filters, the draft, and the department's reply."""

from django import forms

from accounts.models import Department

from .access import matters_visible_to
from .access_recommendations import sees_office_records
from .form_parts import ListFilterMixin, departments_of, small_inputs
from .forms import EMPTY_CHOICE, SMALL, BootstrapMixin, PageFormMixin
from .models import Adoption, RecommendationStatus

# The list's tabs: every recommendation, then one per status.
RECOMMENDATION_TABS = [("", "全部"), *RecommendationStatus.choices]


class RecommendationFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "标题、文号或建议内容"})
    )
    status = forms.ChoiceField(label="状态", required=False, choices=RECOMMENDATION_TABS)
    department = forms.ModelChoiceField(
        label="主送部门", required=False, queryset=Department.objects.none(), empty_label="全部部门"
    )
    adoption = forms.ChoiceField(label="采纳情况", required=False, choices=[("", "全部"), *Adoption.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A department's people see their own department's recommendations only: no department to choose.
        self.chooses_department = sees_office_records(user)
        if self.chooses_department:
            self.fields["department"].queryset = departments_of(user.department.procuratorate_id)
        else:
            del self.fields["department"]
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


class RecommendationForm(PageFormMixin, BootstrapMixin, forms.Form):
    """A draft: to whom, what the office found, what it recommends."""

    # The page's grid (templates/supervision/_form_fields.html): these take a whole row.
    wide_fields = ("title", "findings", "content")

    title = forms.CharField(label="标题", max_length=200)
    department = forms.ModelChoiceField(label="主送部门", queryset=Department.objects.none())
    matter = forms.ModelChoiceField(
        label="关联督察事项", required=False, queryset=None, help_text="可不选", empty_label="不关联"
    )
    findings = forms.CharField(label="督察发现的问题", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    content = forms.CharField(label="督察建议", widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_of(user.department.procuratorate_id)
        self.fields["department"].empty_label = EMPTY_CHOICE
        self.fields["matter"].queryset = matters_visible_to(user).exclude(document_number="").order_by("-id")
        self.fields["matter"].label_from_instance = lambda m: f"{m.document_number} {m.title}"
        self._style()


class ReplyForm(PageFormMixin, BootstrapMixin, forms.Form):
    reply = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 4, **SMALL}))
    adoption = forms.ChoiceField(label="采纳情况", choices=[("", EMPTY_CHOICE), *Adoption.choices])
    adoption_reason = forms.CharField(
        label="理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, **SMALL}),
        help_text="采纳的可不填",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
