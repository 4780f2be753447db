"""Why an act on a 批示 is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class InstructionError(ErrorCode):
    NOT_LEADERSHIP = ("not_leadership", "只有本院院领导可以作出批示")
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以将批示转为督察事项")
    SUBJECT_REQUIRED = ("instruction_subject_required", "批示须针对一期检务督察专报或一个督察事项")
    REPORT_NOT_SUBMITTED = ("report_not_submitted", "专报尚未呈报，不能批示")
    REPORT_NOT_VISIBLE = ("report_not_visible", "专报不存在或不属于本院")
    MATTER_NOT_VISIBLE = ("matter_not_visible", "督察事项不存在或不属于本院")
    TEXT_REQUIRED = ("instruction_text_required", "请填写批示内容")
    ALREADY_CONVERTED = ("already_converted", "该批示已转为督察事项，不能重复转立项")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
