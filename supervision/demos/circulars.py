"""Demo 通报 for ``seed_demo``: last month's monthly circular, drafted as the job does and published, read by
第一检察部; and an ad-hoc draft about a few of the demo matters and problems."""

from django.db import transaction
from django.utils import timezone

from ..access import matters_visible_to, problems_visible_to
from ..circular_statistics import previous_month
from ..models import Circular, NoticeStatus
from ..services import circulars as services


@transaction.atomic
def seed(*, procuratorate, users) -> None:
    """Add demo records; ``users`` maps demo usernames to users. Once per procuratorate."""
    if Circular.objects.filter(procuratorate=procuratorate).exists():
        return
    inspector = users["inspector"]
    today = timezone.localdate()
    monthly = services.draft_monthly_circular(procuratorate=procuratorate, period=previous_month(today), day=today)
    if monthly is not None:
        monthly = services.publish_circular(actor=inspector, circular=monthly)
        services.acknowledge_circular(actor=users["head1"], circular=monthly)
    matters = list(matters_visible_to(inspector).exclude(document_number="").order_by("pk")[:2])
    problems = list(problems_visible_to(inspector).filter(notice__status=NoticeStatus.ISSUED).order_by("pk")[:2])
    if matters or problems:
        services.create_ad_hoc_circular(
            actor=inspector,
            title="关于部分督察事项办理迟缓和整改问题的专项通报",
            intro="近期检务督察办公室跟踪督办中发现，部分事项办理进度滞后、个别问题整改不到位，现通报如下：",
            matters=matters,
            problems=problems,
        )
