"""Text folding for searches that ignore case and accents."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Lower case, without accents, with single spaces: 'Bogotá  D.C.' -> 'bogota d.c.'."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", plain).strip().casefold()


def shorten(value: str, limit: int) -> str:
    """The value on one line and at most `limit` characters, ending in '…' when it was cut."""
    value = " ".join((value or "").split())
    return value if len(value) <= limit else value[:limit - 1].rstrip() + "…"


def like_pattern(value: str, folded: bool = False) -> str:
    """A LIKE pattern matching the folded value anywhere, with LIKE's wildcards escaped."""
    escaped = (value if folded else fold(value)).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column, value: str):
    """`column` (already folded) contains the folded `value`; the escape is explicit for SQLite and PostgreSQL alike."""
    return column.like(like_pattern(value), escape="\\")


def sentence(text: str) -> str:
    """The text ending in one full stop: "Ahora actúa por Construcciones Andinas Ltda." gets no second one."""
    text = (text or "").rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."
