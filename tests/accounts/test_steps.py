"""Request tests for the wizard's first two steps: validation, the skipped-step guard, going back, resuming."""
import re

import pytest

from tests.helpers.accounts import ENTITY, ENTITY_NATURAL, KIND_NATURAL, KIND_SAS
from tests.helpers.factories import make_account
from tests.helpers.pages import check_page

HTMX = {"HX-Request": "true", "HX-Target": "main"}


def test_the_wizard_asks_a_visitor_to_sign_in_first(client):
    response = client.get("/cuenta/nueva")
    assert response.status_code == 303
    assert "/entrar" in response.headers["Location"]


def test_the_wizard_starts_at_the_kind_of_account(signed_in):
    check_page(signed_in.get("/cuenta/nueva"), 303, "/cuenta/nueva/tipo")
    html = check_page(signed_in.get("/cuenta/nueva/tipo"))
    for text in ("País", "Tipo", "Proveedor", "Área de negocio", "Tipo de organización", "Generar formulario",
                 "Sociedad por acciones simplificada colombiana"):
        assert text in html
    assert '<option selected value="CO">COLOMBIA</option>' in html or 'value="CO" selected' in html


def test_the_name_and_nit_from_section_3_fill_the_form(wizard):
    wizard.client.get("/cuenta/nueva?nombre=Mi+Empresa&nit=900544472")
    wizard.kind()
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert 'value="Mi Empresa"' in html and 'value="900544472"' in html
    assert "DV: 2" in html


def test_a_nit_searched_with_its_check_digit_reaches_the_form_without_it(wizard):
    wizard.client.get("/cuenta/nueva?nombre=Andina&nit=900.373.923-8")
    wizard.kind()
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert 'value="900373923"' in html and "DV: 8" in html


def test_the_kind_of_account_must_be_chosen(signed_in):
    html = check_page(signed_in.post("/cuenta/nueva/tipo", data={"pais": "CO", "area": "publico"}), 422)
    assert "Elija el tipo de organización" in html
    [publico] = re.findall(r'<input[^>]*value="publico"[^>]*>', html)
    assert re.search(r'\schecked[\s>]', publico), publico  # the answer given is kept
    assert "<title>Error: " in html


def test_an_unknown_organisation_type_is_refused_not_crashed(signed_in):
    html = check_page(signed_in.post("/cuenta/nueva/tipo", data={**KIND_SAS, "organizacion": "x" * 5000}), 422)
    assert "Elija el tipo de organización" in html


@pytest.mark.parametrize("url", ["/cuenta/nueva/formulario", "/cuenta/nueva/documentos", "/cuenta/nueva/finalizar"])
def test_a_later_step_cannot_be_reached_by_typing_its_address(signed_in, url):
    check_page(signed_in.get(url), 303, "/cuenta/nueva/tipo")
    check_page(signed_in.post(url, data={"terminos": "y", "continuar": "1"}), 303, "/cuenta/nueva/tipo")


def test_the_documents_step_waits_for_a_complete_form(wizard):
    wizard.kind()
    check_page(wizard.client.get("/cuenta/nueva/documentos"), 303, "/cuenta/nueva/formulario")
    check_page(wizard.client.get("/cuenta/nueva/finalizar"), 303, "/cuenta/nueva/formulario")


def test_a_legal_person_fills_the_nit_and_the_legal_representative(wizard):
    wizard.kind()
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert "Representante legal" in html and ">NIT<" in html
    data = {k: v for k, v in ENTITY.items() if not k.startswith("rep_")}
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data=data), 422)
    assert "Escriba el nombre del representante legal" in html
    assert 'value="Constructora Andina S.A.S."' in html


def test_a_persona_natural_gives_a_cedula_and_no_legal_representative(wizard):
    wizard.kind(KIND_NATURAL)
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert "Número de cédula" in html and "Representante legal" not in html
    check_page(wizard.client.post("/cuenta/nueva/formulario", data=ENTITY_NATURAL), 303, "/cuenta/nueva/documentos")


