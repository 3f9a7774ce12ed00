"""NIT rules: DIAN's modulus-11 check digit (python-stdnum) and our own length rule."""
import unicodedata

from stdnum.co import nit as stdnum_nit

MIN_DIGITS = 5
MAX_DIGITS = 10


def clean(value: str) -> str:
    """Digits only: people type NITs with dots, spaces or a dash before the DV."""
    digits = (str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in (value or ""))  # "９" is 9
    return "".join(ch for ch in digits if not ch.isspace() and ch not in ".,-")


def without_check_digit(value: str) -> str:
    """The NIT's digits; a check digit typed after a dash ("800.111.202-1") is dropped, as people often add it."""
    head, dash, tail = (value or "").strip().rpartition("-")
    if dash and len(tail.strip()) == 1 and tail.strip().isdigit():
        value = head
    return clean(value)


def check_digit(nit: str) -> str:
    return stdnum_nit.calc_check_digit(nit)


def problem(value: str) -> str | None:
    """Why a NIT typed without its check digit is not acceptable, or None when it is."""
    number = clean(value)
    if not number:
        return "Escriba el NIT, sin el dígito de verificación"
    if not (number.isascii() and number.isdigit()):  # "²" is a digit to Python, not to the check digit
        return "Escriba el NIT solo con números, sin el dígito de verificación"
    if not MIN_DIGITS <= len(number) <= MAX_DIGITS:
        return f"El NIT debe tener entre {MIN_DIGITS} y {MAX_DIGITS} dígitos, sin el dígito de verificación"
    if number.startswith("0"):
        return "El NIT no puede empezar por 0"
    return None
