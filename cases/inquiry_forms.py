"""Forms of 过问案件记录: the record (逢问必录) and the list's filters. Choices carry their Chinese labels."""

import datetime

from django import forms

from procuracy.text import has_control_characters

from .models import InquirerCategory, InquiryManner, InquiryNature, ReturnStatus

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


def _clean_text(value: str) -> str:
    if has_control_characters(value or ""):
        raise forms.ValidationError("内容含有不可见的控制字符，请删除后重新输入")
    return (value or "").strip()


class CalendarDateField(forms.DateField):
    """A date the calendar can hold: year 0001 or 9999 is a field error, not a crash."""

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not (datetime.date(1900, 1, 1) <= day <= datetime.date(2999, 12, 31)):
            raise forms.ValidationError("请输入有效的日期")
        return day


class InquiryForm(forms.Form):
    case_number = forms.CharField(
        label="统一受案号", max_length=100, required=False, widget=forms.TextInput(attrs=_TEXT)
    )
    case_name = forms.CharField(label="案件名称", max_length=300, required=False, widget=forms.TextInput(attrs=_TEXT))
    category = forms.ChoiceField(label="过问人类别", choices=InquirerCategory.choices, widget=forms.RadioSelect)
    inquirer_name = forms.CharField(label="过问人姓名", max_length=50, widget=forms.TextInput(attrs=_TEXT))
    inquirer_position = forms.CharField(
        label="单位及职务", max_length=200, required=False, widget=forms.TextInput(attrs=_TEXT)
    )
    relation = forms.CharField(
        label="与案件或当事人的关系", max_length=200, required=False, widget=forms.TextInput(attrs=_TEXT)
    )
    nature = forms.ChoiceField(
        label="性质", choices=InquiryNature.choices, initial=InquiryNature.INQUIRY, widget=forms.RadioSelect
    )
    manner = forms.ChoiceField(label="方式", choices=InquiryManner.choices, widget=forms.Select(attrs=_SELECT))
    content = forms.CharField(label="过问内容", max_length=10000, widget=forms.Textarea(attrs={**_TEXT, "rows": 4}))
    occurred_on = CalendarDateField(label="过问日期", widget=forms.DateInput(attrs={**_TEXT, "type": "date"}))
    handling = forms.CharField(label="处理情况", max_length=10000, widget=forms.Textarea(attrs={**_TEXT, "rows": 3}))

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    data[name] = _clean_text(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data


class InquiryFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="过问人类别", required=False, choices=[("", "全部"), *InquirerCategory.choices],
        widget=forms.Select(attrs=_SELECT),
    )  # fmt: skip
    nature = forms.ChoiceField(
        label="性质", required=False, choices=[("", "全部"), *InquiryNature.choices], widget=forms.Select(attrs=_SELECT)
    )
    manner = forms.ChoiceField(
        label="方式", required=False, choices=[("", "全部"), *InquiryManner.choices], widget=forms.Select(attrs=_SELECT)
    )
    start = CalendarDateField(label="起", required=False, widget=forms.DateInput(attrs={**_TEXT, "type": "date"}))
    end = CalendarDateField(label="止", required=False, widget=forms.DateInput(attrs={**_TEXT, "type": "date"}))
    case = forms.CharField(label="统一受案号", required=False, max_length=100, widget=forms.TextInput(attrs=_TEXT))

    def clean_case(self):
        return _clean_text(self.cleaned_data.get("case", ""))


class ReturnFilterForm(forms.Form):
    period = CalendarDateField(label="月份", required=False, widget=forms.DateInput(attrs={**_TEXT, "type": "date"}))
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *ReturnStatus.choices], widget=forms.Select(attrs=_SELECT)
    )
    department = forms.IntegerField(label="部门", required=False, min_value=1, max_value=2**31 - 1)
