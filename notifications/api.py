"""REST endpoints of the inbox, under /api/notifications/: the user's own messages only.

- ``GET  /api/notifications/?show=unread`` — the messages, unread first, paginated, with ``unread`` count.
- ``POST /api/notifications/read/`` with ``{"ids": [...]}`` (or no ids: all) — mark read; 200 with counts.
- ``POST /api/notifications/<id>/read/`` — mark one read; 404 for another user's message, as if absent.

Every signed-in user has an inbox, the three administrators included, so only sign-in is required.
"""

from django.core.paginator import Paginator
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.tokens import ExpiringTokenAuthentication
from procuracy.api_ids import MAX_ID, PathIdsMixin

from . import selectors, services
from .models import Notification

AUTHENTICATION = [ExpiringTokenAuthentication, SessionAuthentication]


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "link",
            "subject_type",
            "subject_id",
            "created_at",
            "read_at",
            "unread",
        ]

    def get_unread(self, obj) -> bool:
        return obj.read_at is None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=1000
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class InboxParams(serializers.Serializer):
    show = serializers.ChoiceField(choices=[("all", "全部"), ("unread", "只看未读")], required=False, default="all")
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


class InboxPageSerializer(serializers.Serializer):
    """One page of the inbox: DRF's page, plus the user's unread count for the bell."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = NotificationSerializer(many=True)
    unread = serializers.IntegerField(help_text="全部未读消息数")


class InboxPagination(PageNumberPagination):
    """Counts the messages and the unread ones in one query, so the page's count is not a second COUNT."""

    def paginate_queryset(self, queryset, request, view=None):
        self.counts = selectors.inbox_counts(request.user)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        paginator.count = self.counts["unread" if self.request.query_params.get("show") == "unread" else "messages"]
        return paginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread"] = self.counts["unread"]
        return response


class InboxView(GenericAPIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    pagination_class = InboxPagination

    @extend_schema(
        operation_id="notifications_list",
        summary="我的消息（未读在前）",
        parameters=[InboxParams],
        responses=InboxPageSerializer,
    )
    def get(self, request):
        params = InboxParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = self.paginate_queryset(
            selectors.inbox_for(request.user, unread_only=params.validated_data["show"] == "unread")
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MarkReadView(GenericAPIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    serializer_class = MarkReadSerializer

    @extend_schema(
        operation_id="notifications_mark_read", summary="标为已读（不给 ids 则全部）", responses=MarkedSerializer
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        marked = services.mark_read(user=request.user, notification_ids=serializer.validated_data.get("ids"))
        return Response({"marked": marked, "unread": selectors.unread_count(request.user)})


class MarkOneReadView(PathIdsMixin, APIView):
    # Not a GenericAPIView: it takes no body, and OPTIONS on a generic view without a serializer is a 500.
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notification_mark_read", summary="将一条消息标为已读", request=None, responses=MarkedSerializer
    )
    def post(self, request, notification_id: int):
        notification = selectors.get_notification_for(request.user, notification_id)
        marked = services.mark_read(user=request.user, notification_ids=[notification.pk])
        return Response({"marked": marked, "unread": selectors.unread_count(request.user)})


urlpatterns = [
    path("notifications/", InboxView.as_view(), name="api-notifications"),
    path("notifications/read/", MarkReadView.as_view(), name="api-notifications-read"),
    path("notifications/<int:notification_id>/read/", MarkOneReadView.as_view(), name="api-notification-read"),
]
