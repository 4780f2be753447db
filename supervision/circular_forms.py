"""Page forms of 通报: the list's filters, a draft's edit, and the office's ad-hoc circular from chosen items."""

from django import forms

from procuracy.api_ids import MAX_ID

from .access import matters_visible_to, problems_visible_to
from .forms import PICKER, BootstrapMixin, PageFormMixin
from .models import CircularKind, CircularStatus, NoticeStatus


def _small(form) -> None:
    for field in form.fields.values():
        css = field.widget.attrs["class"]
        field.widget.attrs["class"] = css + (" form-select-sm" if "select" in css else " form-control-sm")


class _ItemsField(forms.ModelMultipleChoiceField):
    """Chosen ids; one the database cannot compare (too large, not a number) is an invalid choice, not a 500."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)


class CircularFilterForm(PageFormMixin, BootstrapMixin, forms.Form):
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
        _small(self)

    def filters(self) -> dict:
        """The valid fields' values: a bad field is ignored (its message shows), the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }


class CircularForm(PageFormMixin, BootstrapMixin, forms.Form):
    """A draft's title and body, as the office rewrites them before 印发."""

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

    title = forms.CharField(label="标题", max_length=200)
    intro = forms.CharField(
        label="导语",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="可不填；正文将列出所选事项和问题，保存后可修改",
    )
    matters = _ItemsField(
        label="通报事项", required=False, queryset=None, widget=forms.SelectMultiple(attrs={"size": 6, **PICKER})
    )
    problems = _ItemsField(
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
