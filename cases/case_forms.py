"""Page forms of cases: the list's filters, the import's upload and the office's 延长办案期限."""

from django import forms

from supervision.form_parts import ListFilterMixin, departments_of, small_inputs
from supervision.forms import BootstrapMixin, PageFormMixin
from supervision.selectors import Colour

from .selectors import STATE_TABS

# An export of a year's cases is a few MB; anything far larger is not one.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class CaseFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "统一受案号、案件名称或承办检察官"}),
    )
    state = forms.ChoiceField(label="办理状态", required=False, choices=STATE_TABS)
    department = forms.ModelChoiceField(label="承办部门", required=False, queryset=None, empty_label="全部部门")
    case_type = forms.CharField(label="案件类别", required=False)
    stage = forms.CharField(label="诉讼阶段", required=False)
    colour = forms.ChoiceField(label="期限状态", required=False, choices=[("", "全部"), *Colour.CHOICES])

    def __init__(self, *args, procuratorate_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_of(procuratorate_id)
        self._style()
        small_inputs(self)


class CaseImportForm(PageFormMixin, BootstrapMixin, forms.Form):
    file = forms.FileField(label="导出文件", help_text="统一业务应用系统导出的 .xlsx 或 .csv（UTF-8 或 GB18030）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        self._style()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("文件过大：最大 20 MB，请分批导出")
        return upload


class ExtendLimitForm(PageFormMixin, BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label="延长理由",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "如：案情重大复杂，经检察长批准"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
