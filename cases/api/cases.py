"""GET /api/cases/?q=: the case search behind the matter form's 关联案件 field.

Cases are not scoped per department, so only those who open matters (the supervision office) may search
them; everyone else gets 403 before anything is read.
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_capability
from accounts.roles import Capability
from accounts.tokens import ExpiringTokenAuthentication
from procuracy.text import SafeCharField

from ..models import Case
from ..selectors import case_search


class CaseSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department.name", default="", read_only=True)
    prosecutor = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "number", "name", "case_type", "stage", "prosecutor", "department", "accepted_on", "closed_on"]

    def get_prosecutor(self, case: Case) -> str:
        return case.prosecutor.full_name if case.prosecutor_id else case.prosecutor_name


class CaseSearchParams(serializers.Serializer):
    # A case number or name is short; the same text rule as every other input, so NUL never reaches a query.
    q = SafeCharField(max_length=200, help_text="统一受案号或案件名称中的文字")


class CaseSearchView(APIView):
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, has_capability(Capability.MANAGE_MATTERS)]

    @extend_schema(summary="检索案件（最多 20 件）", parameters=[CaseSearchParams], responses=CaseSerializer(many=True))
    def get(self, request):
        params = CaseSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        return Response(CaseSerializer(case_search(params.validated_data["q"]), many=True).data)


urlpatterns: list = [path("cases/", CaseSearchView.as_view(), name="api-case-search")]


def register(router) -> None:
    """Add this module's viewsets to the API router."""
