from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from procuracy.errors import ServiceError
from supervision.dashboard import COLOURS, colours_to_count, dashboard_for
from workcalendar.selectors import calendar_status

from . import selectors, services
from .forms import ChangePasswordForm, RoleAssignmentForm, SignInForm, UserSearchForm
from .models import User
from .navigation import extra_counts_for, todo_counts_for
from .permissions import capability_required
from .roles import Capability, capabilities_of


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class ChangePasswordView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "registration/password_change.html"

    def form_valid(self, form):
        user = services.change_password(
            actor=self.request.user, user=self.request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "密码已修改。")
        return redirect("home")


# What a role can do today, on the home page, where it says it in words of the pages a user will find (the matrix's
# wording in roles.py is the permission table's). Leadership reads the monthly report, instructs and watches the
# on-time rates; the office and leadership open 督察看板 and 绩效考核.
AVAILABLE_NOW = {
    Capability.VIEW_BUSINESS: "查看职责范围内的督察事项和督办处理单",
    Capability.MANAGE_MATTERS: "立项、下发督办处理单、催办、审核反馈、办结事项，申请调整应办结日期",
    Capability.APPROVE: "审批延期申请和应办结日期调整，另定一周办结时限，向范围外人员共享事项，接收逾期升级",
    Capability.RESPOND: "签收本部门督办单、填报反馈、申请延期（部门负责人可分办）",
    Capability.READ_MONTHLY_REPORT: "阅看每月的检务督察专报并作出批示，查看逾期事项清单和各部门按期办结率",
    Capability.VIEW_OFFICE_RECORDS: "查阅谈话、检查、列席会议记录和承办的检风检纪案件，查看督察看板和绩效考核",
}


def home(request):
    user = request.user
    capabilities = sorted(capabilities_of(user.roles), key=lambda c: list(Capability).index(c))
    # The system administrator maintains the calendar: tell them when a year deadlines reach is missing.
    calendar_banner = calendar_status().banner if Capability.MANAGE_USERS in capabilities else ""
    dashboard = None
    if Capability.VIEW_BUSINESS in capabilities:
        # The colour tiles are counted in the query of the menu's 待办 badges and the bell.
        counts = todo_counts_for(request, also=colours_to_count(user, timezone.localdate()))
        extra = extra_counts_for(request)
        colour_counts = {c: extra[f"colour_{c}"] for c in COLOURS} if "colour_red" in extra else None
        dashboard = dashboard_for(user, counts=counts, colour_counts=colour_counts)
    return render(
        request,
        "accounts/home.html",
        {
            "capability_labels": [AVAILABLE_NOW.get(c, c.label) for c in capabilities],
            "dashboard": dashboard,
            "calendar_banner": calendar_banner,
        },
    )


@capability_required(Capability.MANAGE_ROLES)
def user_list(request):
    form = UserSearchForm(request.GET)
    search = form.search()
    page = Paginator(selectors.user_list(search=search), 30).get_page(request.GET.get("page"))
    locked = selectors.locked_usernames(u.username for u in page)
    context = {"page": page, "q": form["q"].value() or "", "form": form, "locked": locked}
    return render(request, "accounts/user_list.html", context)


@capability_required(Capability.MANAGE_ROLES)
def user_detail(request, user_id: int):
    subject = get_object_or_404(User.objects.select_related("department"), pk=user_id)
    form = RoleAssignmentForm(request.POST or None, initial={"roles": [r.value for r in subject.roles]})
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_roles(actor=request.user, user=subject, roles=form.cleaned_data["roles"])
        except ServiceError as exc:
            form.add_error("roles", exc.message)
        else:
            messages.success(request, f"已更新 {subject.full_name} 的角色。")
            return redirect("accounts:user_detail", user_id=subject.pk)
    locked = subject.username in selectors.locked_usernames([subject.username])
    return render(request, "accounts/user_detail.html", {"subject": subject, "form": form, "locked": locked})


@require_POST
@capability_required(Capability.MANAGE_ROLES)
def require_password_change(request, user_id: int):
    subject = get_object_or_404(User, pk=user_id)
    services.require_password_change(actor=request.user, user=subject)
    messages.success(request, f"{subject.full_name} 下次登录时须修改密码。")
    return redirect("accounts:user_detail", user_id=subject.pk)


@require_POST
@capability_required(Capability.MANAGE_ROLES)
def unlock(request, user_id: int):
    subject = get_object_or_404(User, pk=user_id)
    services.unlock_user(actor=request.user, user=subject)
    messages.success(request, f"已解除 {subject.full_name} 的登录锁定。")
    return redirect("accounts:user_detail", user_id=subject.pk)


@require_POST
@never_cache
@capability_required(Capability.RESET_PASSWORD)
def reset_password(request, user_id: int):
    subject = get_object_or_404(User, pk=user_id)
    try:
        password = services.reset_password(actor=request.user, user=subject)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user_detail", user_id=subject.pk)
    # Rendered, not redirected: the one-time password is in this response only, never in a message cookie.
    return render(request, "accounts/one_time_password.html", {"subject": subject, "password": password})
