from procuracy.errors import ErrorCode


class CalendarError(ErrorCode):
    UNKNOWN_KIND = ("calendar_unknown_kind", "类型只能是法定节假日/休息日或调休上班日")
    WORKDAY_NOT_ON_WEEKEND = ("calendar_workday_not_on_weekend", "调休上班日只能设在周六或周日，工作日本来就上班")
    DAY_NOT_SET = ("calendar_day_not_set", "该日期没有节假日或调休记录")
    YEAR_ALREADY_OFFICIAL = ("calendar_year_already_official", "该年度工作日历已经确认为正式版本")
