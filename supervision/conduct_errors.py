"""Why an act on a 检风检纪 case is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class ConductError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以对检风检纪问题立案")
    NOT_INVESTIGATOR = ("not_investigator", "只有本案承办人和检务督察办公室主任可以办理本案")
    NOT_DIRECTOR = ("not_director", "只有检务督察办公室主任可以调整承办人")
    NOT_ALLOWED_IN_STATE = ("not_allowed_in_state", "当前状态下不能执行此操作")
    TITLE_REQUIRED = ("conduct_title_required", "请填写案件名称")
    ALLEGATION_REQUIRED = ("allegation_required", "请填写反映问题")
    SOURCE_INVALID = ("source_invalid", "请选择案件来源")
    SUBJECTS_REQUIRED = ("subjects_required", "请选择调查对象")
    SUBJECT_NOT_IN_PROCURATORATE = ("subject_not_in_procuratorate", "调查对象只能是本院人员")
    SUBJECT_IS_ACTOR = ("subject_is_actor", "不能对本人立案调查，请回避")
    INVESTIGATORS_REQUIRED = ("investigators_required", "请选择承办督察员")
    INVESTIGATOR_NOT_INSPECTOR = (
        "investigator_not_inspector",
        "承办人只能是本院在职的督察员或检务督察办公室主任",
    )
    INVESTIGATOR_IS_SUBJECT = ("investigator_is_subject", "调查对象不能担任本案承办人")
    DATE_REQUIRED = ("date_required", "请填写日期")
    DATE_IN_FUTURE = ("date_in_future", "日期不能晚于今天")
    STEP_BEFORE_OPENING = ("step_before_opening", "调查日期不能早于立案日期")
    DESCRIPTION_REQUIRED = ("step_description_required", "请填写调查情况")
    CONCLUSION_REQUIRED = ("conclusion_required", "请填写调查结论")
    ACCOUNTABILITY_REQUIRED = ("accountability_required", "请选择处理结果")
    ACCOUNTABILITY_DETAIL_REQUIRED = ("accountability_detail_required", "处理结果为“其他处理”时，请说明处理情况")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
