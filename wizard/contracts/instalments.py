""""Generar cuotas": a contract's monthly instalments from its value and dates; the last one takes the rounding.

Each monthly period starts on the day of the month the contract starts (clamped to the month's length, so a contract
from 31 January has its second period from 28 February) and its instalment is due on the period's last day; the last
period ends with the contract and may be shorter. The value is split in equal whole pesos and the last instalment
takes what the division leaves, so the plan always adds up to the contract's value.
"""
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from wizard.formatting import pesos

MAX_INSTALMENTS = 120


@dataclass(frozen=True)
class Planned:
    number: int
    due_on: date
    value: int


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def month_count(starts: date, ends: date) -> int:
    """How many monthly periods run from `starts` to `ends` (both included); the last may be a part of a month."""
    if ends < starts:
        raise ValueError("la terminación es anterior al inicio")
    count = 1
    while add_months(starts, count) <= ends:
        count += 1
        if count > MAX_INSTALMENTS:
            raise ValueError("más de diez años de cuotas")
    return count


def generate(value: int, starts: date, ends: date) -> list[Planned]:
    """The plan: one instalment a month, equal in whole pesos, the last one taking the rounding."""
    if value <= 0:
        raise ValueError("el valor debe ser positivo")
    count = month_count(starts, ends)
    share = value // count
    plan = []
    for number in range(1, count + 1):
        due = ends if number == count else add_months(starts, number) - timedelta(days=1)
        plan.append(Planned(number, due, share if number < count else value - share * (count - 1)))
    return plan


def total_problem(values: list[int], value: int) -> str | None:
    """Why the instalments do not add up to the contract's value, saying by how much; None when they do."""
    total = sum(values)
    if total == value:
        return None
    gap = abs(value - total)
    direction = "faltan" if total < value else "sobran"
    return (f"Las cuotas suman {pesos(total)} y el valor del contrato es {pesos(value)}: {direction} {pesos(gap)}. "
            "Ajuste los valores o pulse «Generar cuotas»")


def summary(plan: list[tuple[date, int]]) -> str:
    """A plan in one line, for the history: "12 cuotas, $ 36.000.000, de 28/02/2026 a 31/01/2027"."""
    if not plan:
        return "sin cuotas"
    days = sorted(d for d, _ in plan)
    count = len(plan)
    return (f"{count} cuota{'s' if count != 1 else ''}, {pesos(sum(v for _, v in plan))}, "
            f"de {days[0].strftime('%d/%m/%Y')} a {days[-1].strftime('%d/%m/%Y')}")
