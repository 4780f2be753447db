"""Demo 列席会议 for ``seed_demo``: a meeting with two opinions, one of them turned into a draft 督察建议书."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Department

from ..models import MeetingAttendance
from ..services import meetings as services


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users. Once per procuratorate."""
    if MeetingAttendance.objects.filter(procuratorate=procuratorate).exists():
        return
    inspector = users["inspector"]
    department = {d.name: d for d in Department.objects.filter(procuratorate=procuratorate)}
    meeting = services.record_meeting(
        actor=inspector,
        meeting="第一检察部2026年第四季度案件质量分析会",
        held_on=timezone.localdate() - timedelta(days=7),
        organizer=department["第一检察部"],
        attendees=[inspector, users["director"]],
        notes="会议通报了第三季度办案质效数据，分析了退回补充侦查率偏高的原因。",
    )
    opinion = services.add_opinion(
        actor=inspector,
        meeting=meeting,
        text="建议对退回补充侦查案件逐件说明理由，建立退查必要性审查机制。",
        department=department["第一检察部"],
    )
    services.add_opinion(actor=inspector, meeting=meeting, text="会议准备充分，数据翔实，会风会纪良好。")
    services.opinion_to_recommendation(actor=inspector, opinion=opinion)
