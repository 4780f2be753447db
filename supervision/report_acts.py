"""The acts on 检务督察专报: declared once (button label, audit label, states), and who is told of each.

The scheduled job drafts last month's report on the 1st with its figures frozen; while a draft the office
edits its four narrative sections and may regenerate the figures; 呈报 hands it to the chief and the leadership
(told once); reading it keeps a read receipt; a 批示 on it (``instruction_acts``) makes it 已批示.
"""

from .models import MonthlyReportStatus
from .notices import Notice
from .transitions import Transition

DRAFT = frozenset({MonthlyReportStatus.DRAFT})
SUBMITTED = frozenset({MonthlyReportStatus.SUBMITTED, MonthlyReportStatus.INSTRUCTED})

TRANSITIONS: dict[str, Transition] = {
    "update_report": Transition(DRAFT, None, "修改", audit_label="修改检务督察专报"),
    "regenerate_report": Transition(DRAFT, None, "重新生成统计", audit_label="重新生成专报统计"),
    "submit_report": Transition(
        DRAFT, MonthlyReportStatus.SUBMITTED, "呈报", audit_label="呈报检务督察专报", notifies=True
    ),
}

# Audience "leadership": the chief and the other 院领导 of the report's procuratorate.
NOTICES: dict[str, Notice] = {
    "submit_report": Notice(("leadership",), "新的检务督察专报：{item}，请审阅", "{summary}"),
}

AUDIT_LABELS: dict[str, str] = {
    "draft_monthly_report": "拟制检务督察专报（定时任务）",
    "read_report": "阅看检务督察专报",
    "download_report": "下载检务督察专报",
    "export_report_figures": "导出专报统计",
}
