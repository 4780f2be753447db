"""Object ids the API takes, in the path or in a body, kept within what the database can compare.

Ids are BigAutoField, at most 2**63 - 1, which is also SQLite's INTEGER. A larger number (a fuzzer's or a
careless client's) makes SQLite raise OverflowError inside the query, a 500; here it is simply an id that
names nothing: 404 in a path, "does not exist" beside its field in a body.
"""

from rest_framework import serializers
from rest_framework.exceptions import NotFound

MAX_ID = 2**63 - 1


def _in_range(value) -> bool:
    try:
        return 1 <= int(value) <= MAX_ID
    except (TypeError, ValueError):
        return False


class PathIdsMixin:
    """For API views: a path id (``pk`` or ``*_id``) out of range is a 404 before any query."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, value in kwargs.items():
            if (name == "pk" or name.endswith("_id")) and not _in_range(value):
                raise NotFound("不存在或您无权查看")


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id whose out-of-range values are refused as missing, not a 500."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except OverflowError:
            # Only SQLite refuses to compare; PostgreSQL finds no row, which says the same.
            self.fail("does_not_exist", pk_value=data)
