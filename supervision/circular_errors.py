"""Why an act on a 通报 is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class CircularError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以拟制、修改和印发通报")
    NOT_READER = ("not_reader", "只有本院业务部门和综合行政部门的人员可以阅知通报")
    NOT_ALLOWED_IN_STATE = ("not_allowed_in_state", "当前状态下不能执行此操作")
    TITLE_REQUIRED = ("circular_title_required", "请填写标题")
    BODY_REQUIRED = ("circular_body_required", "请填写正文")
    ITEMS_REQUIRED = ("items_required", "请至少选择一个督察事项或整改问题")
    MATTER_NOT_VISIBLE = ("matter_not_visible", "所选督察事项不存在或不属于本院")
    PROBLEM_NOT_VISIBLE = ("problem_not_visible", "所选整改问题不存在或不属于本院")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