def test_every_field_error_names_the_field_and_keeps_what_was_typed(wizard):
    wizard.kind()
    bad = {**ENTITY, "nit": "12", "correo_oficina": "no-es-correo", "telefono_oficina": "12",
           "pagina_web": "no es una web", "codigo_postal": "5430", "municipio": "99999", "rep_correo": "x@",
           "banco": "Banco de Bogotá"}
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data=bad), 422)
    for message in ("El NIT debe tener entre 5 y 10 dígitos", "Escriba un correo electrónico válido",
                    "Escriba un teléfono válido", "Escriba una dirección web válida",
                    "Escriba el código postal de 6 números", "Elija un municipio de la lista",
                    "Escriba el número de cuenta (si da un dato bancario, dé los tres)"):
        assert message in html, message
    assert 'href="#correo_oficina"' in html
    assert 'value="no-es-correo"' in html and 'value="Banco de Bogotá"' in html


def test_the_short_name_is_kept_in_upper_case(wizard):
    wizard.kind()
    wizard.entity()
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert 'value="ANDINA"' in html


def test_a_nit_already_registered_offers_to_request_access_to_that_account(app, wizard):
    with app.app_context():
        account_id = make_account(name="Constructora Existente", nit="900373923")
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data=ENTITY), 422)
    assert "Ya existe una cuenta con este número: Constructora Existente" in html
    assert f'action="/cuenta/{account_id}/solicitud"' in html
    assert "Solicitud de acceso" in html


def test_a_nit_in_unusual_digits_neither_breaks_the_form_nor_dodges_the_duplicate_check(app, wizard):
    with app.app_context():
        make_account(nit="900373923", name="Constructora Andina S.A.S.")
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "nit": "９００３７３９２３"}), 422)
    assert "Ya existe una cuenta con este número" in html
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nit", data={"nit": "9003739²3"}))
    assert "Escriba el NIT solo con números" in html


def test_leaving_the_nit_field_shows_its_check_digit(wizard):
    wizard.kind()
    response = wizard.client.post("/cuenta/nueva/formulario/validar?campo=nit", data={"nit": "900.373.923"},
                                  headers={"HX-Request": "true"})
    assert "DV: 8" in check_page(response)


def test_leaving_a_duplicate_nit_offers_access_at_once(app, wizard):
    with app.app_context():
        account_id = make_account(nit="800199436")
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nit", data={"nit": "800199436"},
                                         headers={"HX-Request": "true"}))
    assert "Solicitud de acceso" in html and f"/cuenta/{account_id}/solicitud" in html and 'hx-swap-oob' in html


def test_leaving_an_email_field_checks_it(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=correo_oficina",
                                         data={"correo_oficina": "malo"}))
    assert "Escriba un correo electrónico válido" in html


def test_the_notification_email_must_be_one_mail_can_reach(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=correo_notificaciones",
                                         data={"correo_notificaciones": "notificación@empresa.com"}))
    assert "sin tildes ni ñ antes de la @" in html


def test_checking_an_unknown_field_is_a_bad_request(wizard):
    wizard.kind()
    check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nada", data={}), 400)
    check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=csrf_token", data={}), 400)


def test_typing_pampl_offers_pamplona(signed_in):
    html = check_page(signed_in.get("/cuenta/municipios?q=pampl"))
    assert '<option value="54518" selected>Pamplona, Norte de Santander</option>' in html


def test_without_javascript_the_department_lists_its_municipalities(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario",
                                         data={"departamento": "54", "buscar_municipio": "1"}))
    assert ">Pamplona, Norte de Santander</option>" in html and "Cúcuta" in html and "Medellín" not in html
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={"q": "pamplonita", "buscar_municipio": "1"}))
    assert "Pamplonita, Norte de Santander" in html


def test_agregar_adds_a_financial_row_with_and_without_javascript(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "agregar": "1"}))
    assert 'name="anios-0-anio"' in html and "<html" in html and 'value="Constructora Andina S.A.S."' in html
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "anios-0-anio": "", "agregar": "1"},
                                         headers={"HX-Request": "true", "HX-Target": "financiera"}))
    assert 'name="anios-1-anio"' in html and "<html" not in html and 'id="financiera"' in html


ROW = {"anios-0-anio": "2024", "anios-0-patrimonio": "$ 500.000.000", "anios-0-activo_corriente": "300000000",
       "anios-0-activo_total": "1.000.000.000", "anios-0-pasivo_corriente": "150.000.000",
       "anios-0-pasivo_total": "500000000", "anios-0-utilidad_operacional": "100.000.000",
       "anios-0-gastos_intereses": "0"}


