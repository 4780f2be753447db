"""Why an act on a 谈话记录 or 检务督察检查 is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class InterviewError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以登记和修改谈话记录")
    KIND_INVALID = ("interview_kind_invalid", "请选择谈话类别")
    SUBJECTS_REQUIRED = ("subjects_required", "请选择谈话对象")
    SUBJECT_NOT_IN_PROCURATORATE = ("subject_not_in_procuratorate", "谈话对象只能是本院在职的业务人员")
    INTERVIEWERS_REQUIRED = ("interviewers_required", "请选择谈话人")
    INTERVIEWER_NOT_IN_PROCURATORATE = ("interviewer_not_in_procuratorate", "谈话人只能是本院在职的业务人员")
    INTERVIEWER_IS_SUBJECT = ("interviewer_is_subject", "谈话人不能同时是谈话对象")
    REASON_REQUIRED = ("reason_required", "请填写谈话事由")
    DATE_REQUIRED = ("held_on_required", "请填写谈话日期")
    DATE_IN_FUTURE = ("held_on_in_future", "谈话日期不能晚于今天")
    MATTER_NOT_IN_PROCURATORATE = ("matter_not_in_procuratorate", "督察事项不属于本院")
    FOLLOW_UP_REQUIRED = ("follow_up_required", "请填写后续跟踪情况")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")


class InspectionError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以登记检查和生成整改通知书")
    KIND_INVALID = ("inspection_kind_invalid", "请选择检查方式")
    TITLE_REQUIRED = ("inspection_title_required", "请填写检查名称")
    SCOPE_REQUIRED = ("scope_required", "请填写检查范围与内容")
    DATE_REQUIRED = ("started_on_required", "请填写检查日期")
    DATE_IN_FUTURE = ("started_on_in_future", "检查日期不能晚于今天")
    END_BEFORE_START = ("ended_before_start", "结束日期不能早于检查日期")
    INSPECTORS_REQUIRED = ("inspectors_required", "请选择检查人员")
    INSPECTOR_NOT_OFFICE = ("inspector_not_office", "检查人员只能是本院在职的业务人员")
    DEPARTMENT_NOT_IN_PROCURATORATE = ("department_not_in_procuratorate", "部门不属于本院")
    MATTER_NOT_IN_PROCURATORATE = ("matter_not_in_procuratorate", "督察事项不属于本院")
    DESCRIPTION_REQUIRED = ("description_required", "请填写发现的问题")
    DEPARTMENT_REQUIRED = ("department_required", "请选择责任部门")
    CATEGORY_REQUIRED = ("category_required", "请选择问题类别")
    INACTIVE_CATEGORY = ("inactive_category", "该问题类别已停用")
    SEVERITY_INVALID = ("severity_invalid", "严重程度无效")
    FINDINGS_REQUIRED = ("findings_required", "请勾选要生成整改通知书的发现问题")
    FINDING_NOT_OF_INSPECTION = ("finding_not_of_inspection", "所选问题不属于本次检查")
    FINDING_ALREADY_RAISED = ("finding_already_raised", "所选问题中有已转为整改问题的，不能重复生成")
    FINDINGS_OF_SEVERAL_DEPARTMENTS = (
        "findings_of_several_departments",
        "一份整改通知书只能主送一个部门，请只勾选同一责任部门的问题",
    )
    NOTICE_NOT_DRAFT = ("notice_not_draft", "只能加入本次检查发给该部门的整改通知书草稿")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
