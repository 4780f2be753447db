"""Why an act on 案件质量评查 is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class ReviewError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以发起案件质量评查")
    CASE_REQUIRED = ("case_required", "请选择被评查的案件")
    CASE_NOT_IN_PROCURATORATE = ("case_not_in_procuratorate", "案件不属于本院")
    KIND_INVALID = ("kind_invalid", "请选择评查类型")
    REVIEWERS_REQUIRED = ("reviewers_required", "请至少指定一名评查人")
    REVIEWER_IS_HANDLER = ("reviewer_is_handler", "案件的承办检察官不能评查自己办理的案件")
    REVIEWER_NOT_ELIGIBLE = ("reviewer_not_eligible", "评查人只能是本院在职的业务人员")
    DUE_ON_IN_PAST = ("due_on_in_past", "评查期限不能早于今天")
    DRAW_NOT_IN_PROCURATORATE = ("draw_not_in_procuratorate", "抽查批次不属于本院")
    NOT_REVIEWER = ("not_reviewer", "只有本评查的评查人可以评定")
    NOT_ALLOWED_IN_STATE = ("not_allowed_in_state", "当前状态下不能执行此操作")
    SCORE_REQUIRED = ("score_required", "请为每个评查项目打分")
    SCORE_INVALID = ("score_invalid", "得分须为不超过该项分值的非负数，最多一位小数")
    UNKNOWN_DIMENSION = ("unknown_dimension", "评查项目不存在或已停用")
    NO_GRADE_SCALE = ("no_grade_scale", "尚无施行中的评定等次标准，请管理员先维护")
    GRADE_INVALID = ("grade_invalid", "评定等次不属于施行中的标准")
    NO_GRADE_FOR_TOTAL = ("no_grade_for_total", "总分低于施行中标准的最低等次，请手动选择等次")
    CONCLUSION_REQUIRED = ("conclusion_required", "请填写评查意见")
    NO_HANDLING_DEPARTMENT = ("no_handling_department", "案件没有承办部门，评查发现的问题无法下发整改")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
