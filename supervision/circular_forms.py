"""Page forms of 通报: the list's filters, a draft's edit, and the office's ad-hoc circular from chosen items."""

from django import forms

from .access import matters_visible_to, problems_visible_to
from .form_parts import IdsChoiceField, ListFilterMixin, small_inputs
from .forms import PICKER, BootstrapMixin, PageFormMixin
from .models import CircularKind, CircularStatus, NoticeStatus


class CircularFilterForm(ListFilterMixin, PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 200  # a search term, not a document

    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "标题、文号或正文"})
    )
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部"), *CircularKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *CircularStatus.choices])
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)

    def __init__(self, *args, office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the office sees drafts: nobody else has a status to choose.
        if not office:
            del self.fields["status"]
        self.fields["year"].widget.attrs["placeholder"] = "如 2026"
        self._style()
        small_inputs(self)


class CircularForm(PageFormMixin, BootstrapMixin, forms.Form):
    """A draft's title and body, as the office rewrites them before 印发."""

    # The page's grid (templates/supervision/_form_fields.html): these take a whole row.
    wide_fields = ("title", "body")

    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="每段一行；以“一、”“二、”开头的行为标题",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AdHocCircularForm(PageFormMixin, BootstrapMixin, forms.Form):
    """专项通报: a title, an introduction and the matters and problems it reports on."""

    # The page's grid (templates/supervision/_form_fields.html): these take a whole row.
    wide_fields = ("title", "intro")

    title = forms.CharField(label="标题", max_length=200)
    intro = forms.CharField(
        label="导语",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="可不填；正文将列出所选事项和问题，保存后可修改",
    )
    matters = IdsChoiceField(
        label="通报事项", required=False, queryset=None, widget=forms.SelectMultiple(attrs={"size": 6, **PICKER})
    )
    problems = IdsChoiceField(
        label="通报问题", required=False, queryset=None, widget=forms.SelectMultiple(attrs={"size": 6, **PICKER})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matters"].queryset = matters_visible_to(user).exclude(document_number="").order_by("-id")
        self.fields["matters"].label_from_instance = lambda m: f"{m.document_number} {m.title}"
        self.fields["matters"].help_text = "可输入文号或名称查找，可多选"
        self.fields["problems"].queryset = (
            problems_visible_to(user)
            .filter(notice__status=NoticeStatus.ISSUED)
            .select_related("department", "notice")
            .order_by("-id")
        )
        self.fields["problems"].label_from_instance = lambda p: f"{p.department.name}：{p.description[:40]}"
        self.fields["problems"].help_text = "可输入部门或问题描述查找，可多选"
        self._style()

    def clean(self):
        data = super().clean()
        if not data.get("matters") and not data.get("problems") and "matters" not in self.errors:
            self.add_error("matters", "请至少选择一个督察事项或整改问题")
        return data