def test_financial_rows_show_pesos_and_their_indicators(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, **ROW, "agregar": "1"}))
    assert 'value="$ 300.000.000"' in html
    assert "Índice de liquidez" in html and "2,00" in html
    assert "No aplica" in html  # cobertura de intereses with no interest expense
    assert "Manual para determinar y verificar los requisitos habilitantes" in html


def test_quitar_removes_a_financial_row(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, **ROW, "quitar": "0"}))
    assert 'name="anios-0-anio"' not in html


def test_a_row_with_money_that_is_not_money_is_refused(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario",
                                         data={**ENTITY, **ROW, "anios-0-patrimonio": "mucho", "anios-0-anio": "20"}), 422)
    assert "Escriba patrimonio en pesos, solo con números" in html
    assert "Escriba el año con cuatro cifras" in html
    assert 'value="mucho"' in html
    assert '<a href="#anios-0-patrimonio">Información Financiera, fila 1: Patrimonio: Escriba patrimonio' in html


def test_assets_liabilities_and_interest_cannot_be_negative_but_equity_and_income_can(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={
        **ENTITY, **ROW, "anios-0-activo_total": "-1.000.000", "anios-0-gastos_intereses": "-$ 5.000"}), 422)
    assert "Activo total: Escriba activo total sin signo menos: no puede ser negativo" in html
    assert "Gastos de intereses: Escriba gastos de intereses sin signo menos" in html
    assert 'id="anios-0-activo_total"' in html and "1.000.000" in html  # kept as typed (shown in pesos)
    check_page(wizard.client.post("/cuenta/nueva/formulario", data={
        **ENTITY, **ROW, "anios-0-patrimonio": "-200.000", "anios-0-utilidad_operacional": "-5.000"}),
        303, "/cuenta/nueva/documentos")


def test_a_year_in_superscript_digits_is_refused_not_crashed(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, **ROW, "anios-0-anio": "²⁰²³"}), 422)
    assert "Escriba el año con cuatro cifras" in html


def test_two_rows_of_the_same_year_are_refused(wizard):
    wizard.kind()
    second = {k.replace("anios-0-", "anios-1-"): v for k, v in ROW.items()}
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, **ROW, **second}), 422)
    assert "Información Financiera, fila 2: Año: Este año ya está en otra fila" in html


def test_guardar_y_salir_keeps_an_unfinished_form_for_a_later_session(wizard, login_as, user_id):
    wizard.kind()
    check_page(wizard.client.post("/cuenta/nueva/formulario", data={"nombre": "A medias", "guardar": "1"}), 303, "/")
    wizard.client.delete_cookie("session")
    check_page(wizard.client.get("/cuenta/nueva"), 303)
    login_as(user_id)
    check_page(wizard.client.get("/cuenta/nueva"), 303, "/cuenta/nueva/formulario")
    assert 'value="A medias"' in check_page(wizard.client.get("/cuenta/nueva/formulario"))


def test_going_back_keeps_the_later_answers(wizard):
    wizard.kind()
    wizard.entity()
    check_page(wizard.client.get("/cuenta/nueva/tipo"))
    wizard.kind({**KIND_SAS, "area": "publico"})
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert 'value="Constructora Andina S.A.S."' in html and 'value="Ana Rojas"' in html
    check_page(wizard.client.get("/cuenta/nueva/documentos"))


def test_a_change_of_kind_that_makes_the_form_incomplete_sends_the_user_back_to_it(wizard):
    wizard.kind(KIND_NATURAL)
    wizard.entity(ENTITY_NATURAL)
    check_page(wizard.client.get("/cuenta/nueva/documentos"))
    wizard.kind(KIND_SAS)
    check_page(wizard.client.get("/cuenta/nueva/documentos"), 303, "/cuenta/nueva/formulario")
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data=ENTITY_NATURAL), 422)
    assert "Escriba el nombre del representante legal" in html


