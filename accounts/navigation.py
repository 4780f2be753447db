"""The menu: which entries each role sees, in order. Entries whose page a role cannot open are never shown.

我的待办 carries the user's count of work waiting, and under it one sub-entry per kind that has any (待签收 3,
待审核 1 …), each opening the 待办 page on that kind.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from .roles import Capability, user_can

TODO_URL_NAME = "supervision:todo"


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    icon: str
    capability: Capability | None = None  # None: every signed-in user


MENU = (
    MenuEntry("首页", "home", "house"),
    MenuEntry("我的待办", TODO_URL_NAME, "list-check", Capability.VIEW_BUSINESS),
    MenuEntry("督察事项", "supervision:matter_list", "clipboard-check", Capability.VIEW_BUSINESS),
    MenuEntry("督办处理单", "supervision:slip_list", "send-check", Capability.VIEW_BUSINESS),
    MenuEntry("整改通知书", "supervision:notice_list", "file-earmark-text", Capability.VIEW_BUSINESS),
    MenuEntry("整改问题", "supervision:problem_list", "tools", Capability.VIEW_BUSINESS),
    MenuEntry("督察建议书", "supervision:recommendation_list", "lightbulb", Capability.VIEW_BUSINESS),
    MenuEntry("通报", "supervision:circular_list", "megaphone", Capability.VIEW_BUSINESS),
    MenuEntry("案件", "cases:case_list", "folder2-open", Capability.VIEW_BUSINESS),
    MenuEntry("案件评查", "cases:review_list", "card-checklist", Capability.VIEW_BUSINESS),
    MenuEntry("回头看", "cases:draw_list", "shuffle", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("过问案件记录", "cases:inquiry_list", "journal-bookmark", Capability.VIEW_BUSINESS),
    MenuEntry("司法档案", "cases:dossier_list", "person-vcard", Capability.VIEW_BUSINESS),
    MenuEntry("检务督察专报", "supervision:report_list", "journal-richtext", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("批示", "supervision:instruction_list", "pen", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("督察看板", "supervision:dashboard", "bar-chart-line", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("绩效考核", "supervision:evaluation", "clipboard-data", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("检务督察检查", "supervision:inspection_list", "search", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("谈话记录", "supervision:interview_list", "chat-square-text", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("列席会议", "supervision:meeting_list", "people-fill", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("检风检纪", "supervision:conduct_case_list", "shield-lock", Capability.VIEW_OFFICE_RECORDS),
    MenuEntry("用户与角色", "accounts:users", "people", Capability.MANAGE_ROLES),
    MenuEntry("审计日志", "audit:log", "journal-text", Capability.READ_AUDIT_LOG),
    MenuEntry("系统管理", "admin:index", "gear", Capability.MANAGE_USERS),
)


def menu_for(user) -> list[MenuEntry]:
    return [e for e in MENU if e.capability is None or user_can(user, e.capability)]


@dataclass(frozen=True)
class MenuLink:
    """One link of the rendered menu."""

    label: str
    href: str
    icon: str
    active: bool = False
    badge: int = 0
    children: list["MenuLink"] = field(default_factory=list)


def todo_counts_for(request, *, also: dict | None = None) -> dict[str, int]:
    """The 待办 counts of the signed-in user, counted once per request however many places show them (menu
    badges, home, 我的待办), in the one query that also counts the bell's unread messages (``extra_counts_for``).

    ``also``: more counts (querysets by name) for the same query, if the view asks before anything else counted;
    they are found in ``extra_counts_for``.
    """
    counts = getattr(request, "_todo_counts", None)
    if counts is None:
        from notifications.selectors import unread_messages
        from supervision.todo import todo_counts

        user = request.user
        extra = {"unread": unread_messages(user), **(also or {})}
        counts = todo_counts(user, also=extra)
        request._extra_counts = {name: counts.pop(name) for name in extra}
        request._todo_counts = counts
    return counts


def extra_counts_for(request) -> dict[str, int]:
    """``unread``, the bell's count, and whatever a view added with ``todo_counts_for(also=...)``."""
    todo_counts_for(request)
    return request._extra_counts


def menu_links(request, *, current_view: str) -> list[MenuLink]:
    user = request.user
    current_kind = request.GET.get("kind", "") if current_view == TODO_URL_NAME else None
    links = []
    for entry in menu_for(user):
        href = reverse(entry.url_name)
        if entry.url_name != TODO_URL_NAME:
            links.append(MenuLink(entry.label, href, entry.icon, active=current_view == entry.url_name))
            continue
        from supervision.todo import KIND_LABELS, kinds_for

        counts = todo_counts_for(request)
        children = [
            MenuLink(KIND_LABELS[kind], f"{href}?kind={kind}", "", active=current_kind == kind, badge=counts[kind])
            for kind in kinds_for(user)
            if counts[kind]
        ]
        links.append(
            MenuLink(
                entry.label,
                href,
                entry.icon,
                active=current_kind == "",
                badge=counts["total"],
                children=children,
            )
        )
    return links
