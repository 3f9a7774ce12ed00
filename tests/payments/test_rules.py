"""The rules as plain functions: the CUFE's form, the money, the proposed number and the states' table."""
from datetime import date, timedelta

import pytest

from tests.helpers.payments import a_cufe
from wizard import cufe
from wizard.models.payments import EDITABLE, FLOW, PaymentState
from wizard.payments import rules


def test_a_cufe_pasted_in_capitals_with_spaces_or_across_lines_is_the_same_cufe():
    code = a_cufe(1)
    pasted = "CUFE: " + " ".join(code[i:i + 24].upper() for i in range(0, 96, 24)).replace(" ", "\n", 1)
    assert cufe.normalise(pasted) == code and cufe.is_valid(pasted)
    assert cufe.lookup_url(pasted) == f"https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey={code}"


@pytest.mark.parametrize("typed, says", [("", "Escriba el CUFE"), ("abc", "96 caracteres y usted escribió 3"),
                                         ("g" * 96, "revise el carácter «g»"), ("a" * 95, "escribió 95")])
def test_a_malformed_cufe_says_what_is_wrong(typed, says):
    assert says in cufe.problem(typed)


def test_money_typed_with_or_without_separators_and_the_total_not_below_the_net():
    assert rules.amount_problem("3.000.000", "Valor neto") is None
    assert rules.amount_problem("3000000", "Valor neto") is None
    assert "solo con números" in rules.amount_problem("tres millones", "Valor neto")
    assert "sin centavos" in rules.amount_problem("3.000.000,40", "Valor neto")
    assert rules.amount_problem("3.000.000,00", "Valor neto") is None
    assert "mayor que cero" in rules.amount_problem("0", "Valor total")
    assert "15 cifras" in rules.amount_problem("9" * 16, "Valor total")
    assert rules.total_problem(3_000_000, 3_570_000) is None
    assert "no puede ser menor que el valor neto ($ 3.000.000)" in rules.total_problem(3_000_000, 2_999_999)


def test_the_contracts_requests_may_not_add_up_to_more_than_its_value_and_the_message_says_whats_left():
    assert rules.room_problem(3_000_000, 36_000_000, 33_000_000) is None
    message = rules.room_problem(3_000_001, 36_000_000, 33_000_000)
    assert "Queda por cobrar $ 3.000.000" in message and "$ 36.000.001" in message


def test_the_cuenta_de_cobro_number_is_proposed_as_the_next_pago():
    assert rules.proposed_number(0) == "Pago 001" and rules.proposed_number(3) == "Pago 004"


def test_dates_of_the_request():
    issued = date(2026, 12, 1)
    assert rules.due_problem("2026-12-31", issued) is None
    assert "anterior a la fecha de emisión" in rules.due_problem("2026-11-30", issued)
    assert "día/mes/año" in rules.due_problem("31-31-2026", issued)
    assert "posterior a hoy" in rules.paid_day_problem((rules.today() + timedelta(days=1)).isoformat(), "Fecha de pago")


def test_a_cuenta_de_cobro_needs_its_own_document_and_a_factura_does_not():
    assert rules.required_documents(False) == ["informe", "planilla", "cuenta_cobro"]
    assert rules.required_documents(True) == ["informe", "planilla"]


def test_the_states_and_their_transitions():
    allowed = {code: (set(t.sources), t.target) for code, t in FLOW.transitions.items()}
    assert allowed["enviar"] == ({PaymentState.EN_EDICION}, PaymentState.ENVIADO)
    assert allowed["reenviar"] == ({PaymentState.RECHAZADO}, PaymentState.ENVIADO)
    assert allowed["aprobar"][0] == allowed["rechazar"][0] == {PaymentState.ENVIADO}
    assert allowed["pagar"] == ({PaymentState.APROBADO}, PaymentState.PAGADO)
    # nothing leaves "Pagado", and "Aprobado" only to "Pagado": approved money never changes
    assert not FLOW.allowed(PaymentState.PAGADO, FLOW.transitions)
    assert [t.code for t in FLOW.allowed(PaymentState.APROBADO, FLOW.transitions)] == ["pagar"]
    assert set(EDITABLE) == {PaymentState.EN_EDICION, PaymentState.RECHAZADO}
    assert FLOW.state_label(PaymentState.ENVIADO) == "Enviado a la entidad estatal"
    # only a request in edition is discarded, and nothing leaves "Descartada"
    assert allowed["descartar"] == ({PaymentState.EN_EDICION}, PaymentState.DESCARTADA)
    assert not FLOW.allowed(PaymentState.DESCARTADA, FLOW.transitions)
    assert FLOW.state_label(PaymentState.DESCARTADA) == "Descartada"


