"""The acts on 通报: declared once (button label, audit label, states), and who is told of each.

A monthly circular is drafted by the scheduled job on the month's first workday (an ad-hoc one by the office,
from chosen matters and problems); while a draft the office edits it and may regenerate its figures; 印发 gives
it its number (示检督通〔2026〕N号) and tells every department head and the leadership; each department then
acknowledges reading it (阅知), once.
"""

from .models import CircularStatus
from .notices import Notice
from .transitions import Transition

DRAFT = frozenset({CircularStatus.DRAFT})

TRANSITIONS: dict[str, Transition] = {
    "update_circular": Transition(DRAFT, None, "修改", audit_label="修改通报"),
    "regenerate_statistics": Transition(DRAFT, None, "重新生成统计", audit_label="重新生成通报统计"),
    "publish_circular": Transition(DRAFT, CircularStatus.PUBLISHED, "印发", audit_label="印发通报", notifies=True),
    "acknowledge_circular": Transition(frozenset({CircularStatus.PUBLISHED}), None, "阅知", audit_label="阅知通报"),
}

# Audience "readers": the heads of the procuratorate's business and administrative departments, and the
# leadership (院领导) of the procuratorate.
NOTICES: dict[str, Notice] = {
    "publish_circular": Notice(("readers",), "新的通报：{item}，请阅知", "{summary}"),
}

# Audit verbs that are no act of TRANSITIONS (a read, an export), with their Chinese names.
AUDIT_LABELS: dict[str, str] = {
    "draft_monthly_circular": "拟制月度通报（定时任务）",
    "create_ad_hoc_circular": "拟制专项通报",
    "download_circular": "下载通报",
    "export_circulars": "导出通报台账",
}
