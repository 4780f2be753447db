from procuracy.errors import ErrorCode


class CaseError(ErrorCode):
    UNSUPPORTED_FILE_TYPE = (
        "unsupported_file_type",
        "只能导入 .xlsx 或 .csv 文件（.xls 请先在 Excel 或 WPS 中另存为 .xlsx）",
    )
    UNREADABLE_FILE = ("unreadable_file", "文件无法读取，可能已损坏，或不是 Excel 文件")
    UNKNOWN_ENCODING = ("unknown_encoding", "无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码")
    MISSING_COLUMNS = ("missing_columns", "缺少必需的列")
    PROCURATORATE_REQUIRED = ("procuratorate_required", "请指定案件所属的检察院")
    EXTENSION_REASON_REQUIRED = ("extension_reason_required", "请填写延长办案期限的理由")
    EXTENSION_REASON_TOO_LONG = ("extension_reason_too_long", "延长理由不能超过200个字")
    CASE_CLOSED = ("case_closed", "案件已办结，不能延长办案期限")
    NOT_EXTENDABLE = ("not_extendable", "该案件的办案期限规则不可延长")
    ALREADY_EXTENDED = ("already_extended", "该案件的办案期限已经延长过")
    NUMBER_REQUIRED = ("number_required", "请填写统一受案号")
    INVALID_ROW = ("invalid_row", "案件信息有误")
    OTHER_PROCURATORATE = ("other_procuratorate", "该统一受案号的案件属于另一检察院，不能在此导入")
