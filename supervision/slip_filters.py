"""The slip list's filters: what the user typed becomes ``SlipFilters``; bad input is a message beside its field."""

from django import forms

from accounts.models import Department

from .access import sees_whole_procuratorate
from .forms import BootstrapMixin, DateInput, PageFormMixin
from .selectors import SLIP_SORT_LABELS, SLIP_TABS, Colour, SlipFilters


class SlipFilterForm(PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "文号、事项名称或督办要求"})
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[(k, v) for k, v in SLIP_TABS])
    department = forms.ModelChoiceField(
        label="承办部门", required=False, queryset=Department.objects.none(), empty_label="全部部门"
    )
    colour = forms.ChoiceField(label="期限", required=False, choices=[("", "全部"), *Colour.CHOICES])
    issued_from = forms.DateField(label="下发日期自", required=False, widget=DateInput())
    issued_to = forms.DateField(label="下发日期至", required=False, widget=DateInput())
    mine = forms.BooleanField(label="分办给我的", required=False)
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SLIP_SORT_LABELS.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the office chooses a department: a department's people see their own slips only.
        self.chooses_department = sees_whole_procuratorate(user) and user.department_id is not None
        if self.chooses_department:
            self.fields["department"].queryset = Department.objects.filter(
                procuratorate_id=user.department.procuratorate_id
            ).order_by("sort_order", "id")
        else:
            del self.fields["department"]
        self._style()
        for name, field in self.fields.items():
            css = field.widget.attrs["class"]
            if name != "mine":
                field.widget.attrs["class"] = css + (" form-select-sm" if "select" in css else " form-control-sm")

    def clean(self):
        data = super().clean()
        if data.get("issued_from") and data.get("issued_to") and data["issued_from"] > data["issued_to"]:
            self.add_error("issued_to", "结束日期不能早于开始日期")
        return data

    def filters(self) -> SlipFilters:
        """The filters of the valid fields: a bad field is ignored (its message shows), the others still apply."""
        if not self.is_bound:
            return SlipFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        department = data.get("department")
        return SlipFilters(
            status=data.get("status") or "",
            department=department.pk if department else None,
            colour=data.get("colour") or "",
            text=(data.get("q") or "").strip(),
            issued_from=data.get("issued_from"),
            issued_to=data.get("issued_to"),
            mine=bool(data.get("mine")),
            sort=data.get("sort") or "deadline",
        )
