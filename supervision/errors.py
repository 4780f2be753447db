from procuracy.errors import ErrorCode


class SupervisionError(ErrorCode):
    TITLE_REQUIRED = ("title_required", "请填写事项名称")
    REQUIREMENTS_REQUIRED = ("requirements_required", "请填写工作要求")
    NOT_ALLOWED_IN_STATE = ("not_allowed_in_state", "当前状态下不能执行此操作")
    ROLE_NOT_ALLOWED = ("role_not_allowed", "您的角色无权执行此操作")
    WRONG_DEPARTMENT = ("wrong_department", "只有承办部门的人员可以办理此督办单")
    OTHER_PROCURATORATE = ("other_procuratorate", "不能跨院操作")
    WARNING_AFTER_DUE = ("warning_after_due", "预警日期不能晚于应办结日期")
    WARNING_BEFORE_INITIATION = ("warning_before_initiation", "预警日期不能早于立项日期")
    DUE_IN_PAST = ("due_in_past", "应办结日期不能早于今天")
    DUE_BEFORE_INITIATION = ("due_before_initiation", "应办结日期不能早于立项日期")
    ONE_WEEK_DUE_FIXED = (
        "one_week_due_fixed",
        "一周办结事项的应办结日期为立项后 5 个工作日，只有督察办主任可以另行设定",
    )
    SLIP_DEADLINE_IN_PAST = ("slip_deadline_in_past", "办理时限不能早于今天")
    SLIP_DEADLINE_AFTER_DUE = (
        "slip_deadline_after_due",
        "办理时限不能晚于事项的应办结日期；如需延后，请先调整事项的应办结日期",
    )
    DEPARTMENT_NOT_IN_PROCURATORATE = ("department_not_in_procuratorate", "承办部门不属于本院")
    UNACCEPTED_SLIPS = ("unaccepted_slips", "仍有督办单未通过审核，不能办结")
    NO_SLIPS = ("no_slips", "尚未下发督办单，不能办结")
    RESULTS_REQUIRED = ("results_required", "办结时须填写工作成效")
    REASON_REQUIRED = ("reason_required", "请填写理由")
    FEEDBACK_TEXT_REQUIRED = ("feedback_text_required", "请填写反馈内容")
    FEEDBACK_ALREADY_REVIEWED = ("feedback_already_reviewed", "该反馈已审核")
    EXTENSION_NOT_LATER = ("extension_not_later", "申请延至的日期须晚于现有办理时限")
    EXTENSION_PENDING = ("extension_pending", "已有待审批的延期申请")
    EXTENSION_DECIDED = ("extension_decided", "该延期申请已审批")
    ATTACHMENT_TYPE = ("attachment_type", "附件类型不允许，仅限 pdf、ofd、doc、docx、xls、xlsx、jpg、png、zip")
    ATTACHMENT_TOO_LARGE = ("attachment_too_large", "附件过大")
    ATTACHMENT_EMPTY = ("attachment_empty", "附件是空文件")
    TOO_MANY_ATTACHMENTS = ("too_many_attachments", "附件过多")
    SHARE_TARGET = ("share_target", "只能共享给本院在职的业务人员")
    RESPONSIBLE_NOT_BUSINESS = (
        "responsible_not_business",
        "责任人只能是本院在职的业务人员，系统管理员、安全保密管理员、安全审计员不能担任",
    )
    INSPECTOR_NOT_SUPERVISOR = ("inspector_not_supervisor", "督察员只能是本院在职的督察员或督察办主任")
    INACTIVE_CATEGORY = ("inactive_category", "该督察类别已停用")
    ALREADY_REMINDED = ("already_reminded", "今天已催办过这张督办处理单，每张督办处理单每天最多催办一次")
    NOT_DEPARTMENT_HEAD = ("not_department_head", "只有承办部门的负责人可以分办督办处理单")
    ASSIGNEE_REQUIRED = ("assignee_required", "请选择承办人")
    ASSIGNEE_NOT_MEMBER = ("assignee_not_member", "承办人只能是承办部门在职的业务人员")
    DUE_DATE_REQUIRED = ("due_date_required", "请填写拟调整的应办结日期")
    DUE_DATE_UNCHANGED = ("due_date_unchanged", "拟调整的日期与现有应办结日期相同")
    DUE_DATE_BEFORE_SLIPS = ("due_date_before_slips", "应办结日期不能早于已下发督办处理单的办理时限")
    DUE_DATE_CHANGE_PENDING = ("due_date_change_pending", "已有待审批的应办结日期调整申请")
    DUE_DATE_CHANGE_DECIDED = ("due_date_change_decided", "该应办结日期调整申请已审批")
