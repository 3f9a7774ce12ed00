""""Importar contratos": a CSV of many contracts checked row by row, every problem named by line and column.

Plain values in and out: `check(data, lookups)` reads the bytes (UTF-8 with or without BOM; Windows-1252, as Excel
saves a CSV in Spanish, when it is not UTF-8), finds the separator (";" or ","), matches the header to the columns
by name (accents and case aside) and checks each row with the same rules as "Crear contrato". `lookups` answers
what the database knows (numbers already used, the entity's users, the accounts of the contractors' numbers) in a
few queries for the whole file. Nothing is imported unless there is no problem at all.
"""
import csv
import io
from dataclasses import dataclass, field
from typing import Protocol

from wizard import filechecks
from wizard.contracts import instalments, rules
from wizard.models import AccountKind
from wizard.models.contracts import number_key
from wizard.money import parse_money
from wizard.reference import contract_types, funding_sources, modalities
from wizard.text import fold

# (key, header, required); the header is what the template writes and what a file is matched against.
COLUMNS = [
    ("numero", "Número del contrato", True), ("objeto", "Objeto del contrato", True),
    ("tipo", "Tipo de contrato", True), ("modalidad", "Modalidad de contratación", True),
    ("valor", "Valor del contrato", True), ("fecha_firma", "Fecha de firma", True),
    ("fecha_inicio", "Fecha de inicio", True), ("fecha_terminacion", "Fecha de terminación", True),
    ("contratista", "NIT o cédula del contratista", True), ("nombre_contratista", "Nombre del contratista", False),
    ("supervisor", "Supervisor", True), ("cdp", "CDP", True), ("rp", "RP", False),
    ("rubro", "Rubro presupuestal", True), ("fuente", "Fuente de los recursos", True),
    ("unspsc", "Código UNSPSC", False),
]
HEADERS = {key: header for key, header, _ in COLUMNS}
MAX_ROWS = 2000
MAX_PROBLEMS = 200
LIMITS = {"numero": 60, "objeto": 2000, "nombre_contratista": 200, "supervisor": 254, "cdp": 40, "rp": 40,
          "rubro": 120}
