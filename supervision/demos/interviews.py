"""Demo 谈话记录 for ``seed_demo``: a 约谈 with a follow-up, a 廉政谈话 of a department head, and an 诫勉谈话
(which tells the director, as it would in use)."""

import datetime

from django.db import transaction
from django.utils import timezone

from ..models import Interview, InterviewKind
from ..services import interviews as services


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users. Once per procuratorate."""
    if Interview.objects.filter(procuratorate=procuratorate).exists():
        return
    inspector, director = users["inspector"], users["director"]
    today = timezone.localdate()
    talk = services.record_interview(
        actor=inspector,
        kind=InterviewKind.INTERVIEW,
        subjects=[users["prosecutor2"]],
        interviewers=[inspector],
        reason="群众来信反映接待来访群众时态度生硬、解释不耐心。",
        held_on=today - datetime.timedelta(days=20),
        place="检务督察办公室谈话室",
        record_text="谈话对象对反映的情况作了说明，承认当日因工作繁忙态度欠佳，表示今后注意接访方式方法。",
    )
    services.add_interview_follow_up(
        actor=inspector, interview=talk, text="回访来信群众，对处理结果表示满意；近两周未再收到同类反映。"
    )
    services.record_interview(
        actor=director,
        kind=InterviewKind.INTEGRITY_TALK,
        subjects=[users["head1"]],
        interviewers=[director, inspector],
        reason="新任部门负责人任前廉政谈话。",
        held_on=today - datetime.timedelta(days=10),
        place="三楼小会议室",
        record_text="传达廉洁从检有关规定，提示部门负责人履行“一岗双责”，谈话对象表示将带头遵守。",
    )
    services.record_interview(
        actor=inspector,
        kind=InterviewKind.ADMONITION,
        subjects=[users["prosecutor1"]],
        interviewers=[inspector],
        reason="一个月内三次无故迟到，且未按规定请假离岗。",
        held_on=today - datetime.timedelta(days=3),
        place="检务督察办公室谈话室",
        record_text="谈话对象承认错误并作出书面检查，保证严格遵守考勤制度。",
    )
