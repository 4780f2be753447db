"""The 绩效考核 period picker: 月度/季度/年度, the year and the month or quarter, read from GET parameters by the
page, the download and the API alike, so a bad value (letters, NUL, year 0001 or 99999) is a message beside
its field, never a 500."""

from datetime import date

from django import forms

from .evaluation import KINDS, Period
from .form_parts import small_inputs
from .forms import BootstrapMixin, PageFormMixin
from .services.guards import today

YEARS = (2000, 2099)
HIGHEST_NUMBER = {"month": 12, "quarter": 4}
NUMBER_MESSAGES = {"month": "月份应为 1 至 12", "quarter": "季度应为 1 至 4"}


def default_period(day: date) -> Period:
    """The last whole month before ``day``: what the office sends on at the start of a month."""
    if day.month == 1:
        return Period("month", day.year - 1, 12)
    return Period("month", day.year, day.month - 1)


class EvaluationPeriodForm(PageFormMixin, BootstrapMixin, forms.Form):
    text_max_length = 20  # nothing here is longer than a year

    kind = forms.ChoiceField(
        label="考核周期",
        choices=list(KINDS.items()),
        error_messages={"invalid_choice": "考核周期应为月度、季度或年度", "required": "请选择考核周期"},
    )
    year = forms.IntegerField(
        label="年度",
        min_value=YEARS[0],
        max_value=YEARS[1],
        error_messages={
            "invalid": "年度应为四位数字，如 2026",
            "required": "请填写年度",
            "min_value": f"年度应在 {YEARS[0]} 至 {YEARS[1]} 年之间",
            "max_value": f"年度应在 {YEARS[0]} 至 {YEARS[1]} 年之间",
        },
    )
    number = forms.IntegerField(
        label="月份/季度",
        required=False,
        help_text="月度填 1–12，季度填 1–4，年度不填",
        error_messages={"invalid": "月份或季度应为数字"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"placeholder": "如 2026", "inputmode": "numeric"})
        self.fields["number"].widget.attrs.update({"min": 1, "max": 12, "inputmode": "numeric"})
        self._style()
        small_inputs(self)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        number = data.get("number")
        if kind in HIGHEST_NUMBER and "number" not in self.errors:
            if number is None:
                self.add_error("number", "请填写月份" if kind == "month" else "请填写季度")
            elif not 1 <= number <= HIGHEST_NUMBER[kind]:
                self.add_error("number", NUMBER_MESSAGES[kind])
        return data

    def period(self) -> Period | None:
        """The chosen period; the default one for an unbound form; None when the input is wrong."""
        if not self.is_bound:
            return default_period(today())
        if not self.is_valid():
            return None
        data = self.cleaned_data
        number = data["number"] if data["kind"] in HIGHEST_NUMBER else 1
        return Period(data["kind"], data["year"], number)


def period_form(params, *, prefix: str | None = None) -> EvaluationPeriodForm:
    """Bound to the request's parameters when any of the picker's are given, else showing the default period."""
    if any(name in params for name in ("kind", "year", "number")):
        return EvaluationPeriodForm(params, prefix=prefix)
    period = default_period(today())
    return EvaluationPeriodForm(initial=period.as_params(), prefix=prefix)
