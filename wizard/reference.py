"""Reference lists read once from wizard/data/ (see its README for each file's source)."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wizard.text import fold

DATA = Path(__file__).parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def countries() -> list[tuple[str, str]]:
    return [(r["codigo"], r["nombre"]) for r in _rows("paises.csv")]


@cache
def security_questions() -> list[tuple[str, str]]:
    return [(r["codigo"], r["pregunta"]) for r in _rows("preguntas_seguridad.csv")]


@cache
def timezones() -> list[tuple[str, str]]:
    return [(r["codigo"], r["nombre"]) for r in _rows("zonas_horarias.csv")]


@cache
def tax_regimes() -> list[tuple[str, str]]:
    return [(r["codigo"], r["nombre"]) for r in _rows("regimenes.csv")]


@dataclass(frozen=True)
class OrganizationType:
    code: str
    name: str
    natural_person: bool
    foreign: bool
    account_kind: str = "proveedor"  # which "Tipo" of account it is for: "proveedor" or "entidad_estatal"


@cache
def organization_types() -> dict[str, OrganizationType]:
    """Every "Tipo de organización": the suppliers' (organizaciones.csv), then the state entities'."""
    found = {
        r["codigo"]: OrganizationType(r["codigo"], r["nombre"], r["persona_natural"] == "1", r["extranjera"] == "1")
        for r in _rows("organizaciones.csv")
    }
    for r in _rows("organizaciones_estatales.csv"):
        found[r["codigo"]] = OrganizationType(r["codigo"], r["nombre"], False, False, "entidad_estatal")
    return found


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    department_code: str
    department: str

    @property
    def label(self) -> str:
        return f"{self.name}, {self.department}"


@cache
def municipalities() -> dict[str, Municipality]:
    return {
        r["codigo_municipio"]: Municipality(
            r["codigo_municipio"], r["municipio"], r["codigo_departamento"], r["departamento"]
        )
        for r in _rows("divipola.csv")
    }


@cache
def departments() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for m in municipalities().values():
        seen.setdefault(m.department_code, m.department)
    return sorted(seen.items(), key=lambda item: fold(item[1]))


def municipality(code: str | None) -> Municipality | None:
    return municipalities().get(code or "")


@cache
def _folded_municipalities() -> list[tuple[str, Municipality]]:
    return [(fold(f"{m.name} {m.department}"), m) for m in municipalities().values()]


def search_municipalities(query: str, department_code: str | None = None, limit: int = 20) -> list[Municipality]:
    """Municipalities whose name or department contains every word typed, accents and case ignored."""
    words = fold(query).split()
    found = [
        m
        for folded, m in _folded_municipalities()
        if all(w in folded for w in words) and (not department_code or m.department_code == department_code)
    ]
    found.sort(key=lambda m: (not fold(m.name).startswith(words[0]) if words else False, fold(m.name)))
    return found[:limit]


def label(choices: list[tuple[str, str]], code: str | None) -> str:
    return dict(choices).get(code or "", "")


# Contracts ------------------------------------------------------------------------------------------------------

@cache
def contract_types() -> list[tuple[str, str]]:
    return [(r["codigo"], r["nombre"]) for r in _rows("tipos_contrato.csv")]


@cache
def modalities() -> list[tuple[str, str]]:
    return [(r["codigo"], r["nombre"]) for r in _rows("modalidades.csv")]


@cache
def funding_sources() -> list[tuple[str, str]]:
    return [(r["codigo"], r["nombre"]) for r in _rows("fuentes_recursos.csv")]
