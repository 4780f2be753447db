"""Why a 回头看 draw is refused: stable codes, the Chinese message users read."""

from procuracy.errors import ErrorCode


class SamplingError(ErrorCode):
    NOT_OFFICE = ("not_office", "只有本院检务督察部门可以抽取回头看案件")
    TITLE_REQUIRED = ("title_required", "请填写抽查名称")
    POPULATION_INVALID = ("population_invalid", "请选择抽查范围")
    PERIOD_REQUIRED = ("period_required", "请填写起止日期")
    PERIOD_REVERSED = ("period_reversed", "截止日期不能早于起始日期")
    SHARE_INVALID = ("share_invalid", "抽查比例须大于 0、不超过 100，最多两位小数")
    SEED_INVALID = ("seed_invalid", "随机种子须为 0 至 9223372036854775807 之间的整数")
    DEPARTMENT_INVALID = ("department_invalid", "承办部门不属于本院")
    CASE_TYPE_INVALID = ("case_type_invalid", "案件类别过长或含有不可见字符")
    EMPTY_POPULATION = ("empty_population", "抽查范围内没有案件，请调整起止日期、部门或案件类别")
    REVIEWERS_REQUIRED = ("reviewers_required", "请至少指定一名评查人")
    REVIEWER_NOT_ELIGIBLE = ("reviewer_not_eligible", "评查人只能是本院在职的业务人员")
    ONLY_HANDLER_AVAILABLE = ("only_handler_available", "没有可评查该案的评查人")
    DUE_ON_IN_PAST = ("due_on_in_past", "评查期限不能早于今天")
    REASON_REQUIRED = ("reason_required", "重新抽取须填写理由")
    ALREADY_SUPERSEDED = ("already_superseded", "该次抽查已被重新抽取取代，不能再次取代")
    SUPERSEDED_NOT_IN_PROCURATORATE = ("superseded_not_in_procuratorate", "被取代的抽查不属于本院")
    CONTROL_CHARACTERS = ("control_characters", "内容含有不可见的控制字符，请删除后重新输入")
    TOO_LONG = ("too_long", "内容过长")
