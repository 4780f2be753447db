"""The menu: which entries each role sees, in order. Entries whose page a role cannot open are never shown."""

from dataclasses import dataclass

from .roles import Capability, user_can


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    icon: str
    capability: Capability | None = None  # None: every signed-in user


MENU = (
    MenuEntry("首页", "home", "house"),
    MenuEntry("督察事项", "supervision:matter_list", "clipboard-check", Capability.VIEW_BUSINESS),
    MenuEntry("督办处理单", "supervision:slip_list", "send-check", Capability.VIEW_BUSINESS),
    MenuEntry("用户与角色", "accounts:users", "people", Capability.MANAGE_ROLES),
    MenuEntry("审计日志", "audit:log", "journal-text", Capability.READ_AUDIT_LOG),
    MenuEntry("系统管理", "admin:index", "gear", Capability.MANAGE_USERS),
)


def menu_for(user) -> list[MenuEntry]:
    return [e for e in MENU if e.capability is None or user_can(user, e.capability)]
