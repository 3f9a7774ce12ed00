"""Unit tests: NIT check digits, DIVIPOLA lookups, money, financial indicators, document rules, executables."""
from decimal import Decimal

import pytest

from wizard import filechecks, nit
from wizard.accounts.documents import CONSTANCIA, document_rules, missing_documents
from wizard.accounts.financial import indicators, parse_money
from wizard.money import has_cents
from wizard.formatting import pesos
from wizard.reference import municipality, search_municipalities


@pytest.mark.parametrize("number, dv", [
    ("860069804", "2"), ("900373923", "8"), ("800199436", "4"), ("700085371", "1"), ("800111202", "1"),
    ("1032387714", "9"), ("900544472", "2"),
])
def test_the_check_digit_of_real_nits_is_dians(number, dv):
    assert nit.check_digit(number) == dv
    assert nit.problem(number) is None


@pytest.mark.parametrize("typed, problem", [
    ("", "Escriba el NIT"), ("90037A923", "solo con números"), ("1234", "entre 5 y 10"), ("12345678901", "entre 5 y 10"),
    ("0900373923", "no puede empezar por 0"), ("9003739²3", "solo con números"),
])
def test_a_nit_that_is_not_acceptable_is_explained(typed, problem):
    assert problem in nit.problem(typed)


def test_a_nit_typed_with_dots_is_cleaned():
    assert nit.clean("900.373.923") == "900373923"


def test_a_nit_typed_with_other_digits_is_the_same_nit():
    # a phone keyboard or an IME can give full-width digits: the same NIT, so the same account (and no bypass)
    assert nit.clean("９００.３７３.９２３") == "900373923"


def test_pampl_finds_pamplona_in_norte_de_santander():
    found = search_municipalities("pampl")
    assert found[0].code == "54518"
    assert found[0].label == "Pamplona, Norte de Santander"


def test_municipality_search_ignores_accents_and_case():
    assert "05001" in {m.code for m in search_municipalities("MEDELLIN")}
    assert "11001" in {m.code for m in search_municipalities("bogota")}


def test_municipality_search_gives_at_most_twenty():
    assert len(search_municipalities("san")) == 20


def test_a_municipality_code_names_its_department():
    assert municipality("54518").department == "Norte de Santander"
    assert municipality("99999") is None


@pytest.mark.parametrize("typed, amount", [
    ("$ 1.234.567", 1234567), ("1234567", 1234567), ("1.234.567", 1234567), ("1,234,567", 1234567),
    ("$1.234.567,00", 1234567), ("-$ 5.000", -5000), ("0", 0), (" $ 12 ", 12),
])
def test_money_is_accepted_with_or_without_separators(typed, amount):
    assert parse_money(typed) == amount


@pytest.mark.parametrize("typed", ["", "abc", "1.23.4", "1.234,567.8", "12e5", "9" * 16, "$", "1,234.567"])
def test_what_is_not_money_is_refused(typed):
    assert parse_money(typed) is None


@pytest.mark.parametrize("typed", ["2.999.999,99", "$ 1.234.567,5", "1,50"])
def test_centavos_are_refused_never_rounded(typed):
    """Whole pesos only: rounding "2.999.999,99" would approve $ 3.000.000 where the reviewer typed less."""
    assert parse_money(typed) is None and has_cents(typed)


def test_money_is_shown_with_dots_for_thousands():
    assert pesos(1234567) == "$ 1.234.567"


FIGURES = {"patrimonio": 500, "activo_corriente": 300, "activo_total": 1000, "pasivo_corriente": 150,
           "pasivo_total": 500, "utilidad_operacional": 100, "gastos_intereses": 25}


def test_the_indicators_follow_colombia_compra_eficientes_formulas():
    values = {i.name: i.value for i in indicators(FIGURES)}
    assert values == {
        "Índice de liquidez": Decimal("2.00"), "Índice de endeudamiento": Decimal("0.50"),
        "Razón de cobertura de intereses": Decimal("4.00"), "Rentabilidad del patrimonio": Decimal("0.20"),
        "Rentabilidad del activo": Decimal("0.10"),
    }


def test_an_indicator_whose_divisor_is_zero_does_not_apply():
    shown = {i.name: i.shown for i in indicators({**FIGURES, "gastos_intereses": 0, "pasivo_corriente": 0})}
    assert shown["Razón de cobertura de intereses"] == "No aplica"
    assert shown["Índice de liquidez"] == "No aplica"
    assert shown["Índice de endeudamiento"] == "0,50"


def _required(rules):
    return {r.slot: r.required for r in rules}


def test_a_company_must_attach_four_documents_and_may_attach_the_rup():
    assert _required(document_rules("sas")) == {"rup": False, "capacidad_financiera": True, "experiencia": True,
                                                "estados_financieros": True, "existencia": True}


def test_not_keeping_accounts_does_not_change_a_companys_documents():
    assert _required(document_rules("sas", True)) == _required(document_rules("sas"))


def test_a_persona_natural_gives_the_cedula_in_place_of_the_existence_certificate():
    rules = {r.slot: r for r in document_rules("persona_natural_colombiana")}
    assert rules["existencia"].name.startswith("Cédula")
    assert rules["capacidad_financiera"].required and rules["estados_financieros"].required


def test_a_persona_natural_not_obliged_to_keep_accounts_gives_a_constancia_in_place_of_2_and_4():
    rules = document_rules("persona_natural_extranjera", True)
    assert _required(rules) == {"rup": False, CONSTANCIA: True, "experiencia": True, "existencia": True}


def test_missing_documents_are_the_required_ones_not_attached():
    rules = document_rules("sas")
    assert [r.slot for r in missing_documents(rules, {"rup", "experiencia", "existencia"})] == [
        "capacidad_financiera", "estados_financieros"]


@pytest.mark.parametrize("head, name", [
    (b"MZ\x90\x00\x03", "informe.pdf"), (b"\x7fELF\x02\x01", "foto.jpg"), (b"\xcf\xfa\xed\xfe\x07", "a.zip"),
    (b"#!/bin/sh\nrm -rf /", "notas.txt"), (b"%PDF-1.4", "virus.exe"), (b"hola", "script.PS1"), (b"x", "run.js"),
])
def test_executables_are_recognised_by_content_or_name(head, name):
    assert filechecks.is_executable(head, name)


@pytest.mark.parametrize("head, name", [(b"%PDF-1.4\n", "rut.pdf"), (b"PK\x03\x04", "soportes.zip"),
                                        (b"texto plano", "lista.txt"), (b"\x89PNG\r\n\x1a\n", "cedula.png")])
def test_documents_are_not_taken_for_executables(head, name):
    assert not filechecks.is_executable(head, name)
