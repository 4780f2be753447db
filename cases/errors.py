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
