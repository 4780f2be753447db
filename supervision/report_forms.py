"""Page forms of 检务督察专报: the list's filters and a draft's four narrative sections."""

from django import forms

from .form_parts import ListFilterMixin, small_inputs
from .forms import BootstrapMixin, PageFormMixin
from .models import MonthlyReportStatus


class ReportFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *MonthlyReportStatus.choices])

    def __init__(self, *args, office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the office sees drafts: the leadership has no status worth choosing.
        if not office:
            del self.fields["status"]
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


class ReportSectionsForm(PageFormMixin, BootstrapMixin, forms.Form):
    """The four narrative sections the office writes around the frozen figures."""

    # The page's grid (templates/supervision/_form_fields.html): every section takes a whole row.
    wide_fields = ("work_overview", "progress", "problems", "suggestions")

    work_overview = forms.CharField(label="工作督察情况", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    progress = forms.CharField(label="阶段工作进展", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    problems = forms.CharField(label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    suggestions = forms.CharField(label="督察意见建议", required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = "每段一行"
        self._style()