def test_registro_is_offered_for_this_month_and_any_left_behind_else_the_next_one():
    from datetime import date
    from types import SimpleNamespace

    from wizard.payments.rules import offered

    plan = [SimpleNamespace(id=10 + n, number=n, due_on=date(2026, n, 28)) for n in range(1, 13)]
    # October requested, September forgotten: September and this month (December 1st: 28/12 falls due this month)
    assert offered(plan, {11, 12, 13, 14, 15, 16, 17, 18, 20, 21}, date(2026, 12, 1)) == {19, 22}
    # everything due is requested: only the next instalment, not the whole future
    assert offered(plan, {10 + n for n in range(1, 8)}, date(2026, 7, 30)) == {18}
    assert offered(plan, {10 + n for n in range(1, 13)}, date(2026, 12, 30)) == set()


@pytest.mark.parametrize("typed, basis_points", [("", 0), ("0", 0), ("10", 1000), ("12,5", 1250), ("12.5", 1250),
                                                 ("12,55 %", 1255), ("100", 10000), (" 7 % ", 700)])
def test_a_percentage_is_read_as_colombians_write_it(typed, basis_points):
    assert rules.parse_percent(typed) == basis_points and rules.amortization_problem(typed) is None


@pytest.mark.parametrize("typed, says", [("100,01", "mayor que 100"), ("250", "mayor que 100"),
                                         ("-3", "negativo"), ("1,234", "dos decimales"), ("diez", "de 0 a 100"),
                                         ("1e2", "de 0 a 100"), ("٣", "de 0 a 100"), ("5%%", "de 0 a 100")])
def test_a_wrong_percentage_says_why(typed, says):
    assert says in rules.amortization_problem(typed)


def test_percentages_are_shown_with_a_decimal_comma():
    from wizard.formatting import percent

    assert [percent(v) for v in (0, 1250, 1255, 5, 10000, None)] == ["0 %", "12,5 %", "12,55 %", "0,05 %", "100 %", "—"]


def test_the_value_to_pay_is_pesos_above_zero_and_within_the_total():
    assert rules.to_pay_problem("$ 3.000.000", 3_000_000) is None and rules.to_pay_problem("2900000", 3_000_000) is None
    assert "mayor que cero" in rules.to_pay_problem("0", 3_000_000)
    assert "no puede ser mayor que el valor total de la solicitud ($ 3.000.000)" in rules.to_pay_problem("3.000.001",
                                                                                                       3_000_000)
    assert "en pesos" in rules.to_pay_problem("", 3_000_000)


def test_the_day_of_reception_lies_between_the_issue_and_today():
    today = rules.today()
    issued = today - timedelta(days=20)
    assert rules.received_problem(issued.strftime("%d/%m/%Y"), issued) is None
    assert rules.received_problem(today.isoformat(), issued) is None
    assert "posterior a hoy" in rules.received_problem((today + timedelta(days=1)).isoformat(), issued)
    assert f"fecha de emisión de la solicitud ({issued:%d/%m/%Y})" in rules.received_problem(
        (issued - timedelta(days=1)).isoformat(), issued)
    assert "día/mes/año" in rules.received_problem("31/02/2026", issued)
    assert rules.budget_record_problem("RP-2026-0045") is None and "40" in rules.budget_record_problem("R" * 41)
    assert "una sola línea" in rules.budget_record_problem("RP\n1")
