"""Money as Colombians type it: whole pesos from "$ 1.234.567", "1234567" or "1,234,567" (shared by every area).

The portal keeps whole pesos, so an amount with centavos other than ",00" is not one: rounding it would change,
without a word, what a person typed (a "Valor a pagar" approved for good among them). `CENTS_MESSAGE` says why.
"""
import re

MAX_DIGITS = 15
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_CENTS = re.compile(r"^(.*),(\d{1,2})$")
CENTS_MESSAGE = "sin centavos: el portal registra pesos enteros"


def parse_money(value: str | None) -> int | None:
    """Whole pesos from "$ 1.234.567", "1234567", "1,234,567", "1.234.567,00" or "-$ 5.000"; None when it is not
    an amount in whole pesos (see has_cents)."""
    parsed = _parse(value)
    if parsed is None or parsed[1]:
        return None
    return parsed[0]


def has_cents(value: str | None) -> bool:
    """True for an amount typed with centavos ("2.999.999,99"): refused with CENTS_MESSAGE, never rounded."""
    parsed = _parse(value)
    return parsed is not None and parsed[1] != 0


def _parse(value: str | None) -> tuple[int, int] | None:
    """(whole pesos, centavos) of what was typed, or None when it is not an amount."""
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
    return (-int(text) if negative else int(text)), cents
