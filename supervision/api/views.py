"""REST endpoints for matters, slips, feedback and extension requests: HTTP in, one service call, JSON out.

Who gets which answer (one rule, the same as the pages):

- 401: no session and no token.
- 403: the user's roles give no business access at all (the three administrators), or the user must change
  the password first. Checked before anything is read, so a 403 never says whether an object exists.
- 404: the object does not exist *or* lies outside the user's scope (``access.py``): a matter not shared
  with the user's department is indistinguishable from one that was never created.
- 400 with a ``code``: the user may see the object but the act is refused, whether by its state
  (``not_allowed_in_state``) or by the user's role or department (``role_not_allowed``, ``wrong_department``).
  The services decide this, so the API never needs its own copy of the rules; ``actions`` in every
  representation lists what would be accepted now.
- 400 with ``code: invalid`` and ``errors``: the input has the wrong shape (missing field, bad date).

Reads go through ``access.py`` and ``selectors.py`` with everything a representation shows loaded up front,
so the number of queries does not grow with the rows.
"""

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accounts.models import Department
from accounts.permissions import has_capability
from accounts.roles import Capability
from accounts.tokens import ExpiringTokenAuthentication
from procuracy.api_ids import PathIdsMixin

from .. import access, selectors, services
from ..access import get_due_date_change_for, get_matter_for, get_slip_for, slips_visible_to
from ..models import DueDateChange, ExtensionRequest, Feedback, Matter, MatterCategory, Slip, SlipReminder
from ..selectors import MatterFilters
from . import serializers as s

# Token first, so an anonymous request is told how to authenticate (401 with WWW-Authenticate: Token).
AUTHENTICATION = [ExpiringTokenAuthentication, SessionAuthentication]
BUSINESS = [IsAuthenticated, has_capability(Capability.VIEW_BUSINESS)]


class BusinessViewSet(PathIdsMixin, GenericViewSet):
    authentication_classes = AUTHENTICATION
    permission_classes = BUSINESS

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # One "today" per request, so every row of a list is coloured against the same date.
        self.today = timezone.localdate()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": getattr(self, "today", None) or timezone.localdate()}

    def show(self, serializer_class, instance, *, status_code=status.HTTP_200_OK) -> Response:
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=status_code)

    def valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _get(queryset: QuerySet, pk, message: str):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(message) from None


def _feedback_queryset():
    return Feedback.objects.select_related("submitted_by", "reviewed_by").prefetch_related("attachments")


def _extension_queryset():
    return ExtensionRequest.objects.select_related("requested_by", "decided_by")


def _reminders():
    return Prefetch("reminders", queryset=SlipReminder.objects.select_related("reminded_by").order_by("id"))


def slip_detail_queryset(user) -> QuerySet[Slip]:
    """Visible slips with their people, feedback (and files), extension requests and reminders: five queries for
    any number."""
    return (
        slips_visible_to(user)
        .select_related("matter", "department", "issued_by", "acknowledged_by", "assignee")
        .prefetch_related(
            Prefetch("feedback", queryset=_feedback_queryset()),
            Prefetch("extension_requests", queryset=_extension_queryset()),
            _reminders(),
        )
    )


def _due_date_changes():
    return Prefetch("due_date_changes", queryset=DueDateChange.objects.select_related("requested_by", "decided_by"))


def matter_detail(user, pk) -> Matter:
    """The matter as its page loads it, plus what the API shows besides: assignees and reminders of its slips,
    its due-date changes (a fixed number of queries more, whatever the number of slips)."""
    matter = selectors.matter_detail(user=user, matter_id=pk)
    prefetch_related_objects([matter], _due_date_changes())
    prefetch_related_objects(matter.visible_slips, "assignee", _reminders())
    return matter


def feedback_visible_to(user) -> QuerySet[Feedback]:
    return (
        access.feedback_visible_to(user)
        .select_related("submitted_by", "reviewed_by", "slip__matter")
        .prefetch_related("attachments")
    )


def extensions_visible_to(user) -> QuerySet[ExtensionRequest]:
    return access.extensions_visible_to(user).select_related(
        "requested_by", "decided_by", "slip__matter", "slip__department"
    )


# --- matters


