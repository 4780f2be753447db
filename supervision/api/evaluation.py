"""API of 绩效考核: ``GET /api/evaluation/?kind=quarter&year=2026&number=4`` (the figures as JSON, per department,
per person and in total, with the definition of every figure) and ``GET /api/evaluation.xlsx?…`` (the same
workbook as the page's download, audited the same way).

The page's rules: the office and the leadership (VIEW_OFFICE_RECORDS) of the user's own procuratorate, 403 for
anyone else; the parameters are read by the page's form, so a bad one is a 400 with the page's Chinese message
under its field (``errors``); none given means the page's default period (last month).
"""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_capability
from accounts.roles import Capability
from documents.xlsx import XLSX

from ..evaluation import KINDS, MEASURES, Evaluation, Period, evaluate
from ..evaluation_forms import period_form
from ..views.evaluation import evaluated_procuratorate, export_evaluation
from .serializers import DepartmentRefSerializer
from .views import AUTHENTICATION


class EvaluationParamsSerializer(serializers.Serializer):
    """For the schema: the parameters are read by the page's form (evaluation_forms.EvaluationPeriodForm)."""

    kind = serializers.ChoiceField(choices=list(KINDS.items()), required=False, help_text="month、quarter 或 year")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2099, help_text="年度")
    number = serializers.IntegerField(required=False, help_text="月度 1–12，季度 1–4，年度不填")


def _figure_field(measure):
    if measure.kind == "rate":
        return serializers.FloatField(allow_null=True, help_text=f"{measure.heading}（0–1，无基数为 null）")
    return serializers.IntegerField(help_text=measure.heading)


FiguresSerializer = type(
    "EvaluationFiguresSerializer", (serializers.Serializer,), {m.key: _figure_field(m) for m in MEASURES}
)


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    heading = serializers.CharField()
    kind = serializers.ChoiceField(choices=["count", "rate"])
    department = serializers.CharField(help_text="部门考核口径")
    person = serializers.CharField(help_text="个人考核口径")


class PeriodSerializer(serializers.Serializer):
    kind = serializers.CharField()
    year = serializers.IntegerField()
    number = serializers.IntegerField()
    label = serializers.CharField()
    first = serializers.DateField()
    last = serializers.DateField()


class PersonFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    department = DepartmentRefSerializer(allow_null=True)
    figures = FiguresSerializer()


class DepartmentFiguresSerializer(serializers.Serializer):
    department = DepartmentRefSerializer()
    figures = FiguresSerializer()


class EvaluationSerializer(serializers.Serializer):
    period = PeriodSerializer()
    as_of = serializers.DateField(help_text="逾期未办结的判断日")
    generated_at = serializers.DateTimeField()
    measures = MeasureSerializer(many=True)
    departments = DepartmentFiguresSerializer(many=True)
    people = PersonFiguresSerializer(many=True)
    total = FiguresSerializer()


def _as_data(evaluation: Evaluation) -> dict:
    return {
        "period": {
            **evaluation.period.as_params(),
            "label": evaluation.period.label,
            "first": evaluation.period.first,
            "last": evaluation.period.last,
        },
        "as_of": evaluation.as_of,
        "generated_at": evaluation.generated_at,
        "measures": MEASURES,
        "departments": [{"department": r.department, "figures": r.figures.values()} for r in evaluation.departments],
        "people": [
            {
                "id": r.person.pk,
                "full_name": r.person.full_name,
                "department": r.person.department,
                "figures": r.figures.values(),
            }
            for r in evaluation.people
        ],
        "total": evaluation.total.values(),
    }


class _EvaluationView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated, has_capability(Capability.VIEW_OFFICE_RECORDS)]

    def period(self) -> Period:
        form = period_form(self.request.query_params)
        period = form.period()
        if period is None:
            raise exceptions.ValidationError({name: list(errors) for name, errors in form.errors.items()})
        return period


class EvaluationView(_EvaluationView):
    @extend_schema(
        summary="绩效考核：部门和个人的考核数据（按月度、季度或年度）",
        parameters=[EvaluationParamsSerializer],
        responses=EvaluationSerializer,
    )
    def get(self, request):
        period = self.period()
        procuratorate = evaluated_procuratorate(request.user)
        evaluation = evaluate(procuratorate_id=procuratorate.pk, period=period)
        return Response(EvaluationSerializer(_as_data(evaluation)).data)


class EvaluationWorkbookView(_EvaluationView):
    @extend_schema(
        summary="绩效考核表（.xlsx：部门考核、个人考核、指标说明）",
        parameters=[EvaluationParamsSerializer],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request):
        period = self.period()
        return export_evaluation(actor=request.user, procuratorate=evaluated_procuratorate(request.user), period=period)


urlpatterns = [
    path("evaluation/", EvaluationView.as_view(), name="api-evaluation"),
    path("evaluation.xlsx", EvaluationWorkbookView.as_view(), name="api-evaluation-workbook"),
]


def register(router) -> None:
    """No viewsets: the two views above are plain routes."""
