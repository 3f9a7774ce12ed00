"""Request tests for the entity form's field rules found by the 390 px sweep: the legal representative's document
number per type, amounts with too many digits, and a web address kept as typed when it is wrong."""
import pytest

from tests.helpers.accounts import ENTITY
from tests.helpers.pages import check_page

ROW = {"anios-0-anio": "2024", "anios-0-patrimonio": "$ 500.000.000", "anios-0-activo_corriente": "300000000",
       "anios-0-activo_total": "1.000.000.000", "anios-0-pasivo_corriente": "150.000.000",
       "anios-0-pasivo_total": "500000000", "anios-0-utilidad_operacional": "100.000.000",
       "anios-0-gastos_intereses": "0"}


def test_a_cedula_with_letters_is_refused_on_continuar_and_no_account_comes_of_it(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "rep_numero": "12ab"}), 422)
    assert "Escriba el número de la cédula de ciudadanía solo con números" in html
    assert 'value="12ab"' in html
    assert '<a href="#rep_numero">' in html


def test_leaving_the_document_number_checks_it_for_the_type_chosen(wizard):
    wizard.kind()
    check = "/cuenta/nueva/formulario/validar?campo=rep_numero"
    html = check_page(wizard.client.post(check, data={"rep_tipo_documento": "CC", "rep_numero": "12ab"}))
    assert "solo con números" in html
    html = check_page(wizard.client.post(check, data={"rep_tipo_documento": "PA", "rep_numero": "AB123456"}))
    assert "solo con" not in html and "Escriba" not in html


@pytest.mark.parametrize("kind, typed, kept, problem", [
    ("CC", "1.032.387.714", "1032387714", None),
    ("CC", "12ab", "12ab", "solo con números"),
    ("CC", "12345678901", "12345678901", "entre 3 y 10"),
    ("CE", "E-12345", "E-12345", "cédula de extranjería solo con números"),
    ("PA", "ab 123456", "AB123456", None),
    ("PA", "AB-12345", "AB-12345", "Escriba el número del pasaporte solo con letras y números"),
    ("PA", "AB1", "AB1", "El número del pasaporte tiene entre 4 y 20"),
    ("PEP", "123456789012345", "123456789012345", None),
    ("PEP", "12345", "12345", "El número del permiso especial de permanencia tiene entre 6 y 15"),
])
def test_each_document_type_has_its_rule(kind, typed, kept, problem):
    from wizard.accounts.fields import id_number

    number, message = id_number(kind, typed)
    assert number == kept
    assert (message is None) if problem is None else (problem in message)


def test_an_amount_with_too_many_digits_says_so(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={
        **ENTITY, **ROW, "anios-0-pasivo_corriente": "1" * 40}), 422)
    assert "no puede tener más de 15 cifras" in html
    assert "Escriba pasivo corriente en pesos, solo con números" not in html


def test_a_wrong_web_address_comes_back_as_typed_and_a_right_one_passes(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "pagina_web": "no es web"}), 422)
    assert 'value="no es web"' in html and "https://no es web" not in html
    assert "Escriba una dirección web válida" in html
    check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "pagina_web": "www.andina.co"}), 303)
