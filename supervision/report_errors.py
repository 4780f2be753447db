"""Why an act on a 检务督察专报 is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class ReportError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以修改、重新生成和呈报检务督察专报")
    NOT_READER = ("not_reader", "只有本院院领导阅看呈报的检务督察专报")
    NOT_ALLOWED_IN_STATE = ("not_allowed_in_state", "当前状态下不能执行此操作")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
