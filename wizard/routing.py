"""URL converters: an id in a URL is never larger than the database's integer, so it cannot raise there."""
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # INTEGER primary keys on PostgreSQL (and well within SQLite's)


class IdConverter(IntegerConverter):
    """`<int:...>` as usual, but a number beyond MAX_ID simply matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def valid_id(value) -> bool:
    """For ids that come in forms: a positive integer the database can hold."""
    return isinstance(value, int) and 0 < value <= MAX_ID
