"""The payment request's rules as plain functions: the money, the dates, the proposed number, the documents."""
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from wizard.contracts.rules import parse_date
from wizard.formatting import DEFAULT_ZONE, pesos
from wizard.money import CENTS_MESSAGE, has_cents, parse_money

MAX_VALUE = 10**15 - 1
DUE_DAYS = 30  # "Fecha de vencimiento" proposed this many days after the issue
LATEST_DUE_DAYS = 366

# The supporting documents the entity may ask for (each contract its own choice, DEFAULT_ASKED when it made none):
# slot -> what it is called. Those of EACH_PAYMENT go with every request; those of FIRST_PAYMENT once, with the
# first request sent to the entity that carries them (required_documents). The "Cuenta de cobro" is not chosen:
# every request of a contractor who does not invoice carries one.
EACH_PAYMENT = {"informe": "Informe de actividades", "planilla": "Planilla de pago de seguridad social",
                "evidencias": "Evidencias del trabajo"}
FIRST_PAYMENT = {"rut": "RUT", "certificacion_bancaria": "Certificación bancaria",
                 "arl": "Afiliación a la ARL", "poliza": "Póliza de cumplimiento"}
DOCUMENTS = {**EACH_PAYMENT, "cuenta_cobro": "Cuenta de cobro", **FIRST_PAYMENT}
DEFAULT_ASKED = ("informe", "planilla")
DOCUMENT_HINTS = {  # what each one is, under its name on the step (the cuenta de cobro's names the request's number)
    "informe": "El informe de actividades del periodo, firmado.",
    "planilla": "La planilla PILA pagada del periodo; escriba abajo su número y fecha de pago.",
    "evidencias": "Fotografías, actas, listas de asistencia u otros productos que muestren el trabajo del periodo.",
    "rut": "Su Registro Único Tributario (RUT) actualizado. Se pide una sola vez.",
    "certificacion_bancaria": "La certificación de la cuenta donde recibirá los pagos, expedida por su banco. Se pide "
                              "una sola vez.",
    "arl": "La constancia de su afiliación a la Administradora de Riesgos Laborales (ARL). Se pide una sola vez.",
    "poliza": "La póliza de cumplimiento del contrato con su recibo de pago. Se pide una sola vez.",
}
SUPPORT = "soporte_pago"  # the entity's optional support of the payment


def today() -> date:
    """The day in Bogotá, where "Fecha de emisión" is set."""
    return datetime.now(ZoneInfo(DEFAULT_ZONE)).date()


def asked(chosen: list | None) -> list[str]:
    """The slots a contract asks for, in the catalogue's order: its own choice, or DEFAULT_ASKED."""
    chosen = DEFAULT_ASKED if chosen is None else chosen
    return [slot for slot in (*EACH_PAYMENT, *FIRST_PAYMENT) if slot in chosen]


def asked_once(chosen: list | None) -> list[str]:
    return [slot for slot in asked(chosen) if slot in FIRST_PAYMENT]


def required_documents(invoices: bool | None, chosen: list | None = None, delivered=()) -> list[str]:
    """What a request must carry: the documents asked for every payment, the cuenta de cobro when it does not
    invoice, and those asked for once that no other request sent to the entity carried (`delivered`): the first
    request sent brings them, even when the entity asked for them after some were sent."""
    slots = asked(chosen)
    return ([slot for slot in slots if slot in EACH_PAYMENT] + ([] if invoices else ["cuenta_cobro"])
            + [slot for slot in slots if slot in FIRST_PAYMENT and slot not in delivered])


def proposed_number(count_before: int) -> str:
    """"Pago 004" for the fourth request of a contract that files cuentas de cobro."""
    return f"Pago {count_before + 1:03d}"


def amount_problem(text: str | None, label: str) -> str | None:
    if not (text or "").strip():
        return f"Escriba el {label.lower()} en pesos"
    amount = parse_money(text)
    if amount is None and sum(c.isdigit() for c in text) > 15:
        return f"El {label.lower()} no puede tener más de 15 cifras"
    if amount is None and has_cents(text):
        return f"Escriba el {label.lower()} {CENTS_MESSAGE} (por ejemplo 3.000.000)"
    if amount is None:
        return f"Escriba el {label.lower()} en pesos, solo con números (por ejemplo 3.000.000)"
    if amount <= 0:
        return f"El {label.lower()} debe ser mayor que cero"
    if amount > MAX_VALUE:
        return f"El {label.lower()} no puede tener más de 15 cifras"
    return None


def total_problem(net: int, total: int) -> str | None:
    if total < net:
        return (f"El valor total ({pesos(total)}) no puede ser menor que el valor neto ({pesos(net)}): "
                "el total es el neto más el IVA, o igual al neto si no factura")
    return None


def room_problem(total: int, contract_value: int, others: int) -> str | None:
    """Why this total does not fit in what is left of the contract once its other requests are counted."""
    left = max(0, contract_value - others)
    if total > left:
        return (f"Con este valor las solicitudes de pago del contrato sumarían {pesos(others + total)}, más que su "
                f"valor de {pesos(contract_value)}. Queda por cobrar {pesos(left)}")
    return None


def due_problem(text: str | None, issued: date) -> str | None:
    if not (text or "").strip():
        return "Escriba la fecha de vencimiento"
    due = parse_date(text)
    if due is None:
        return "Escriba la fecha de vencimiento como día/mes/año, por ejemplo 31/12/2026"
    if due < issued:
        return f"La fecha de vencimiento no puede ser anterior a la fecha de emisión ({issued:%d/%m/%Y})"
    if due > issued + timedelta(days=LATEST_DUE_DAYS):
        return "La fecha de vencimiento no puede ser más de un año después de la fecha de emisión"
    return None


