"""Money as Colombians type it: whole pesos from "$ 1.234.567", "1234567" or "1,234,567" (shared by every area)."""
import re

MAX_DIGITS = 15
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_CENTS = re.compile(r"^(.*),(\d{1,2})$")


def parse_money(value: str | None) -> int | None:
    """Whole pesos from "$ 1.234.567", "1234567", "1,234,567" or "-$ 5.000"; None when it is not an amount."""
    text = (value or "").strip().replace("\u00a0", " ")
    if not text or len(text) > 40:
        return None
    negative = text.startswith("-")
    text = text.lstrip("-").strip().removeprefix("$").replace(" ", "")
    cents = 0
    match = _CENTS.match(text)
    if match and not _GROUPED.match(text):
        text, cents = match.group(1), int(match.group(2).ljust(2, "0"))
    if _GROUPED.match(text):
        separators = {c for c in text if not c.isdigit()}
        if len(separators) > 1:
            return None
        text = re.sub(r"[.,]", "", text)
    if not _PLAIN.match(text) or len(text.lstrip("0")) > MAX_DIGITS:
        return None
    amount = int(text) + (1 if cents >= 50 else 0)
    return -amount if negative else amount
