"""Pieces the pages' forms share: a choice of records by id that no typed id can break, small inputs for filter
and inline forms, and a list filter's valid values."""

from django import forms

from accounts.models import Department
from procuracy.api_ids import MAX_ID


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """Chosen records by id; an id the database cannot compare (too large, not a number) is an invalid choice,
    not a server error (SQLite raises OverflowError past 2**63 in ``pk__in``)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)


def small_inputs(form) -> None:
    """Bootstrap's small controls for every field (filter bars and forms inside a page)."""
    for field in form.fields.values():
        css = field.widget.attrs["class"]
        field.widget.attrs["class"] = css + (" form-select-sm" if "select" in css else " form-control-sm")


class ListFilterMixin:
    """A list's filter form: a bad field is ignored (its message shows beside it), the others still apply."""

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "")
        }


def departments_of(procuratorate_id: int):
    """A procuratorate's departments in their order, for the pickers."""
    return Department.objects.filter(procuratorate_id=procuratorate_id).order_by("sort_order", "id")
