"""The contract's money at a glance: paid, approved, sent and still to bill, drawn by the server.

The amounts come from the payment requests, which another area owns ("Plan de pagos"): it registers a source with
`register_source(fn)`, where `fn(contract_ids)` returns {contract_id: Amounts} in one query. Without any source every
contract is still all to bill. The picture is data for templates/contracts/_picture.html (an SVG bar with a legend,
no script and no inline style, so it works at 320 px and under the CSP).
"""
from collections.abc import Callable
from dataclasses import dataclass

from wizard.formatting import pesos


@dataclass(frozen=True)
class Amounts:
    paid: int = 0  # "Pagado"
    approved: int = 0  # "Aprobado", not yet paid
    sent: int = 0  # "Enviado a la entidad estatal", not yet approved

    def __add__(self, other: "Amounts") -> "Amounts":
        return Amounts(self.paid + other.paid, self.approved + other.approved, self.sent + other.sent)


_SOURCES: list[Callable[[list[int]], dict[int, Amounts]]] = []


def register_source(source: Callable[[list[int]], dict[int, Amounts]]) -> Callable:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def amounts_for(contract_ids: list[int]) -> dict[int, Amounts]:
    found = {contract_id: Amounts() for contract_id in contract_ids}
    for source in _SOURCES:
        for contract_id, amounts in source(contract_ids).items():
            found[contract_id] = found.get(contract_id, Amounts()) + amounts
    return found


@dataclass(frozen=True)
class Segment:
    key: str  # css class: pagado, aprobado, enviado, por-facturar
    label: str
    amount: int
    start: float  # where the bar's piece starts and how wide it is, in hundredths of the value
    width: float
    whole: int = 0  # its whole percent, rounded so that the legend's percents add up to 100

    @property
    def shown(self) -> str:
        return pesos(self.amount)

    @property
    def percent(self) -> str:
        return f"{self.whole} %" if self.whole or not self.amount else "< 1 %"


def whole_percents(amounts: list[int], base: int) -> list[int]:
    """Whole percents of `base` adding up to what they stand for (100 when the amounts fill it): the largest
    remainder method, so 58,33 + 25 + 8,33 + 8,33 reads 59 + 25 + 8 + 8, never 99."""
    exact = [100 * amount / base for amount in amounts]
    found = [int(x) for x in exact]
    short = round(sum(exact)) - sum(found)
    for i in sorted(range(len(exact)), key=lambda i: (found[i] - exact[i], i))[:max(0, short)]:
        found[i] += 1
    return found


@dataclass(frozen=True)
class Picture:
    value: int
    amounts: Amounts
    entity_side: bool = False  # the entity reads what was sent as "Enviado por el Proveedor" (domain.md)

    @property
    def to_bill(self) -> int:
        a = self.amounts
        return max(0, self.value - a.paid - a.approved - a.sent)

    @property
    def segments(self) -> list[Segment]:
        a = self.amounts
        sent = "Enviado por el Proveedor" if self.entity_side else "Enviado a la entidad estatal"
        parts = [("pagado", "Pagado", a.paid), ("aprobado", "Aprobado", a.approved),
                 ("enviado", sent, a.sent), ("por-facturar", "Por facturar", self.to_bill)]
        base = max(self.value, a.paid + a.approved + a.sent, 1)
        wholes = whole_percents([amount for _, _, amount in parts], base)
        found, start = [], 0.0
        for (key, label, amount), whole in zip(parts, wholes):
            width = round(100 * amount / base, 2)
            found.append(Segment(key, label, amount, start, width, whole))
            start = round(start + width, 2)
        return found

    @property
    def description(self) -> str:
        """The picture in words, for screen readers and as the SVG's title."""
        return "; ".join(f"{s.label}: {s.shown}" for s in self.segments) + f". Valor del contrato: {pesos(self.value)}"


def picture(value: int, amounts: Amounts | None = None, entity_side: bool = False) -> Picture:
    return Picture(value, amounts or Amounts(), entity_side)
