"""A page of a list whose total the view has already counted: the status tabs' grouped count holds it."""

from django.core.paginator import Page, Paginator


def page_of(rows, number, *, count: int, per_page: int) -> Page:
    """``Paginator(rows, per_page).get_page(number)`` without its ``COUNT(*)``: ``count`` is the tab's figure,
    counted under the same filters, so the page numbers and the tabs cannot disagree."""
    paginator = Paginator(rows, per_page)
    paginator.count = count  # a cached_property: setting it is what Paginator would have computed
    return paginator.get_page(number)
