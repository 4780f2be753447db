"""Why a rectification act is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class RectificationError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以制发整改通知书和销号")
    TITLE_REQUIRED = ("notice_title_required", "请填写整改通知书标题")
    DEPARTMENT_NOT_IN_PROCURATORATE = ("department_not_in_procuratorate", "部门不属于本院")
    SOURCE_INVALID = ("source_invalid", "来源无效")
    MATTER_REQUIRED = ("matter_required", "来源为督察事项时，请选择督察事项")
    MATTER_NOT_IN_PROCURATORATE = ("matter_not_in_procuratorate", "督察事项不属于本院")
    NO_PROBLEMS = ("no_problems", "整改通知书至少要列明一个问题")
    DESCRIPTION_REQUIRED = ("description_required", "请填写问题描述")
    CATEGORY_REQUIRED = ("category_required", "请选择问题类别")
    INACTIVE_CATEGORY = ("inactive_category", "该问题类别已停用")
    SEVERITY_INVALID = ("severity_invalid", "严重程度无效")
    DEADLINE_IN_PAST = ("deadline_in_past", "整改期限不能早于今天")
    NOT_ALLOWED_IN_STATE = ("not_allowed_in_state", "当前状态下不能执行此操作")
    NOTICE_NOT_ISSUED = ("notice_not_issued", "整改通知书尚未制发")
    WRONG_DEPARTMENT = ("wrong_department", "只有责任部门的人员可以认领整改此问题")
    NOT_DEPARTMENT_HEAD = ("not_department_head", "只有责任部门的负责人可以分办问题")
    NOT_RESPONSIBLE = ("not_responsible", "只有认领人、整改责任人或部门负责人可以提交整改情况")
    ASSIGNEE_REQUIRED = ("assignee_required", "请选择整改责任人")
    ASSIGNEE_NOT_MEMBER = ("assignee_not_member", "整改责任人只能是责任部门在职的业务人员")
    MEASURES_REQUIRED = ("measures_required", "请填写整改措施")
    TOO_MANY_ATTACHMENTS = ("too_many_attachments", "附件过多")
    REASON_REQUIRED = ("reason_required", "请填写理由")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
    NEW_DEADLINE_REQUIRED = ("new_deadline_required", "请填写重新整改的期限")
