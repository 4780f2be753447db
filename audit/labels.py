"""How audit actions read on the page. Apps add their verbs with ``register``."""

ACTION_LABELS: dict[str, str] = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "sign_in": "登录",
    "sign_out": "退出",
    "sign_in_failed": "登录失败",
    "locked_out": "账户锁定",
    "unlock": "解除锁定",
    "assign_roles": "分配角色",
    "require_password_change": "要求修改密码",
    "change_password": "修改密码",
    "reset_password": "重置密码",
}


def register(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
