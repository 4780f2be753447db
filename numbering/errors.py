from procuracy.errors import ErrorCode


class NumberingError(ErrorCode):
    MALFORMED_NUMBER = ("malformed_number", "文号格式不正确，应如“示检督立〔2026〕12号”")
    NUMBER_ALREADY_USED = ("number_already_used", "不能改小：该文号之前的号码已经使用")