def test_htmx_gets_a_partial_on_error_and_a_location_on_success(signed_in):
    response = signed_in.post("/cuenta/nueva/tipo", data={}, headers=HTMX)
    html = check_page(response, 422)
    assert "<html" not in html and "Elija el tipo de organización" in html
    response = signed_in.post("/cuenta/nueva/tipo", data=KIND_SAS, headers=HTMX)
    assert response.status_code == 200 and "/cuenta/nueva/formulario" in response.headers["HX-Location"]


@pytest.mark.parametrize("data", [
    {"nombre": "x" * 100_000, "nit": "9" * 5000, "anios-99-anio": "2020", "anios-0-zzz": "1"},
    {"quitar": "abc"}, {"quitar": "99"}, {"quitar": "²"}, {"quitar": "9" * 5000}, {"quitar": "٣"}, {"codigo_postal": "５４３０５０"}, {"anios-0-anio": "2024", "anios-0-patrimonio": "1" * 60},
    {"mipyme": "tal vez", "regimen": "inventado", "tipo_cuenta": "oro", "departamento": "zz", "municipio": "<script>"},
])
def test_malformed_input_never_breaks_the_form(wizard, data):
    wizard.kind()
    response = wizard.client.post("/cuenta/nueva/formulario", data=data)
    assert response.status_code in (200, 422)
    check_page(response, response.status_code)


def test_the_error_summary_links_to_a_control_that_exists(signed_in, wizard):
    html = check_page(signed_in.post("/cuenta/nueva/tipo", data={"pais": "CO"}), 422)
    assert 'href="#area-0"' in html and 'id="area-0"' in html
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={}), 422)
    assert 'href="#mipyme-0"' in html and 'id="mipyme-0"' in html


def test_a_user_not_yet_activated_is_asked_to_activate_first(app, login_as):
    with app.app_context():
        from tests.helpers.factories import make_user
        user = make_user(activated=False)
    client = login_as(user)
    check_page(client.get("/cuenta/nueva"), 303, "/")
    check_page(client.post("/cuenta/nueva/tipo", data=KIND_SAS), 303, "/")
    assert "Active su usuario" in check_page(client.get("/"))


def test_choosing_a_department_lists_its_municipalities(signed_in):
    html = check_page(signed_in.get("/cuenta/municipios?departamento=54"))
    assert html.count("<option") == 41 and "Pamplona, Norte de Santander" in html and " selected" not in html
    assert "Elija el departamento" in check_page(signed_in.get("/cuenta/municipios?departamento=zz"))


def test_values_longer_than_the_account_keeps_are_refused(wizard):
    wizard.kind()
    long_url = "www.empresa.com/" + "a" * 300
    html = check_page(wizard.client.post("/cuenta/nueva/formulario",
                                         data={**ENTITY, "pagina_web": long_url, "correo_oficina": "a" * 250 + "@x.co"}), 422)
    assert "Página web: Escriba como máximo 300 caracteres" in html
    assert "Correo electrónico de la oficina: Escriba" in html


def test_a_swap_of_the_form_brings_the_chosen_country_and_loads_the_others_once_from_a_cacheable_list(wizard):
    """244 countries are 2.4 KB gzipped of the step's swap: htmx loads them from one answer the browser keeps."""
    wizard.kind()
    full = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert full.count("<option", full.index('id="pais_contacto"'), full.index("</select>", full.index('id="pais_contacto"'))) > 200
    swap = check_page(wizard.client.get("/cuenta/nueva/formulario", headers={"HX-Request": "true", "HX-Target": "main"}))
    select = swap[swap.index('id="pais_contacto"'):swap.index("</select>", swap.index('id="pais_contacto"'))]
    assert select.count("<option") == 1 and 'selected value="CO">COLOMBIA' in select
    assert 'hx-get="/referencia/paises?elegido=CO" hx-trigger="load" hx-target="#pais_contacto"' in swap
    # the loader never pushes its address, whatever its form inherits (section 3's search pushes its own)
    loader = swap[swap.index('hx-get="/referencia/paises'):]
    assert 'hx-push-url="false"' in loader[:loader.index(">")]
    answer = wizard.client.get("/referencia/paises?elegido=VE")
    listed = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "public, max-age=86400"
    assert listed.count("<option") > 200 and listed.count(" selected") == 1 and 'selected value="VE"' in listed
    assert " selected" not in wizard.client.get("/referencia/paises?elegido=%3Cscript%3E").get_data(as_text=True)
