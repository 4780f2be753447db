"""Page forms of 列席会议: the list's search, the meeting itself, and an opinion raised there."""

from django import forms

from accounts.models import Department, User

from .form_parts import IdsChoiceField, ListFilterMixin, departments_of, small_inputs
from .forms import EMPTY_CHOICE, SMALL, BootstrapMixin, DateInput, PageFormMixin


def office_people(procuratorate_id: int):
    """Who may be recorded as attending: the active people of the procuratorate's supervision office."""
    return User.objects.filter(
        is_active=True,
        department__procuratorate_id=procuratorate_id,
        department__kind=Department.Kind.SUPERVISION_OFFICE,
    ).order_by("pk")


class MeetingFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "会议名称、会议情况或意见"})
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


class MeetingForm(PageFormMixin, BootstrapMixin, forms.Form):
    # The page's grid (templates/supervision/_form_fields.html): these take a whole row.
    wide_fields = ("meeting", "notes")
    narrow_column = "col-md-4"

    meeting = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(label="会议日期", widget=DateInput())
    organizer = forms.ModelChoiceField(label="会议组织部门", required=False, queryset=Department.objects.none())
    attendees = IdsChoiceField(
        label="列席人员",
        queryset=User.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4, "data-picker": "search"}),
    )
    notes = forms.CharField(label="会议情况", required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, procuratorate_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].queryset = departments_of(procuratorate_id)
        self.fields["organizer"].empty_label = "不填"
        self.fields["attendees"].queryset = office_people(procuratorate_id)
        self.fields["attendees"].label_from_instance = lambda u: u.full_name or u.username
        self._style()


class OpinionForm(PageFormMixin, BootstrapMixin, forms.Form):
    text = forms.CharField(label="意见内容", widget=forms.Textarea(attrs={"rows": 3, **SMALL}))
    department = forms.ModelChoiceField(
        label="相关部门",
        required=False,
        queryset=Department.objects.none(),
        help_text="指明部门的意见可转为督察建议书",
    )

    def __init__(self, *args, procuratorate_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_of(procuratorate_id)
        self.fields["department"].empty_label = EMPTY_CHOICE
        self._style()