@extend_schema_view(
    list=extend_schema(summary="督察事项列表", parameters=[s.MatterFilterSerializer]),
    retrieve=extend_schema(summary="督察事项详情（含督办单、反馈、延期申请）", responses=s.MatterDetailSerializer),
    create=extend_schema(
        summary="新建督察事项（草稿）", request=s.MatterWriteSerializer, responses={201: s.MatterDetailSerializer}
    ),
    partial_update=extend_schema(
        summary="修改草稿", request=s.MatterWriteSerializer, responses=s.MatterDetailSerializer
    ),
)
class MatterViewSet(BusinessViewSet):
    serializer_class = s.MatterSerializer
    queryset = Matter.objects.none()  # for the schema; every read below is scoped to the user

    def list(self, request):
        params = s.MatterFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        filters = MatterFilters(
            status=p.get("status", ""),
            category=p.get("category"),
            department=p.get("department"),
            inspector=p.get("inspector"),
            colour=p.get("colour", ""),
            text=p.get("q", "").strip(),
            initiated_from=p.get("initiated_from"),
            initiated_to=p.get("initiated_to"),
            due_from=p.get("due_from"),
            due_to=p.get("due_to"),
            sort=p.get("ordering", "-id"),
        )
        matters = selectors.matter_list(user=request.user, filters=filters, today=self.today)
        page = self.paginate_queryset(matters)
        return self.get_paginated_response(
            s.MatterSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk) -> Response:
        return self.show(s.MatterDetailSerializer, matter_detail(self.request.user, pk))

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    def create(self, request):
        data = self.valid(s.MatterWriteSerializer)
        matter = services.create_matter(actor=request.user, **data)
        return Response(
            s.MatterDetailSerializer(
                matter_detail(request.user, matter.pk), context=self.get_serializer_context()
            ).data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, pk=None):
        matter = get_matter_for(request.user, pk)
        changes = self.valid(s.MatterWriteSerializer, partial=True)
        services.update_draft(actor=request.user, matter=matter, **changes)
        return self._detail(pk)

    @extend_schema(summary="各状态事项数", responses=s.StatusCountsSerializer)
    @action(detail=False, methods=["get"])
    def counts(self, request):
        return Response(selectors.status_counts(user=request.user))

    @extend_schema(
        summary="办理记录（审计日志中本事项及其督办单、反馈、延期申请的记录）",
        responses=s.TimelineEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], serializer_class=s.TimelineEntrySerializer, pagination_class=None)
    def timeline(self, request, pk=None):
        matter = selectors.matter_detail(user=request.user, matter_id=pk)
        return Response(s.TimelineEntrySerializer(selectors.timeline(matter, user=request.user), many=True).data)

    @extend_schema(summary="立项", request=None, responses=s.MatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def initiate(self, request, pk=None):
        services.initiate_matter(actor=request.user, matter=get_matter_for(request.user, pk))
        return self._detail(pk)

    @extend_schema(summary="办结", request=s.ConcludeSerializer, responses=s.MatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        matter = get_matter_for(request.user, pk)
        data = self.valid(s.ConcludeSerializer)
        services.conclude_matter(actor=request.user, matter=matter, results=data["results"])
        return self._detail(pk)

    @extend_schema(summary="共享给职责范围以外的人员", request=s.ShareSerializer, responses=s.MatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        matter = get_matter_for(request.user, pk)
        data = self.valid(s.ShareSerializer)
        services.share_matter(actor=request.user, matter=matter, user=data["user"])
        return self._detail(pk)

    @extend_schema(summary="撤销", request=s.ReasonSerializer, responses=s.MatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        matter = get_matter_for(request.user, pk)
        data = self.valid(s.ReasonSerializer)
        services.cancel_matter(actor=request.user, matter=matter, reason=data["reason"])
        return self._detail(pk)

    @extend_schema(summary="下发督办处理单", request=s.IssueSlipSerializer, responses={201: s.SlipDetailSerializer})
    @action(detail=True, methods=["post"], url_path="issue-slip")
    def issue_slip(self, request, pk=None):
        matter = get_matter_for(request.user, pk)
        data = self.valid(s.IssueSlipSerializer)
        slip = services.issue_slip(
            actor=request.user,
            matter=matter,
            department=data["department"],
            requirements=data["requirements"],
            deadline_on=data["deadline"],
            means=data["means"],
            secrecy=data.get("secrecy"),
            urgency=data.get("urgency"),
        )
        slip = _get(slip_detail_queryset(request.user), slip.pk, "督办处理单不存在或您无权查看")
        return self.show(s.SlipDetailSerializer, slip, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="申请调整事项的应办结日期（督察办主任审批）",
        request=s.DueDateChangeInputSerializer,
        responses={201: s.DueDateChangeSerializer},
    )
    @action(detail=True, methods=["post"], url_path="request-due-date-change")
    def request_due_date_change(self, request, pk=None):
        matter = get_matter_for(request.user, pk)
        data = self.valid(s.DueDateChangeInputSerializer)
        change = services.request_due_date_change(
            actor=request.user, matter=matter, requested_due_date=data["requested_due_date"], reason=data["reason"]
        )
        return self.show(s.DueDateChangeSerializer, _due_date_change(request.user, change.pk), status_code=201)


# --- slips


@extend_schema_view(
    list=extend_schema(
        summary="督办处理单列表（本部门的，督察办和院领导为全部）",
        parameters=[s.SlipFilterSerializer],
    ),
    retrieve=extend_schema(summary="督办处理单详情", responses=s.SlipDetailSerializer),
)
class SlipViewSet(BusinessViewSet):
    serializer_class = s.SlipSerializer
    queryset = Slip.objects.none()

    def list(self, request):
        params = s.SlipFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        slips = selectors.slips_for_department(user=request.user, status=params.validated_data.get("status", ""))
        page = self.paginate_queryset(slips)
        prefetch_related_objects(page, "assignee")
        return self.get_paginated_response(
            s.SlipSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk) -> Response:
        return self.show(
            s.SlipDetailSerializer,
            get_slip_for(self.request.user, pk, queryset=slip_detail_queryset(self.request.user)),
        )

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(summary="签收", request=None, responses=s.SlipDetailSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        services.acknowledge_slip(actor=request.user, slip=get_slip_for(request.user, pk))
        return self._detail(pk)

    @extend_schema(
        summary="反馈（multipart/form-data：text 和若干 attachments 文件）",
        request={"multipart/form-data": s.FeedbackInputSerializer},
        responses={201: s.FeedbackSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def feedback(self, request, pk=None):
        slip = get_slip_for(request.user, pk)
        data = self.valid(s.FeedbackInputSerializer)
        # Clients differ in how they name a repeated file field; both spellings are the same list.
        files = request.FILES.getlist("attachments") + request.FILES.getlist("attachments[]")
        feedback = services.submit_feedback(actor=request.user, slip=slip, text=data["text"], files=files)
        feedback = _get(feedback_visible_to(request.user), feedback.pk, "反馈不存在或您无权查看")
        return self.show(s.FeedbackSerializer, feedback, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="申请延期", request=s.ExtensionInputSerializer, responses={201: s.ExtensionRequestSerializer}
    )
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request, pk=None):
        slip = get_slip_for(request.user, pk)
        data = self.valid(s.ExtensionInputSerializer)
        extension = services.request_extension(
            actor=request.user, slip=slip, requested_deadline=data["requested_deadline"], reason=data["reason"]
        )
        extension = _get(extensions_visible_to(request.user), extension.pk, "延期申请不存在或您无权查看")
        return self.show(s.ExtensionRequestSerializer, extension, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        summary="催办（每张督办单每天一次）", request=s.ReminderInputSerializer, responses=s.SlipDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        slip = get_slip_for(request.user, pk)
        data = self.valid(s.ReminderInputSerializer)
        services.remind_slip(actor=request.user, slip=slip, note=data["note"])
        return self._detail(pk)

    @extend_schema(summary="分办给本部门的承办人", request=s.AssignInputSerializer, responses=s.SlipDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        slip = get_slip_for(request.user, pk)
        data = self.valid(s.AssignInputSerializer)
        services.assign_slip(actor=request.user, slip=slip, assignee=data["assignee"])
        return self._detail(pk)


# --- feedback


@extend_schema_view(
    list=extend_schema(summary="反馈列表", parameters=[s.FeedbackFilterSerializer]),
    retrieve=extend_schema(summary="反馈详情"),
)
class FeedbackViewSet(BusinessViewSet):
    serializer_class = s.FeedbackSerializer
    queryset = Feedback.objects.none()

    def list(self, request):
        params = s.FeedbackFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        feedback = feedback_visible_to(request.user).order_by("-submitted_at", "-id")
        if review := params.validated_data.get("review"):
            feedback = feedback.filter(review=review)
        page = self.paginate_queryset(feedback)
        return self.get_paginated_response(
            s.FeedbackSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _get(self, pk) -> Feedback:
        return _get(feedback_visible_to(self.request.user), pk, "反馈不存在或您无权查看")

    def retrieve(self, request, pk=None):
        return self.show(s.FeedbackSerializer, self._get(pk))

    @extend_schema(summary="审核通过", request=s.CommentSerializer, responses=s.FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        feedback = self._get(pk)
        data = self.valid(s.CommentSerializer)
        services.accept_feedback(actor=request.user, feedback=feedback, comment=data["comment"])
        return self.show(s.FeedbackSerializer, self._get(pk))

    @extend_schema(summary="退回", request=s.ReasonSerializer, responses=s.FeedbackSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        feedback = self._get(pk)
        data = self.valid(s.ReasonSerializer)
        services.return_feedback(actor=request.user, feedback=feedback, reason=data["reason"])
        return self.show(s.FeedbackSerializer, self._get(pk))


# --- extension requests


@extend_schema_view(
    list=extend_schema(summary="延期申请列表", parameters=[s.ExtensionFilterSerializer]),
    retrieve=extend_schema(summary="延期申请详情"),
)
class ExtensionRequestViewSet(BusinessViewSet):
    serializer_class = s.ExtensionRequestSerializer
    queryset = ExtensionRequest.objects.none()

    def list(self, request):
        params = s.ExtensionFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        extensions = extensions_visible_to(request.user).order_by("-requested_at", "-id")
        if decision := params.validated_data.get("decision"):
            extensions = extensions.filter(decision=decision)
        page = self.paginate_queryset(extensions)
        return self.get_paginated_response(
            s.ExtensionRequestSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _get(self, pk) -> ExtensionRequest:
        return _get(extensions_visible_to(self.request.user), pk, "延期申请不存在或您无权查看")

    def retrieve(self, request, pk=None):
        return self.show(s.ExtensionRequestSerializer, self._get(pk))

    @extend_schema(summary="批准延期", request=s.CommentSerializer, responses=s.ExtensionRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        extension = self._get(pk)
        data = self.valid(s.CommentSerializer)
        services.approve_extension(actor=request.user, request=extension, comment=data["comment"])
        return self.show(s.ExtensionRequestSerializer, self._get(pk))

    @extend_schema(
        summary="不批准延期",
        request=s.RequiredCommentSerializer,
        responses={200: s.ExtensionRequestSerializer, 400: OpenApiResponse(description="理由未填写或已审批")},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        extension = self._get(pk)
        data = self.valid(s.RequiredCommentSerializer)
        services.reject_extension(actor=request.user, request=extension, comment=data["comment"])
        return self.show(s.ExtensionRequestSerializer, self._get(pk))


# --- the office's due-date changes


def due_date_changes_visible_to(user) -> QuerySet[DueDateChange]:
    return access.due_date_changes_visible_to(user).select_related("requested_by", "decided_by", "matter")


def _due_date_change(user, pk) -> DueDateChange:
    return get_due_date_change_for(user, pk, queryset=due_date_changes_visible_to(user))


@extend_schema_view(
    list=extend_schema(summary="应办结日期调整申请列表", parameters=[s.DueDateChangeFilterSerializer]),
    retrieve=extend_schema(summary="应办结日期调整申请详情"),
)
class DueDateChangeViewSet(BusinessViewSet):
    serializer_class = s.DueDateChangeSerializer
    queryset = DueDateChange.objects.none()

    def list(self, request):
        params = s.DueDateChangeFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        changes = due_date_changes_visible_to(request.user).order_by("-requested_at", "-id")
        if decision := params.validated_data.get("decision"):
            changes = changes.filter(decision=decision)
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(
            s.DueDateChangeSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request, pk=None):
        return self.show(s.DueDateChangeSerializer, _due_date_change(request.user, pk))

    @extend_schema(summary="批准调整应办结日期", request=s.CommentSerializer, responses=s.DueDateChangeSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        change = _due_date_change(request.user, pk)
        data = self.valid(s.CommentSerializer)
        services.approve_due_date_change(actor=request.user, change=change, comment=data["comment"])
        return self.show(s.DueDateChangeSerializer, _due_date_change(request.user, pk))

    @extend_schema(
        summary="不批准调整应办结日期",
        request=s.RequiredCommentSerializer,
        responses={200: s.DueDateChangeSerializer, 400: OpenApiResponse(description="理由未填写或已审批")},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        change = _due_date_change(request.user, pk)
        data = self.valid(s.RequiredCommentSerializer)
        services.reject_due_date_change(actor=request.user, change=change, comment=data["comment"])
        return self.show(s.DueDateChangeSerializer, _due_date_change(request.user, pk))


# --- what the forms choose from


@extend_schema_view(list=extend_schema(summary="启用的督察类别"), retrieve=extend_schema(summary="督察类别"))
class CategoryViewSet(BusinessViewSet):
    serializer_class = s.CategorySerializer
    pagination_class = None  # a handful of rows that a form lists whole

    def get_queryset(self):
        return MatterCategory.objects.filter(is_active=True)

    def list(self, request):
        return Response(s.CategorySerializer(self.get_queryset(), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(s.CategorySerializer(_get(self.get_queryset(), pk, "督察类别不存在")).data)


@extend_schema_view(list=extend_schema(summary="本院部门"), retrieve=extend_schema(summary="部门"))
class DepartmentViewSet(BusinessViewSet):
    serializer_class = s.DepartmentSerializer
    pagination_class = None

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or not user.department_id:
            return Department.objects.none()
        return Department.objects.filter(procuratorate_id=user.department.procuratorate_id)

    def list(self, request):
        return Response(s.DepartmentSerializer(self.get_queryset(), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(s.DepartmentSerializer(_get(self.get_queryset(), pk, "部门不存在")).data)