EXAMPLE = ["ESE-CPS-050-2026", "Prestación de servicios profesionales como enfermera jefe",
           "Prestación de servicios profesionales", "Contratación directa", "36.000.000", "15/01/2026",
           "01/02/2026", "31/12/2026", "1094265871", "Ana María Villamizar Duarte", "luis.supervisor",
           "CDP-2026-0112", "RP-2026-0201", "2.1.2.02.02.008", "Recursos propios", "85101600"]


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # the column's header, or "" for the whole line or file
    message: str

    @property
    def text(self) -> str:
        where = f"Línea {self.line}" + (f", columna «{self.column}»" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Outcome:
    rows: list[dict] = field(default_factory=list)  # Contract columns plus "plan": [(date, value), ...]
    problems: list[Problem] = field(default_factory=list)
    more: int = 0  # problems beyond MAX_PROBLEMS, counted but not listed


class Lookups(Protocol):
    entity_nit: str

    def used_numbers(self, keys: set[str]) -> set[str]: ...

    def users(self) -> dict[str, int]: ...  # user name or email (folded) -> id, of the entity's accepted users

    def accounts(self, numbers: set[str]) -> dict[str, tuple[int, str, str]]: ...  # nit -> (id, kind, name)


def decode(data: bytes) -> str | None:
    return filechecks.read_text(data)  # None for a PDF or a workbook chosen by mistake, whatever its name


def _separator(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _by_name(pairs) -> dict[str, str]:
    """Code or name, folded -> code: "Contratación directa", "contratacion directa" and the code all match."""
    found = {}
    for code, name in pairs:
        found[fold(code)] = code
        found[fold(name)] = code
    return found


def _header(cells: list[str], problems: list[Problem]) -> dict[str, int] | None:
    known = {fold(header): key for key, header, _ in COLUMNS} | {fold(key): key for key, _, _ in COLUMNS}
    if not any(fold(cell) in known for cell in cells):  # another file, or one without its titles: one sentence
        problems.append(Problem(1, "", "La primera línea no tiene los nombres de las columnas: descargue la "
                                        "plantilla CSV, copie en ella sus contratos y súbala"))
        return None
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = known.get(fold(cell))
        if key is None:
            problems.append(Problem(1, cell.strip()[:60], "Columna desconocida: use los nombres de la plantilla"))
        elif key in positions:
            problems.append(Problem(1, HEADERS[key], "La columna está dos veces"))
        else:
            positions[key] = index
    for key, header, needed in COLUMNS:
        if needed and key not in positions:
            problems.append(Problem(1, header, "Falta esta columna en la primera línea"))
    return None if problems else positions


def _records(text: str, separator: str):
    """(line where the record starts, its cells), skipping blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    last = 0
    for cells in reader:
        start, last = last + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells


def check(data: bytes, lookups: Lookups) -> Outcome:
    outcome = Outcome()
    text = decode(data)
    if text is None:
        outcome.problems.append(Problem(1, "", "El archivo no es un CSV de texto. Guárdelo como «CSV UTF-8»"))
        return outcome
    separator = _separator(text)
    try:
        records = list(_records(text, separator))
    except csv.Error as error:
        outcome.problems.append(Problem(1, "", f"El archivo no se puede leer como CSV ({error})"))
        return outcome
    if not records:
        outcome.problems.append(Problem(1, "", "El archivo está vacío: escriba la primera línea con los nombres "
                                                "de las columnas y una línea por contrato"))
        return outcome
    (_, header), body = records[0], records[1:]
    positions = _header(header, outcome.problems)
    if positions is None:
        return outcome
    if not body:
        outcome.problems.append(Problem(2, "", "El archivo no tiene contratos: escriba uno por línea"))
        return outcome
    if len(body) > MAX_ROWS:
        outcome.problems.append(Problem(MAX_ROWS + 2, "", f"Importe como máximo {MAX_ROWS} contratos por archivo"))
        return outcome
    rows = [(line, {key: (cells[i].strip() if i < len(cells) else "") for key, i in positions.items()},
             len(cells)) for line, cells in body]
    _check_rows(rows, len(header), lookups, outcome)
    if len(outcome.problems) > MAX_PROBLEMS:
        outcome.more = len(outcome.problems) - MAX_PROBLEMS
        outcome.problems = outcome.problems[:MAX_PROBLEMS]
    if outcome.problems:
        outcome.rows = []
    return outcome


def _check_rows(rows, width: int, lookups: Lookups, outcome: Outcome) -> None:
    types, ways, sources = _by_name(contract_types()), _by_name(modalities()), _by_name(funding_sources())
    numbers = {rules.contractor_number(v["contratista"]) for _, v, _ in rows}
    accounts = lookups.accounts({n for n in numbers if n})
    used = lookups.used_numbers({number_key(v["numero"]) for _, v, _ in rows if v["numero"]})
    users = lookups.users()
    seen: dict[str, int] = {}
    for line, v, count in rows:
        problems: list[Problem] = []

        def bad(key: str, message: str) -> None:
            problems.append(Problem(line, HEADERS[key], message))

        if count > width:
            problems.append(Problem(line, "", f"La línea tiene {count} valores y la primera {width}: revise el "
                                              "separador y las comillas"))
        for key, header, needed in COLUMNS:
            if key in v and len(v[key]) > LIMITS.get(key, 10**6):
                bad(key, f"Escriba como máximo {LIMITS[key]} caracteres")
            elif needed and key in v and not v[key] and key not in ("valor", "fecha_firma", "fecha_inicio",
                                                                     "fecha_terminacion", "contratista"):
                bad(key, "Falta este dato")
        key = number_key(v["numero"])
        if v["numero"] and key in seen:
            bad("numero", f"El número se repite: ya está en la línea {seen[key]}")
        elif v["numero"] and key in used:
            bad("numero", "Ya existe un contrato con este número en la entidad")
        seen.setdefault(key, line)
        for name, choices in (("tipo", types), ("modalidad", ways), ("fuente", sources)):
            if v[name] and fold(v[name]) not in choices:
                bad(name, "No es uno de los valores de la lista: copie uno de la plantilla")
        problem = rules.value_problem(v["valor"])
        if problem:
            bad("valor", problem)
        for name in ("fecha_firma", "fecha_inicio", "fecha_terminacion"):
            problem = rules.date_problem(v[name], HEADERS[name])
            if problem:
                bad(name, problem)
        dates = [rules.parse_date(v[n]) for n in ("fecha_firma", "fecha_inicio", "fecha_terminacion")]
        for name, message in rules.dates_problems(*dates):  # among the dates that parse, as in "Crear contrato"
            bad(name, message)
        number = rules.contractor_number(v["contratista"])
        problem = rules.contractor_problem(v["contratista"])
        account = accounts.get(number) if not problem else None
        if problem:
            bad("contratista", problem)
        elif number == lookups.entity_nit or (account and account[1] != AccountKind.PROVEEDOR):
            bad("contratista", "Este número es de una Entidad Estatal: escriba el del contratista")
        elif account is None and not v.get("nombre_contratista"):
            problems.append(Problem(line, HEADERS["nombre_contratista"],
                                    "Escriba el nombre del contratista: aún no tiene cuenta en el portal"))
        supervisor = users.get(fold(v["supervisor"])) if v["supervisor"] else None
        if v["supervisor"] and supervisor is None:
            bad("supervisor", "No es el usuario ni el correo de un usuario con acceso aceptado a la entidad")
        problem = rules.unspsc_problem(v.get("unspsc"))
        if problem:
            bad("unspsc", problem)
        outcome.problems.extend(problems)
        if not problems and not outcome.problems:
            outcome.rows.append(_row(v, dates, number, account, supervisor, types, ways, sources))


def _row(v, dates, number, account, supervisor, types, ways, sources) -> dict:
    signed, starts, ends = dates
    value = parse_money(v["valor"])
    name = account[2] if account else v["nombre_contratista"]
    plan = instalments.generate(value, starts, ends)
    return {"number": v["numero"], "number_key": number_key(v["numero"]), "object": v["objeto"],
            "contract_type": types[fold(v["tipo"])], "modality": ways[fold(v["modalidad"])], "value": value,
            "signed_on": signed, "starts_on": starts, "ends_on": ends, "unspsc": v.get("unspsc") or "",
            "contractor_nit": number, "contractor_name": name, "contractor_key": fold(name)[:200],
            "supplier_account_id": account[0] if account else None, "supervisor_id": supervisor,
            "cdp": v["cdp"], "rp": v.get("rp") or "", "budget_item": v["rubro"],
            "funding_source": sources[fold(v["fuente"])], "plan": [(p.due_on, p.value) for p in plan]}


def template() -> bytes:
    """The template to download: the header and one example row, with ";" and a BOM, as Excel in Spanish opens it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for _, header, _ in COLUMNS])
    writer.writerow(EXAMPLE)
    return out.getvalue().encode("utf-8-sig")
