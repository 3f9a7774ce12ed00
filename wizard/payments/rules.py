"""The payment request's rules as plain functions: the money, the dates, the proposed number, the documents."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from wizard.contracts.rules import parse_date
from wizard.formatting import DEFAULT_ZONE, pesos
from wizard.money import parse_money

MAX_VALUE = 10**15 - 1
DUE_DAYS = 30  # "Fecha de vencimiento" proposed this many days after the issue
LATEST_DUE_DAYS = 366

# The supporting documents: slot -> what it is called; which ones a request needs depends on whether it invoices.
DOCUMENTS = {"informe": "Informe de actividades", "planilla": "Planilla de pago de seguridad social",
             "cuenta_cobro": "Cuenta de cobro"}
SUPPORT = "soporte_pago"  # the entity's optional support of the payment


def today() -> date:
    """The day in Bogotá, where "Fecha de emisión" is set."""
    return datetime.now(ZoneInfo(DEFAULT_ZONE)).date()


def required_documents(invoices: bool | None) -> list[str]:
    return ["informe", "planilla"] + ([] if invoices else ["cuenta_cobro"])


def proposed_number(count_before: int) -> str:
    """"Pago 004" for the fourth request of a contract that files cuentas de cobro."""
    return f"Pago {count_before + 1:03d}"


def amount_problem(text: str | None, label: str) -> str | None:
    if not (text or "").strip():
        return f"Escriba el {label.lower()} en pesos"
    amount = parse_money(text)
    if amount is None and sum(c.isdigit() for c in text) > 15:
        return f"El {label.lower()} no puede tener más de 15 cifras"
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
