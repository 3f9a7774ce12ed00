"""The financial capacity indicators computed from a year's figures (typed money is read by wizard/money.py).

The indicators and their formulas are those of Colombia Compra Eficiente, "Manual para determinar y verificar los
requisitos habilitantes en los Procesos de Contratación" (capacidad financiera y organizacional).
"""
from dataclasses import dataclass
from decimal import Decimal

from wizard.money import parse_money  # noqa: F401 - shared with the contracts; imported from here by this area

SOURCE = ('Colombia Compra Eficiente, "Manual para determinar y verificar los requisitos habilitantes en los '
          'Procesos de Contratación"')

# (field name in a row, label shown to the user), in the order of SECOP II's "Información Financiera".
FIELDS = [
    ("patrimonio", "Patrimonio"),
    ("activo_corriente", "Activo corriente"),
    ("activo_total", "Activo total"),
    ("pasivo_corriente", "Pasivo corriente"),
    ("pasivo_total", "Pasivo total"),
    ("utilidad_operacional", "Utilidad operacional"),
    ("gastos_intereses", "Gastos de intereses"),
]
# The FinancialYear column each row field is stored in.
COLUMNS = {
    "patrimonio": "equity", "activo_corriente": "current_assets", "activo_total": "total_assets",
    "pasivo_corriente": "current_liabilities", "pasivo_total": "total_liabilities",
    "utilidad_operacional": "operating_income", "gastos_intereses": "interest_expense",
}


@dataclass(frozen=True)
class Indicator:
    name: str
    formula: str
    value: Decimal | None  # None: "No aplica" (a zero or missing denominator)

    @property
    def shown(self) -> str:
        if self.value is None:
            return "No aplica"
        return f"{self.value:.2f}".replace(".", ",")


def _ratio(numerator: int | None, denominator: int | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))


def indicators(row: dict[str, int | None]) -> list[Indicator]:
    """The five indicators of one year's figures; "No aplica" where a denominator is zero or missing."""
    g = row.get
    return [
        Indicator("Índice de liquidez", "Activo corriente / Pasivo corriente",
                  _ratio(g("activo_corriente"), g("pasivo_corriente"))),
        Indicator("Índice de endeudamiento", "Pasivo total / Activo total",
                  _ratio(g("pasivo_total"), g("activo_total"))),
        Indicator("Razón de cobertura de intereses", "Utilidad operacional / Gastos de intereses",
                  _ratio(g("utilidad_operacional"), g("gastos_intereses"))),
        Indicator("Rentabilidad del patrimonio", "Utilidad operacional / Patrimonio",
                  _ratio(g("utilidad_operacional"), g("patrimonio"))),
        Indicator("Rentabilidad del activo", "Utilidad operacional / Activo total",
                  _ratio(g("utilidad_operacional"), g("activo_total"))),
    ]
