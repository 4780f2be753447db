"""Pages of the big lists (matters, slips, the API's lists): each page's rows fetched by their keys, and, where the
view has already counted, no ``COUNT(*)`` of its own."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode
from rest_framework.pagination import PageNumberPagination


class KeyedPaginator(Paginator):
    """A page's rows are fetched by their keys: a subquery sorts and cuts the page from the scope's bare rows, and
    only those are joined to what the list shows. Sorting first and joining after meant joining every row of the
    scope to show twenty (bench/pages.py at a province's scale: the office's 3,000 slips, 37 -> 8 ms)."""

    def page(self, number) -> Page:
        page = super().page(number)
        rows = self.object_list
        # A union cannot be filtered, and DISTINCT puts the sort columns beside the key in the subquery.
        if isinstance(rows, QuerySet) and not rows.query.combinator and not rows.query.distinct and self.count:
            bottom = page.start_index() - 1
            page.object_list = _by_keys(rows, rows.values("pk")[bottom : page.end_index()])
        return page


def _by_keys(rows: QuerySet, keys: QuerySet) -> QuerySet:
    """``rows`` (their joins, columns, annotations and order) for the given keys alone. The scope's conditions were
    the subquery's to apply; repeated outside, they made the planner join the whole scope again to the few keys."""
    outer = rows.all()
    if all(_single_valued(join) for join in outer.query.alias_map.values()):
        # A join that can match many rows (a filter across a reverse relation) keeps the conditions that chose its
        # rows; one that matches at most one row (the forward joins of select_related) needs none.
        outer.query.where = WhereNode()
    return outer.filter(pk__in=keys)


def _single_valued(join) -> bool:
    field = getattr(join, "join_field", None)  # None: the base table
    return field is None or bool(getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False))


class KeyedPageNumberPagination(PageNumberPagination):
    """The API lists' pages (DRF's default pagination), their rows fetched by key as above."""

    django_paginator_class = KeyedPaginator


def page_of(rows: QuerySet, number, *, count: int, per_page: int) -> Page:
    """``KeyedPaginator(rows, per_page).get_page(number)`` without its ``COUNT(*)``: ``count`` is the tab's figure,
    counted under the same filters, so the page numbers and the tabs cannot disagree."""
    paginator = KeyedPaginator(rows, per_page)
    paginator.count = count  # a cached_property: setting it is what Paginator would have computed
    return paginator.get_page(number)
