"""seed_demo's 通报: last month's monthly circular published and read by 第一检察部, and an ad-hoc draft; once."""

from django.core.management import call_command

from supervision.models import Circular, CircularAcknowledgement, CircularKind, CircularStatus


def _seed(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_seed_demo_publishes_last_months_circular_and_drafts_an_ad_hoc_one(db, settings):
    # when the demo is loaded twice
    _seed(settings)
    _seed(settings)
    # then one published monthly circular, read by 第一检察部 only, and one ad-hoc draft
    monthly = Circular.objects.get(kind=CircularKind.MONTHLY)
    assert monthly.status == CircularStatus.PUBLISHED and monthly.document_number.startswith("示检督通")
    assert list(CircularAcknowledgement.objects.values_list("department__name", flat=True)) == ["第一检察部"]
    ad_hoc = Circular.objects.get(kind=CircularKind.AD_HOC)
    assert ad_hoc.status == CircularStatus.DRAFT and ad_hoc.matters.exists()
