"""Page forms of 谈话记录: the list's filters, the record (with people pickers), and a follow-up."""

from django import forms

from accounts.models import User
from accounts.roles import ADMINISTRATOR_ROLES

from .access import matters_visible_to
from .form_parts import IdsChoiceField, ListFilterMixin, small_inputs
from .forms import EMPTY_CHOICE, PICKER, SMALL, BootstrapMixin, DateInput, PageFormMixin
from .models import InterviewKind


class InterviewFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "谈话对象姓名或谈话事由"})
    )
    kind = forms.ChoiceField(label="谈话类别", required=False, choices=[("", "全部"), *InterviewKind.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


def people_of(user):
    """The active business people of the user's procuratorate, by department: who may be talked to or talk."""
    return (
        User.objects.filter(is_active=True, department__procuratorate_id=user.department.procuratorate_id)
        .exclude(groups__name__in=[role.value for role in ADMINISTRATOR_ROLES])
        .select_related("department")
        .order_by("department__sort_order", "id")
    )


def person_label(user) -> str:
    return f"{user.full_name}（{user.department}）"


class InterviewForm(PageFormMixin, BootstrapMixin, forms.Form):
    # The page's grid (templates/supervision/_form_fields.html): these take a whole row.
    wide_fields = ("reason", "record")

    kind = forms.ChoiceField(label="谈话类别", choices=[("", EMPTY_CHOICE), *InterviewKind.choices])
    held_on = forms.DateField(label="谈话日期", widget=DateInput())
    subjects = IdsChoiceField(
        label="谈话对象", queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 5, **PICKER})
    )
    interviewers = IdsChoiceField(
        label="谈话人", queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 5, **PICKER})
    )
    place = forms.CharField(label="谈话地点", required=False, max_length=100)
    matter = forms.ModelChoiceField(
        label="关联督察事项", required=False, queryset=None, help_text="可不选", empty_label="不关联"
    )
    reason = forms.CharField(label="谈话事由", widget=forms.Textarea(attrs={"rows": 3}))
    record = forms.CharField(label="谈话记录", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subjects", "interviewers"):
            self.fields[name].queryset = people_of(user)
            self.fields[name].label_from_instance = person_label
            self.fields[name].help_text = "可输入姓名或部门查找，可多选"
        self.fields["matter"].queryset = matters_visible_to(user).exclude(document_number="").order_by("-id")
        self.fields["matter"].label_from_instance = lambda m: f"{m.document_number} {m.title}"
        self._style()


class FollowUpForm(PageFormMixin, BootstrapMixin, forms.Form):
    text = forms.CharField(label="后续跟踪情况", widget=forms.Textarea(attrs={"rows": 3, **SMALL}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
