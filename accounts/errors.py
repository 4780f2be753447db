from procuracy.errors import ErrorCode


class AccountError(ErrorCode):
    ROLE_CONFLICT = ("role_conflict", "角色组合不允许")
    UNKNOWN_ROLE = ("unknown_role", "没有这个角色")
    CANNOT_CHANGE_OWN_ROLES = ("cannot_change_own_roles", "不能修改自己的角色")
    CANNOT_RESET_OWN_PASSWORD = ("cannot_reset_own_password", "不能重置自己的密码，请在“修改密码”中修改")
    DEMO_DATA_IN_PRODUCTION = ("demo_data_in_production", "DEBUG 关闭时不加载示例数据；确需加载请使用 --force")
