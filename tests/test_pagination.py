"""The big lists' pages fetch their rows by key (procuracy/pagination.py): the same rows, in the same order, as a
plain slice, in one query, whatever the list's filters join."""

import pytest

from procuracy.pagination import KeyedPaginator, page_of
from supervision.models import Matter
from tests.query_counts import counting

pytestmark = pytest.mark.django_db


@pytest.fixture
def matters(issued_slip):
    first = [issued_slip().matter for _ in range(5)]
    second = [issued_slip(department_name="第二检察部").matter for _ in range(4)]
    return first, second


def test_every_page_holds_what_a_plain_slice_holds_in_its_order(matters):
    rows = Matter.objects.select_related("category").order_by("-due_date", "-id")
    plain = list(rows)
    pages = [list(KeyedPaginator(rows, 4).page(n)) for n in (1, 2, 3)]
    assert pages == [plain[0:4], plain[4:8], plain[8:]]


def test_a_filter_across_a_reverse_relation_still_chooses_the_page_s_rows(matters):
    first, _ = matters
    # each matter has one slip of 第一检察部 and none other: the join can match many slips, the filter one
    rows = Matter.objects.filter(slips__department__name="第一检察部").order_by("-id")
    assert list(page_of(rows, 1, count=5, per_page=3)) + list(page_of(rows, 2, count=5, per_page=3)) == sorted(
        first, key=lambda m: -m.pk
    )


def test_a_page_is_one_query(matters):
    page = page_of(Matter.objects.select_related("category").order_by("-id"), 2, count=9, per_page=4)
    with counting() as counted:
        assert len(list(page)) == 4
    assert counted.queries == 1


def test_a_union_is_sliced_as_django_slices_it(matters):
    first, second = matters
    parts = [Matter.objects.filter(pk=m.pk).order_by() for m in (first[0], second[0])]
    rows = parts[0].union(parts[1]).order_by("-id")
    assert list(KeyedPaginator(rows, 1).page(2)) == [first[0]]
