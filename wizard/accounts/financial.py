"""Money typed as Colombians write it, and the financial capacity indicators computed from a year's figures.

The indicators and their formulas are those of Colombia Compra Eficiente, "Manual para determinar y verificar los
requisitos habilitantes en los Procesos de Contratación" (capacidad financiera y organizacional).
"""
import re
from dataclasses import dataclass
from decimal import Decimal

SOURCE = ('Colombia Compra Eficiente, "Manual para determinar y verificar los requisitos habilitantes en los '
          'Procesos de Contratación"')
MAX_DIGITS = 15
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_CENTS = re.compile(r"^(.*),(\d{1,2})$")

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


def parse_money(value: str | None) -> int | None:
    """Whole pesos from "$ 1.234.567", "1234567", "1,234,567" or "-$ 5.000"; None when it is not an amount."""
    text = (value or "").strip().replace("\u00a0", " ")
    if not text or len(text) > 40:
        return None
    negative = text.startswith("-")
    text = text.lstrip("-").strip().removeprefix("$").replace(" ", "")
    cents = 0
    match = _CENTS.match(text)
    if match and not _GROUPED.match(text):
        text, cents = match.group(1), int(match.group(2).ljust(2, "0"))
    if _GROUPED.match(text):
        separators = {c for c in text if not c.isdigit()}
        if len(separators) > 1:
            return None
        text = re.sub(r"[.,]", "", text)
    if not _PLAIN.match(text) or len(text.lstrip("0")) > MAX_DIGITS:
        return None
    amount = int(text) + (1 if cents >= 50 else 0)
    return -amount if negative else amount


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
