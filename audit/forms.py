from django import forms

from procuracy.dates import bound_dates
from procuracy.text import SafeTextFormMixin

from .labels import ACTION_LABELS


class EntrySearchForm(SafeTextFormMixin, forms.Form):
    text = forms.CharField(
        label="关键词",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "操作人、对象、请求编号或 IP"}),
    )
    action = forms.ChoiceField(label="操作", required=False)
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The search ends at the day after its last date: from 9999-12-31 that day does not exist (a 500).
        bound_dates(self.fields)
        self.fields["action"].choices = [("", "全部操作")] + sorted(ACTION_LABELS.items(), key=lambda kv: kv[1])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["action"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "截止日期不能早于起始日期。")
        return data
