"""Page forms: they parse and check input; the services decide what is allowed."""

from django import forms

from accounts.models import Department, User
from accounts.roles import Role
from procuracy.dates import bound_dates
from procuracy.text import SHORT_TEXT_MAX_LENGTH, SafeTextFormMixin

from .form_parts import IdsChoiceField, departments_of
from .models import Matter, MatterCategory, MatterSource, MatterStatus, Secrecy, SlipMeans, Urgency
from .selectors import SORT_LABELS, TIMELINESS_LABELS, Colour


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


_GENERIC_REQUIRED = str(forms.Field.default_error_messages["required"])
_GENERIC_EMPTY_LABEL = "---------"
EMPTY_CHOICE = "请选择"


def _is_choice(field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField)


class PageFormMixin(SafeTextFormMixin):
    """Every page form: text without control characters and of bounded length, dates the calendar can count.

    A required field left empty is named in its message (请填写反馈内容, 请选择承办部门) rather than Django's
    anonymous 该字段是必填项: the message sits beside the field, and the form's summary repeats it. Selects
    offer 请选择 as their empty choice. A field with an error is drawn red (``is-invalid``); Django itself adds
    ``aria-invalid`` and points ``aria-describedby`` at ``<id>_error``, the id ``_field_errors.html`` gives.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_dates(self.fields)
        for field in self.fields.values():
            if str(field.error_messages.get("required", "")) == _GENERIC_REQUIRED and field.label:
                verb = "请选择" if _is_choice(field) else "请填写"
                field.error_messages = {**field.error_messages, "required": f"{verb}{field.label}"}
            if getattr(field, "empty_label", None) == _GENERIC_EMPTY_LABEL:
                field.empty_label = EMPTY_CHOICE
            elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                choices = list(field.choices)
                if choices and choices[0] == ("", _GENERIC_EMPTY_LABEL):
                    field.choices = [("", EMPTY_CHOICE), *choices[1:]]

    def full_clean(self):
        super().full_clean()
        mark_invalid(self)


def mark_invalid(form) -> None:
    """Draw the fields with an error red (Bootstrap's ``is-invalid``), once however often it is called."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            classes = widget.attrs.get("class", "").split()
            if "is-invalid" not in classes:
                widget.attrs["class"] = " ".join([*classes, "is-invalid"])


SMALL = {"class": "form-control form-control-sm"}
# A searchable picker (Tom Select, static/js/pickers.js) over the plain select, which works on without JS.
PICKER = {"data-picker": "search"}


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _inspectors(procuratorate_id):
    return (
        User.objects.filter(
            is_active=True,
            department__procuratorate_id=procuratorate_id,
            groups__name__in=[Role.INSPECTOR, Role.DIRECTOR],
        )
        .distinct()
        .order_by("id")
    )


class MatterForm(PageFormMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Matter
        fields = [
            "title",
            "category",
            "source",
            "source_detail",
            "requirements",
            "lead_department",
            "cooperating_departments",
            "responsible_people",
            "inspector",
            "one_week",
            "due_date",
            "warning_date",
            "secrecy",
            "urgency",
        ]
        widgets = {
            "due_date": DateInput(),
            "warning_date": DateInput(),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "source_detail": forms.Textarea(attrs={"rows": 2}),
            "cooperating_departments": forms.SelectMultiple(attrs={"size": 5, **PICKER}),
            "responsible_people": forms.SelectMultiple(attrs={"size": 5, **PICKER}),
        }
        field_classes = {"cooperating_departments": IdsChoiceField, "responsible_people": IdsChoiceField}
        help_texts = {
            "due_date": "一周办结事项可留空，自动取立项后第 5 个工作日",
            "warning_date": "留空则取应办结日期前 2 个工作日",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        procuratorate_id = user.department.procuratorate_id
        self.fields["category"].queryset = MatterCategory.objects.filter(is_active=True)
        for name in ("category", "lead_department"):
            self.fields[name].empty_label = EMPTY_CHOICE
        self.fields["source"].choices = [("", EMPTY_CHOICE), *MatterSource.choices]
        for name in ("cooperating_departments", "responsible_people"):
            self.fields[name].help_text = "可输入姓名或部门查找，可多选"
        self.fields["lead_department"].queryset = departments_of(procuratorate_id)
        self.fields["cooperating_departments"].queryset = departments_of(procuratorate_id)
        self.fields["responsible_people"].queryset = (
            User.objects.filter(is_active=True, department__procuratorate_id=procuratorate_id)
            .exclude(groups__name__in=[Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
            .select_related("department")
        )
        self.fields["responsible_people"].label_from_instance = lambda u: f"{u.full_name}（{u.department}）"
        self.fields["inspector"].queryset = _inspectors(procuratorate_id)
        self.fields["inspector"].required = False
        self.fields["inspector"].help_text = "留空则由本人负责"
        self.fields["due_date"].required = False
        self.fields["warning_date"].required = False
        if self.instance.case_id:
            self.initial.setdefault("case_number", self.instance.case.number)
        self._style()

    case_number = forms.CharField(
        label="关联案件", required=False, max_length=100, help_text="填写统一业务应用系统受案号（可选）"
    )

    def clean_case_number(self):
        from cases.selectors import case_by_number

        number = self.cleaned_data["case_number"].strip()
        if not number:
            return None
        case = case_by_number(number)
        if case is None:
            raise forms.ValidationError("未找到该受案号的案件，请先导入案件或核对受案号")
        return case

    def clean(self):
        data = super().clean()
        if not data.get("one_week") and not data.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", "请填写应办结日期（一周办结事项可留空）")
        due, warning = data.get("due_date"), data.get("warning_date")
        if due and warning and warning > due:
            self.add_error("warning_date", "预警日期不能晚于应办结日期")
        return data


def slip_departments(procuratorate_id):
    """Who a slip can order to act: not 院领导, who instruct, nor the supervision office, who issues it."""
    return departments_of(procuratorate_id).exclude(
        kind__in=[Department.Kind.LEADERSHIP, Department.Kind.SUPERVISION_OFFICE]
    )


class SlipForm(PageFormMixin, BootstrapMixin, forms.Form):
    department = forms.ModelChoiceField(label="承办部门", queryset=Department.objects.none())
    requirements = forms.CharField(label="督办要求", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="办理时限", widget=DateInput())
    means = forms.ChoiceField(label="督办方式", choices=SlipMeans.choices, initial=SlipMeans.PAPER)
    secrecy = forms.ChoiceField(label="密级", choices=Secrecy.choices, required=False)
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)

    def __init__(self, *args, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = slip_departments(matter.procuratorate_id)
        # Most slips go to the department that leads the matter; 密级 and 紧急程度 are the matter's unless changed.
        self.fields["department"].initial = matter.lead_department_id
        self.fields["secrecy"].initial = matter.secrecy
        self.fields["urgency"].initial = matter.urgency
        self._style()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class FeedbackForm(PageFormMixin, BootstrapMixin, forms.Form):
    text = forms.CharField(
        label="反馈内容",
        widget=forms.Textarea(attrs={"rows": 3, **SMALL}),
        error_messages={"required": "请填写反馈内容"},
    )
    attachments = MultipleFileField(
        label="附件",
        required=False,
        help_text="可多选；限 pdf、ofd、doc、docx、xls、xlsx、jpg、png、zip，单个不超过 20 MB",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ExtensionForm(PageFormMixin, BootstrapMixin, forms.Form):
    requested_deadline = forms.DateField(
        label="申请延至", widget=DateInput(attrs=SMALL), error_messages={"required": "请填写申请延至的日期"}
    )
    reason = forms.CharField(
        label="延期理由",
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.TextInput(attrs=SMALL),
        error_messages={"required": "请填写延期理由"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class MatterFilterForm(PageFormMixin, BootstrapMixin, forms.Form):
    q = forms.CharField(
        label="关键词", required=False, widget=forms.TextInput(attrs={"placeholder": "名称、文号或工作要求"})
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *MatterStatus.choices])
    category = forms.ModelChoiceField(
        label="类别", required=False, queryset=MatterCategory.objects.all(), empty_label="全部类别"
    )
    department = forms.ModelChoiceField(
        label="部门", required=False, queryset=Department.objects.none(), empty_label="全部部门"
    )
    inspector = forms.ModelChoiceField(
        label="督察员", required=False, queryset=User.objects.none(), empty_label="全部督察员"
    )
    colour = forms.ChoiceField(label="期限", required=False, choices=[("", "全部"), *Colour.CHOICES])
    initiated_from = forms.DateField(label="立项自", required=False, widget=DateInput())
    initiated_to = forms.DateField(label="立项至", required=False, widget=DateInput())
    due_from = forms.DateField(label="应办结日期自", required=False, widget=DateInput())
    due_to = forms.DateField(label="应办结日期至", required=False, widget=DateInput())
    # What the dashboard's numbers count (督察看板 links here with them), so the list shows exactly those rows.
    lead_department = forms.ModelChoiceField(
        label="牵头部门", required=False, queryset=Department.objects.none(), empty_label="全部牵头部门"
    )
    concluded_from = forms.DateField(label="办结日期自", required=False, widget=DateInput())
    concluded_to = forms.DateField(label="办结日期至", required=False, widget=DateInput())
    timeliness = forms.ChoiceField(label="办结情况", required=False, choices=[("", "全部"), *TIMELINESS_LABELS.items()])
    due_in_from = forms.DateField(label="应办结期间自", required=False, widget=DateInput())
    due_in_to = forms.DateField(label="应办结期间至", required=False, widget=DateInput())
    sort = forms.ChoiceField(label="排序", required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        procuratorate_id = user.department.procuratorate_id if user.department_id else None
        self.fields["department"].queryset = departments_of(procuratorate_id)
        self.fields["lead_department"].queryset = departments_of(procuratorate_id)
        self.fields["inspector"].queryset = _inspectors(procuratorate_id)
        self._style()
        for field in self.fields.values():
            css = field.widget.attrs["class"]
            field.widget.attrs["class"] = css + (" form-select-sm" if "select" in css else " form-control-sm")

    def clean(self):
        data = super().clean()
        for start, end in (
            ("initiated_from", "initiated_to"),
            ("due_from", "due_to"),
            ("concluded_from", "concluded_to"),
            ("due_in_from", "due_in_to"),
        ):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, "结束日期不能早于开始日期")
        return data

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or "",
            "category": data["category"].pk if data.get("category") else None,
            "department": data["department"].pk if data.get("department") else None,
            "inspector": data["inspector"].pk if data.get("inspector") else None,
            "colour": data.get("colour") or "",
            "text": (data.get("q") or "").strip(),
            "initiated_from": data.get("initiated_from"),
            "initiated_to": data.get("initiated_to"),
            "due_from": data.get("due_from"),
            "due_to": data.get("due_to"),
            "lead_department": data["lead_department"].pk if data.get("lead_department") else None,
            "concluded_from": data.get("concluded_from"),
            "concluded_to": data.get("concluded_to"),
            "timeliness": data.get("timeliness") or "",
            "due_in_from": data.get("due_in_from"),
            "due_in_to": data.get("due_in_to"),
            "sort": data.get("sort") or "-id",
        }

    # The filters the row above the list does not show; named in a hint so a short list says why it is short.
    HINTED = ("lead_department", "concluded_from", "concluded_to", "timeliness", "due_in_from", "due_in_to")

    def active_hints(self) -> list[str]:
        """``牵头部门：第一检察部`` … for each hidden filter in force (valid ones only)."""
        if not self.is_bound or not self.is_valid():
            return []
        data = self.cleaned_data
        hints = []
        if data.get("lead_department"):
            hints.append(f"牵头部门：{data['lead_department'].name}")
        for start, end, label in (
            ("concluded_from", "concluded_to", "办结日期"),
            ("due_in_from", "due_in_to", "应办结（期间内办结或已逾期）"),
        ):
            if data.get(start) or data.get(end):
                hints.append(f"{label}：{_span(data.get(start), data.get(end))}")
        if data.get("timeliness"):
            hints.append(f"办结情况：{TIMELINESS_LABELS[data['timeliness']]}")
        return hints

    def hidden_inputs(self) -> list[tuple[str, str]]:
        """The hinted filters as the request gave them, for the filter row to carry on when it is submitted."""
        if not self.is_bound:
            return []
        return [(name, self.data[name]) for name in self.HINTED if self.data.get(name) and name not in self.errors]


def _span(start, end) -> str:
    return f"{start.isoformat() if start else '不限'} 至 {end.isoformat() if end else '不限'}"


class ShareForm(PageFormMixin, BootstrapMixin, forms.Form):
    user = forms.ModelChoiceField(
        label="共享给",
        queryset=User.objects.none(),
        empty_label="请选择人员",
        widget=forms.Select(attrs=PICKER),
        error_messages={"required": "请选择共享给谁"},
    )

    def __init__(self, *args, matter: Matter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, department__procuratorate_id=matter.procuratorate_id)
            .exclude(groups__name__in=[Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
            .select_related("department")
            .order_by("department__sort_order", "id")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name}（{u.department}）"
        self._style()


class _ActTextForm(PageFormMixin, BootstrapMixin, forms.Form):
    """The one text box of an act on the matter's page, named ``text`` as the page posts it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ConcludeForm(_ActTextForm):
    text = forms.CharField(
        label="工作成效",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "办结时须填写工作成效"}),
        error_messages={"required": "请填写工作成效"},
    )


class CancelForm(_ActTextForm):
    text = forms.CharField(
        label="撤销理由",
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写撤销理由"},
    )


class FeedbackReviewForm(_ActTextForm):
    """通过 or 退回 a feedback: one comment box, required only to return it."""

    text = forms.CharField(
        label="审核意见",
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "审核意见（通过时可不填，退回时必填）", "aria-label": "审核意见", **SMALL}
        ),
        error_messages={"required": "退回时请填写审核意见"},
    )

    def __init__(self, *args, returning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = returning


class ExtensionDecisionForm(_ActTextForm):
    """批准 or 不批准 an extension: one comment box, required only to reject it."""

    text = forms.CharField(
        label="审批意见",
        max_length=SHORT_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "审批意见（不批准时必填）", "aria-label": "审批意见", **SMALL}),
        error_messages={"required": "不批准时请填写审批意见"},
    )

    def __init__(self, *args, rejecting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = rejecting


class DateHintForm(PageFormMixin, forms.Form):
    """What the initiation form has typed so far, for its live hint."""

    one_week = forms.BooleanField(required=False)
    due_date = forms.DateField(label="应办结日期", required=False)
