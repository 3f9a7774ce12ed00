"""How values are shown: pesos as "$ 1.234.567", times in the user's zone with SECOP II's label."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_login import current_user

from wizard.reference import label, timezones

DEFAULT_ZONE = "America/Bogota"


def percent(basis_points: int | None) -> str:
    """A percentage kept in hundredths of a percent, as Colombians write it: 1250 -> "12,5 %", 0 -> "0 %"."""
    if basis_points is None:
        return "—"
    whole, cents = divmod(basis_points, 100)
    return f"{whole},{cents:02d}".rstrip("0").rstrip(",") + " %" if cents else f"{whole} %"


def pesos(value: int | float | None) -> str:
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}$ {abs(round(value)):,}".replace(",", ".")


def _zone() -> str:
    """The signed-in user's zone, else Bogotá's (current_user resolved once: a list shows two dates a row)."""
    return getattr(current_user._get_current_object(), "timezone", None) or DEFAULT_ZONE


def zone_label(zone: str | None = None) -> str:
    return label(timezones(), zone or _zone())


def local_datetime(value: datetime | None, with_zone: bool = False) -> str:
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(_zone()))
    text = local.strftime("%d/%m/%Y %I:%M %p")
    return f"{text} {zone_label()}" if with_zone else text


MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")


def long_date(value: date | datetime | None) -> str:
    """A date as a letter writes it: "12 de diciembre de 2023" (a datetime in the user's zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(_zone())).date()
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"
