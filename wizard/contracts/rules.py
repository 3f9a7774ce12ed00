"""The contract's field rules as plain functions, shared by the "Crear contrato" steps and the CSV import."""
import re
from datetime import date

from wizard import nit as nit_rules
from wizard.money import CENTS_MESSAGE, has_cents, parse_money

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_VALUE = 10**15 - 1  # fifteen digits of pesos
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_LOCAL = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_UNSPSC = re.compile(r"^\d{8}$")


def parse_date(text: str | None) -> date | None:
    """A day typed as 2026-02-01 (what a date control sends) or 01/02/2026 (day first, as in Colombia)."""
    value = (text or "").strip()
    match = _ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _LOCAL.match(value)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_problem(text: str | None, label: str) -> str | None:
    if not (text or "").strip():
        return f"Escriba la {label.lower()}"
    if parse_date(text) is None:
        return f"Escriba la {label.lower()} como día/mes/año, por ejemplo 01/02/2026"
    return None


def dates_problems(signed: date | None, starts: date | None, ends: date | None) -> list[tuple[str, str]]:
    """Every (field, message) where the dates do not follow each other; a date that did not parse (None) is
    compared with nothing, so the others are still checked together."""
    problems = []
    if signed and starts and starts < signed:
        problems.append(("fecha_inicio", "La fecha de inicio no puede ser anterior a la fecha de firma"))
    if starts and ends and ends < starts:
        problems.append(("fecha_terminacion", "La fecha de terminación no puede ser anterior a la fecha de inicio"))
    elif starts and ends and (ends.year - starts.year) * 12 + ends.month - starts.month >= 120:
        problems.append(("fecha_terminacion", "El plazo del contrato no puede superar diez años"))
    return problems


def value_problem(text: str | None) -> str | None:
    if not (text or "").strip():
        return "Escriba el valor del contrato en pesos"
    amount = parse_money(text)
    if amount is not None and amount > MAX_VALUE or amount is None and sum(c.isdigit() for c in text) > 15:
        return "El valor no puede tener más de 15 cifras"
    if amount is None and has_cents(text):
        return f"Escriba el valor {CENTS_MESSAGE} (por ejemplo 36.000.000)"
    if amount is None:
        return "Escriba el valor en pesos, solo con números (por ejemplo 36.000.000)"
    if amount <= 0:
        return "El valor del contrato debe ser mayor que cero"
    return None


def contractor_number(text: str | None) -> str:
    """The NIT or cédula as digits: dots, spaces and a check digit typed after a dash are dropped."""
    return nit_rules.without_check_digit(text or "")


def contractor_problem(text: str | None) -> str | None:
    number = contractor_number(text)
    if not number:
        return "Escriba el NIT (sin dígito de verificación) o la cédula del contratista"
    if not (number.isascii() and number.isdigit()):
        return "Escriba el NIT o la cédula solo con números, sin puntos ni dígito de verificación"
    if not nit_rules.MIN_DIGITS <= len(number) <= nit_rules.MAX_DIGITS:
        return (f"El NIT o la cédula debe tener entre {nit_rules.MIN_DIGITS} y {nit_rules.MAX_DIGITS} dígitos, "
                "sin el dígito de verificación")
    if number.startswith("0"):
        return "El NIT o la cédula no puede empezar por 0"
    # a check digit typed after the number is DIAN's check of it: a wrong one is a mistyped number (another
    # supplier's, perhaps), never dropped without a word
    return nit_rules.check_digit_problem(text or "", "el número")


def unspsc_problem(text: str | None) -> str | None:
    value = (text or "").strip()
    if value and not _UNSPSC.match(value):
        return "Escriba el código UNSPSC de 8 números (por ejemplo 80111600), o déjelo vacío"
    return None


def day(value: date | None) -> str:
    """A date as Colombians write it: 01/02/2026."""
    return value.strftime("%d/%m/%Y") if value else ""
