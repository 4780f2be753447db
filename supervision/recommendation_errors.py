"""Why an act on a 督察建议书 or 列席会议 is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class RecommendationError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以拟制、修改和制发督察建议书")
    NOT_RECIPIENT = ("not_recipient", "只有主送部门的人员可以回复督察建议书")
    NOT_ALLOWED_IN_STATE = ("not_allowed_in_state", "当前状态下不能执行此操作")
    TITLE_REQUIRED = ("recommendation_title_required", "请填写标题")
    CONTENT_REQUIRED = ("content_required", "请填写督察建议")
    DEPARTMENT_REQUIRED = ("department_required", "请选择主送部门")
    DEPARTMENT_NOT_IN_PROCURATORATE = ("department_not_in_procuratorate", "部门不属于本院")
    MATTER_NOT_IN_PROCURATORATE = ("matter_not_in_procuratorate", "督察事项不属于本院")
    REPLY_REQUIRED = ("reply_required", "请填写回复内容")
    ADOPTION_REQUIRED = ("adoption_required", "请选择采纳情况")
    ADOPTION_REASON_REQUIRED = ("adoption_reason_required", "部分采纳或未采纳的，请说明理由")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")


class MeetingError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以登记列席会议")
    MEETING_REQUIRED = ("meeting_required", "请填写会议名称")
    DATE_REQUIRED = ("held_on_required", "请填写会议日期")
    DATE_IN_FUTURE = ("held_on_in_future", "会议日期不能晚于今天")
    ATTENDEES_REQUIRED = ("attendees_required", "请选择列席人员")
    ATTENDEE_NOT_OFFICE = ("attendee_not_office", "列席人员只能是本院检务督察部门在职人员")
    DEPARTMENT_NOT_IN_PROCURATORATE = ("department_not_in_procuratorate", "部门不属于本院")
    OPINION_REQUIRED = ("opinion_required", "请填写意见内容")
    OPINION_DEPARTMENT_REQUIRED = ("opinion_department_required", "意见未指明相关部门，不能转为督察建议书")
    ALREADY_RECOMMENDATION = ("already_recommendation", "该意见已转为督察建议书")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
