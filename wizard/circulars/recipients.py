"""The contractors a circular is addressed to, pasted as lines or uploaded as a CSV: name, cédula or NIT, email.

Every line is checked and every problem named by line and column; nothing is taken until the whole list is clean.
Columns may come in any order (the email is the one with an @, the number the one made of digits), separated by
commas, semicolons or tabs (a paste from a spreadsheet), with or without a header row.
"""
import csv
import io
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from wizard import nit
from wizard.text import fold

MAX_ROWS = 5000
COLUMNS = ("Nombre", "Cédula o NIT", "Correo electrónico")
HEADER_WORDS = {"nombre", "nombres", "cedula", "nit", "documento", "correo", "email", "e-mail", "correo electronico"}


@dataclass(frozen=True)
class Recipient:
    name: str
    number: str
    email: str


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # one of COLUMNS, or "" for the whole line
    message: str

    def __str__(self) -> str:
        where = f"Línea {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def _delimiter(line: str) -> str:
    """A line's separator, outside quoted cells («"López; María",52123456,…» is separated by commas)."""
    bare = re.sub(r'"[^"]*"', "", line)
    return "\t" if "\t" in bare else ";" if ";" in bare else ","


def _rows(text: str) -> list[list[str]]:
    """The list's rows. Typed by hand, each line with its own separator (one mixes "," and ";" from line to line);
    with quotes, a spreadsheet's CSV, read whole with its first line's separator (a quoted cell may hold a line
    break, typed with Alt+Enter, or the other separator)."""
    if '"' not in text:
        return [next(csv.reader([line], delimiter=_delimiter(line)), []) for line in text.splitlines()]
    first = next((line for line in text.splitlines() if line.strip()), "")
    return list(csv.reader(io.StringIO(text), delimiter=_delimiter(first)))


def _is_header(cells: list[str]) -> bool:
    return sum(fold(c).strip(" :") in HEADER_WORDS for c in cells) >= 2


def _number(value: str) -> str:
    return nit.without_check_digit(value)


def _sort(cells: list[str]) -> tuple[str, str, str]:
    """(name, number, email) from three cells in any order: the email has an @, the number digits; else in order."""
    email = next((c for c in cells if "@" in c), None)
    rest = [c for i, c in enumerate(cells) if i != cells.index(email)] if email is not None else cells[:2]
    with_digits = [c for c in rest if any(ch.isdigit() for ch in c)]
    if len(rest) == 2 and len(with_digits) == 1:
        number = with_digits[0]
        name = rest[1] if rest[0] is number else rest[0]
    else:
        name, number = rest[0], rest[1]
    return name, number, email if email is not None else cells[2]


def _check(line: int, name: str, number: str, email: str) -> tuple[Recipient | None, list[Problem]]:
    problems = []
    if not name:
        problems.append(Problem(line, COLUMNS[0], "escriba el nombre de la persona"))
    elif len(name) > 120:
        problems.append(Problem(line, COLUMNS[0], "escriba como máximo 120 caracteres"))
    digits = _number(number)
    if not digits:
        problems.append(Problem(line, COLUMNS[1], "escriba el número de cédula o el NIT, solo con números"))
    elif not (digits.isascii() and digits.isdigit()):
        problems.append(Problem(line, COLUMNS[1], f"«{number}» no es un número de cédula o NIT: use solo números"))
    elif not nit.MIN_DIGITS <= len(digits) <= nit.MAX_DIGITS or digits.startswith("0"):
        problems.append(Problem(line, COLUMNS[1], f"«{number}» debe tener entre {nit.MIN_DIGITS} y {nit.MAX_DIGITS} "
                                                  "números y no empezar por 0"))
    elif wrong_digit := nit.check_digit_problem(number, "el número"):
        problems.append(Problem(line, COLUMNS[1], wrong_digit))
    address = ""
    if not email:
        problems.append(Problem(line, COLUMNS[2], "escriba el correo electrónico"))
    else:
        try:
            address = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            problems.append(Problem(line, COLUMNS[2], f"«{email}» no es un correo electrónico válido"))
        else:
            if not address.rpartition("@")[0].isascii() or len(address) > 254:
                problems.append(Problem(line, COLUMNS[2], f"«{email}» no puede recibir correo: escríbalo sin tildes "
                                                          "ni ñ antes de la @"))
    if problems:
        return None, problems
    return Recipient(" ".join(name.split()), digits, address), []


def parse(text: str) -> tuple[list[Recipient], list[Problem]]:
    """The recipients, or every problem found (and then no recipient at all)."""
    text = (text or "").lstrip("\ufeff").replace("\x00", "")
    try:
        rows = _rows(text)
    except csv.Error:  # a cell longer than the csv module's 131,072 characters: no list of people
        return [], [Problem(1, "", "la lista no se puede leer: tiene una línea demasiado larga. Escriba una persona "
                                   "por línea: nombre, cédula o NIT, y correo electrónico")]
    found, problems = [], []
    numbers: dict[str, int] = {}
    emails: dict[str, int] = {}
    for line, cells in enumerate(rows, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if not found and not problems and _is_header(cells):
            continue
        given = len([c for c in cells if c])
        if given != 3:
            problems.append(Problem(line, "", f"tiene {given} {'dato' if given == 1 else 'datos'}; escriba tres: "
                                              "nombre, cédula o NIT, y correo electrónico"))
            continue
        recipient, wrong = _check(line, *_sort([c for c in cells if c]))
        problems.extend(wrong)
        if recipient is None:
            continue
        if recipient.number in numbers:
            problems.append(Problem(line, COLUMNS[1], f"el número {recipient.number} ya está en la línea "
                                                      f"{numbers[recipient.number]}"))
        elif recipient.email.casefold() in emails:
            problems.append(Problem(line, COLUMNS[2], f"el correo {recipient.email} ya está en la línea "
                                                      f"{emails[recipient.email.casefold()]}"))
        else:
            numbers[recipient.number] = line
            emails[recipient.email.casefold()] = line
            found.append(recipient)
        if len(found) > MAX_ROWS:
            return [], [Problem(line, "", f"la lista tiene más de {MAX_ROWS} personas; divídala en varias circulares")]
    return ([] if problems else found), problems
