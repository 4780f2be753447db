"""GET /api/todo/: 我的待办 for a token client — the counts the navigation shows and the items the page lists:
slips, feedback and requests, problems to claim, rectify or verify, recommendations to reply to.

The same selectors as the page (``supervision.todo``), so the counts equal the lists and the scope is the
page's: a department's people never see another department's work. Items come a page at a time, as on the page:
an office with thousands of items waiting builds one page of them.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_capability
from accounts.roles import Capability

from .. import todo
from ..selectors import Colour
from .views import AUTHENTICATION


class TodoCountsSerializer(serializers.Serializer):
    """Only the kinds the user's roles can have; ``total`` always."""

    acknowledge = serializers.IntegerField(required=False, help_text="待签收")
    feedback = serializers.IntegerField(required=False, help_text="待反馈")
    claim = serializers.IntegerField(required=False, help_text="待认领")
    rectify = serializers.IntegerField(required=False, help_text="待整改")
    reply = serializers.IntegerField(required=False, help_text="待回复")
    review = serializers.IntegerField(required=False, help_text="待审核")
    verify = serializers.IntegerField(required=False, help_text="待销号")
    approve = serializers.IntegerField(required=False, help_text="待审批")
    returned = serializers.IntegerField(required=False, help_text="已退回")
    case_review = serializers.IntegerField(required=False, help_text="待评查")
    inquiry_return = serializers.IntegerField(required=False, help_text="待月报")
    total = serializers.IntegerField()


class TodoItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=todo.KINDS)
    kind_label = serializers.CharField()
    matter_id = serializers.IntegerField(allow_null=True, help_text="所属督察事项；问题和督察建议书可以没有")
    matter_title = serializers.CharField(help_text="督办处理单所属的督察事项；问题和督察建议书为空")
    title = serializers.CharField(source="heading", help_text="待办的内容：督察事项、问题描述或督察建议书标题")
    document_number = serializers.CharField(
        help_text="督办处理单、整改通知书或督察建议书的文号；应办结日期调整为事项的文号"
    )
    department = serializers.CharField()
    deadline = serializers.DateField(allow_null=True, help_text="期限；评查可以没有期限")
    colour = serializers.ChoiceField(choices=Colour.CHOICES)
    colour_label = serializers.CharField()
    note = serializers.CharField()
    mine = serializers.BooleanField(help_text="部门负责人分办给本人")
    url = serializers.CharField(help_text="办理的页面（问题页、督察建议书页或事项页）")


class TodoSerializer(serializers.Serializer):
    counts = TodoCountsSerializer()
    count = serializers.IntegerField(help_text="所列一类（或全部）的待办数")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    items = TodoItemSerializer(many=True)


class TodoParamsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=todo.KINDS, required=False, help_text="只列一类；其他值列全部")
    page = serializers.IntegerField(min_value=1, required=False, default=1, help_text="页码，每页 50 项")


# The API's page size (settings.REST_FRAMEWORK), as every other list of the API.
PAGE_SIZE = PageNumberPagination.page_size


class _Links(PageNumberPagination):
    """DRF's own next and previous links, for a page ``todo.todo_page`` built rather than one of a queryset."""

    def __init__(self, request, page):
        self.request, self.page = request, page


class TodoView(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated, has_capability(Capability.VIEW_BUSINESS)]

    @extend_schema(
        summary="我的待办：各类待办数和待办事项（先红后黄再蓝，同色按期限）",
        parameters=[TodoParamsSerializer],
        responses=TodoSerializer,
    )
    def get(self, request):
        kind = request.query_params.get("kind", "")
        if kind not in todo.kinds_for(request.user):
            kind = ""
        params = TodoParamsSerializer(data={"page": request.query_params.get("page", 1)})
        params.is_valid(raise_exception=True)
        number = params.validated_data["page"]
        counts = todo.todo_counts(request.user)
        page = todo.todo_page(
            request.user, today=timezone.localdate(), kind=kind, counts=counts, number=number, per_page=PAGE_SIZE
        )
        if page.number != number:  # past the last page: as the other lists of the API answer
            raise NotFound("无效页面。")
        links = _Links(request, page)
        body = {
            "counts": counts,
            "count": page.paginator.count,
            "next": links.get_next_link(),
            "previous": links.get_previous_link(),
            "items": page.object_list,
        }
        return Response(TodoSerializer(body).data)
