"""NIT rules: DIAN's modulus-11 check digit (python-stdnum), our own length rule, and the NIT as people type it.

Colombians write a NIT with its check digit (DV) after a dash or a space: "800111202-1", "800.111.202-1",
"800111202 1". The portal asks for it without the DV, but recognises one typed after the number: the right one is
dropped, a wrong one is refused with the right one named.
"""
import re
import unicodedata

from stdnum.co import nit as stdnum_nit

MIN_DIGITS = 5
MAX_DIGITS = 10
# the number, then a single digit after a dash or after spaces (never "800 111 202": a group of three is no DV)
_WITH_DV = re.compile(r"^(?P<number>.*?\d)\s*(?:-\s*|\s+)(?P<dv>\d)$")


def _digits(value: str) -> str:
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in (value or ""))  # "９" is 9


def clean(value: str) -> str:
    """Digits only: people type NITs with dots, spaces or a dash before the DV."""
    return "".join(ch for ch in _digits(value) if not ch.isspace() and ch not in ".,-")


def split(value: str) -> tuple[str, str | None]:
    """The NIT's digits and the check digit typed after them (None when none was typed)."""
    text = _digits(value).strip()
    match = _WITH_DV.match(text)
    if match and len(clean(match.group("number"))) >= MIN_DIGITS:
        return clean(match.group("number")), match.group("dv")
    return clean(text), None


def candidates(value: str) -> list[str]:
    """Every NIT (without DV) a search for `value` should look for. "8001112021" is 800111202 with its DV typed
    without a dash (no company has a 10-digit NIT), but a persona natural's cédula may have 10 digits, so when the
    last digit is also the right DV of the digits before it, both are looked for; an 11-digit number can only be
    a 10-digit cédula and its DV. Never for a form that keeps the NIT: there a dash or a space marks the DV."""
    digits, dv = split(value)
    found = [digits]
    if dv is None and len(digits) > MAX_DIGITS - 1 and digits.isascii() and digits.isdigit():
        before = digits[:-1]
        if number_problem(before) is None and digits[-1] == check_digit(before):
            found.insert(0, before)
    return [d for d in found if number_problem(d) is None] or [digits]


def number(value: str) -> str:
    """The NIT without its check digit, however it was typed."""
    return split(value)[0]


def without_check_digit(value: str) -> str:
    return number(value)


def normalise(value: str) -> str:
    """The bare number when what was typed is a NIT with no DV or the right one; otherwise the value as typed, so
    that its check (`problem`) can say what is wrong."""
    digits, dv = split(value)
    if number_problem(digits) is None and (dv is None or dv == check_digit(digits)):
        return digits
    return (value or "").strip()


def check_digit(nit: str) -> str:
    return stdnum_nit.calc_check_digit(nit)


def number_problem(digits: str) -> str | None:
    """Why these digits (no DV) are not a NIT, or None."""
    if not digits:
        return "Escriba el NIT, sin el dígito de verificación"
    if not (digits.isascii() and digits.isdigit()):  # "²" is a digit to Python, not to the check digit
        return "Escriba el NIT solo con números, sin el dígito de verificación"
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return f"El NIT debe tener entre {MIN_DIGITS} y {MAX_DIGITS} dígitos, sin el dígito de verificación"
    if digits.startswith("0"):
        return "El NIT no puede empezar por 0"
    return None


def check_digit_problem(value: str, what: str = "el NIT") -> str | None:
    """Why the check digit typed after the number is wrong (the right one named), or None: none typed, or right."""
    digits, dv = split(value)
    if dv is None or number_problem(digits) is not None or dv == check_digit(digits):
        return None
    return (f"El dígito de verificación de {digits} es {check_digit(digits)}, no {dv}: revise {what} o "
            "escríbalo sin el dígito de verificación")


def problem(value: str) -> str | None:
    """Why a NIT as typed (with or without its DV) is not acceptable, or None when it is."""
    return number_problem(split(value)[0]) or check_digit_problem(value)
