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

    @property
    def shown(self) -> str:
        return pesos(self.amount)

    @property
    def percent(self) -> str:
        return f"{self.width:.0f} %" if self.width >= 1 or not self.amount else "< 1 %"


@dataclass(frozen=True)
class Picture:
    value: int
    amounts: Amounts

    @property
    def to_bill(self) -> int:
        a = self.amounts
        return max(0, self.value - a.paid - a.approved - a.sent)

    @property
    def segments(self) -> list[Segment]:
        a = self.amounts
        parts = [("pagado", "Pagado", a.paid), ("aprobado", "Aprobado", a.approved),
                 ("enviado", "Enviado a la entidad estatal", a.sent), ("por-facturar", "Por facturar", self.to_bill)]
        base = max(self.value, a.paid + a.approved + a.sent, 1)
        found, start = [], 0.0
        for key, label, amount in parts:
            width = round(100 * amount / base, 2)
            found.append(Segment(key, label, amount, start, width))
            start = round(start + width, 2)
        return found

    @property
    def description(self) -> str:
        """The picture in words, for screen readers and as the SVG's title."""
        return "; ".join(f"{s.label}: {s.shown}" for s in self.segments) + f". Valor del contrato: {pesos(self.value)}"


def picture(value: int, amounts: Amounts | None = None) -> Picture:
    return Picture(value, amounts or Amounts())