def paid_day_problem(text: str | None, label: str, not_before: date | None = None) -> str | None:
    """A day already past ("Fecha de pago" of the planilla, "Fecha real de pago")."""
    if not (text or "").strip():
        return f"Escriba la {label.lower()}"
    day = parse_date(text)
    if day is None:
        return f"Escriba la {label.lower()} como día/mes/año, por ejemplo 15/11/2026"
    if day > today():
        return f"La {label.lower()} no puede ser posterior a hoy"
    if not_before and day < not_before:
        return f"La {label.lower()} no puede ser anterior al {not_before:%d/%m/%Y}"
    return None


# The reviewer's values when approving -------------------------------------------------------------------------

BUDGET_RECORD_MAX = 40  # the contract's own RP has this size
_PERCENT = re.compile(r"^([0-9]{1,3})(?:[.,]([0-9]{1,2}))?$")
_TOO_PRECISE = re.compile(r"^[0-9]+[.,][0-9]{3,}$")


def local_day(moment: datetime | None) -> date | None:
    """The day in Bogotá of a moment kept in UTC (naive means UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ZoneInfo(DEFAULT_ZONE)).date()


def received_problem(text: str | None, issued: date) -> str | None:
    """"Fecha de recepción original": the day the entity first received the request (often the first sending, or
    the paper's arrival at the entity before it), never before the request was issued nor after today."""
    if not (text or "").strip():
        return "Escriba la fecha de recepción original: el día en que la entidad recibió la solicitud"
    day = parse_date(text)
    if day is None:
        return "Escriba la fecha de recepción original como día/mes/año, por ejemplo 15/11/2026"
    return received_day_problem(day, issued)


def received_day_problem(day: date, issued: date) -> str | None:
    if day > today():
        return "La fecha de recepción original no puede ser posterior a hoy"
    if day < issued:
        return ("La fecha de recepción original no puede ser anterior a la fecha de emisión de la solicitud "
                f"({issued:%d/%m/%Y})")
    return None


def budget_record_problem(text: str | None) -> str | None:
    value = (text or "").strip()
    if not value:
        return "Escriba el código de registro presupuestal (RP) que respalda este pago"
    if len(value) > BUDGET_RECORD_MAX:
        return f"El código de registro presupuestal tiene como máximo {BUDGET_RECORD_MAX} caracteres"
    if not value.isprintable():
        return "Escriba el código de registro presupuestal en una sola línea, sin caracteres de control"
    return None


def to_pay_problem(text: str | None, total: int) -> str | None:
    """"Valor a pagar": pesos, more than zero and not above the request's "Valor total"."""
    problem = amount_problem(text, "Valor a pagar")
    if problem:
        return problem
    return to_pay_amount_problem(parse_money(text), total)


def to_pay_amount_problem(amount: int, total: int) -> str | None:
    if amount <= 0:
        return "El valor a pagar debe ser mayor que cero"
    if amount > total:
        return (f"El valor a pagar ({pesos(amount)}) no puede ser mayor que el valor total de la solicitud "
                f"({pesos(total)})")
    return None


def parse_percent(text: str | None) -> int | None:
    """A percentage as typed ("10", "12,5", "12.5 %"; empty is 0) in hundredths of a percent; None if not one."""
    value = (text or "").strip().removesuffix("%").strip()
    if not value:
        return 0
    match = _PERCENT.match(value)
    if not match:
        return None
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def amortization_problem(text: str | None) -> str | None:
    """"% amortización de anticipo": optional, from 0 to 100 with at most two decimals."""
    value = (text or "").strip().removesuffix("%").strip()
    if value.startswith("-"):
        return "El % amortización de anticipo no puede ser negativo: escriba un número de 0 a 100"
    if _TOO_PRECISE.match(value):
        return "Escriba el % amortización de anticipo con dos decimales como máximo, por ejemplo 12,55"
    basis_points = parse_percent(text)
    if basis_points is None:
        return "Escriba el % amortización de anticipo como un número de 0 a 100, por ejemplo 10 o 12,5"
    if basis_points > 10_000:
        return "El % amortización de anticipo no puede ser mayor que 100"
    return None


def review_problem(received_on: date, budget_record: str, amount_to_pay: int, amortization_bp: int,
                   issued: date, total: int) -> str | None:
    """The same rules on plain values, for the service (whoever calls it)."""
    return (received_day_problem(received_on, issued) or budget_record_problem(budget_record)
            or to_pay_amount_problem(amount_to_pay, total)
            or (None if 0 <= amortization_bp <= 10_000 else "El % amortización de anticipo va de 0 a 100"))


def filing_number(request_id: int, year: int) -> str:
    """The portal's "Número de radicación": unique because the request's id is."""
    return f"PP-{year}-{request_id:06d}"


def offered(instalments, requested: set[int], day: date) -> set[int]:
    """The instalments whose "Registro" the plan offers: those not yet requested that fall due by the end of this
    month (this month's and any left behind), else the next one. A later one can still be asked for by "Crear"."""
    month_end = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    open_ = [i for i in instalments if i.id not in requested]
    due = {i.id for i in open_ if i.due_on <= month_end}
    return due or ({min(open_, key=lambda i: (i.due_on, i.number)).id} if open_ else set())
