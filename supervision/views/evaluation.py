"""Pages of 绩效考核: the period picker, the figures per department and per person as two tables, the definition
of every figure (指标说明, the same text as the workbook's sheet), and the audited .xlsx download.

For the office and the leadership (VIEW_OFFICE_RECORDS) of the user's own procuratorate; anyone else gets 403.
"""

from urllib.parse import quote, urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from accounts.models import Procuratorate
from accounts.permissions import capability_required
from accounts.roles import Capability
from audit.services import record
from documents.xlsx import XLSX

from ..access import procuratorate_of
from ..evaluation import KINDS, MEASURES, NOTES, Evaluation, Measure, Period, evaluate
from ..evaluation_forms import period_form
from ..evaluation_workbook import evaluation_workbook, workbook_filename
from ..forms import mark_invalid

EXPORT_ACTION = "export_evaluation"


def evaluated_procuratorate(user) -> Procuratorate:
    """The procuratorate whose figures the user may see: their own; none (403) without a department."""
    procuratorate_id = procuratorate_of(user)
    if procuratorate_id is None:
        raise PermissionDenied("您不属于任何检察院，无法查看绩效考核。")
    return Procuratorate.objects.get(pk=procuratorate_id)


def shown(measure: Measure, value) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%" if measure.kind == "rate" else str(value)


def _table(rows) -> list[dict]:
    return [
        {"names": names, "cells": [shown(m, figures.value(m.key)) for m in MEASURES], "empty": figures.is_empty}
        for names, figures in rows
    ]


def page_tables(evaluation: Evaluation) -> dict:
    departments = [([row.department.name], row.figures) for row in evaluation.departments]
    people = [
        (
            [row.person.full_name or row.person.username, row.person.department.name if row.person.department else ""],
            row.figures,
        )
        for row in evaluation.people
    ]
    return {
        "department_rows": _table(departments),
        "total_row": _table([(["合计"], evaluation.total)])[0],
        "person_rows": _table(people),
    }


def export_evaluation(*, actor, procuratorate: Procuratorate, period: Period) -> HttpResponse:
    """The workbook of the period, audited (who took which period's figures, and how many rows)."""
    evaluation = evaluate(procuratorate_id=procuratorate.pk, period=period)
    record(
        actor=actor,
        action=EXPORT_ACTION,
        object_type="supervision.evaluation",
        object_id=period.slug,
        object_repr=f"绩效考核表 {period.label}",
        after={**period.as_params(), "departments": len(evaluation.departments), "people": len(evaluation.people)},
    )
    response = HttpResponse(evaluation_workbook(evaluation, procuratorate_name=procuratorate.name), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(workbook_filename(evaluation))}"
    return response


def _page(request, procuratorate: Procuratorate, form, *, status: int = 200):
    period = form.period()
    context = {
        "form": form,
        "kinds": KINDS,
        "measures": MEASURES,
        "notes": NOTES,
        "procuratorate": procuratorate,
        "period": period,
    }
    if period is None:
        mark_invalid(form)
    else:
        evaluation = evaluate(procuratorate_id=procuratorate.pk, period=period)
        context.update(page_tables(evaluation), evaluation=evaluation, query=urlencode(period.as_params()))
    return render(request, "supervision/evaluation.html", context, status=status)


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def evaluation(request):
    return _page(request, evaluated_procuratorate(request.user), period_form(request.GET))


@capability_required(Capability.VIEW_OFFICE_RECORDS)
def evaluation_export(request):
    procuratorate = evaluated_procuratorate(request.user)
    form = period_form(request.GET)
    period = form.period()
    if period is None:
        return _page(request, procuratorate, form, status=400)
    return export_evaluation(actor=request.user, procuratorate=procuratorate, period=period)


urlpatterns = [
    path("evaluation/", evaluation, name="evaluation"),
    path("evaluation/export.xlsx", evaluation_export, name="evaluation_export"),
]
