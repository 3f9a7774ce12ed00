"""The entity form as a person on a phone meets it: kept as it is typed, amounts refused as they are left, the
municipio and departamento always agreeing, anchors without JavaScript, and a persona natural's office details."""
import re

from sqlalchemy import event

from tests.helpers.accounts import ENTITY, ENTITY_NATURAL, KIND_NATURAL
from tests.helpers.pages import check_page
from wizard.extensions import db

HX = {"HX-Request": "true"}


def test_each_field_is_kept_as_it_is_left(wizard):
    wizard.kind()
    typed = {**{k: v for k, v in ENTITY.items() if k != "rep_telefono"}, "direccion": "Carrera 7 # 71-21"}
    check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=direccion", data=typed, headers=HX))
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))  # a reload, or coming back after a call
    assert 'value="Carrera 7 # 71-21"' in html and 'value="Constructora Andina S.A.S."' in html


def test_a_field_check_posting_one_field_keeps_the_others_saved(wizard):
    wizard.kind()
    wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "guardar": "1"})
    wizard.client.post("/cuenta/nueva/formulario/validar?campo=direccion", data={"direccion": "Calle 1"})
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert 'value="Calle 1"' in html and 'value="Constructora Andina S.A.S."' in html


def test_the_field_check_saves_the_draft_in_one_statement(app, wizard):
    wizard.kind()
    statements = []
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listener)
    try:
        wizard.client.post("/cuenta/nueva/formulario/validar?campo=direccion", data=ENTITY)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listener)
    writes = [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert len(writes) == 1 and "account_drafts" in writes[0]


AMOUNT = "Escriba {} en pesos, solo con números, por ejemplo 1.234.567"


def test_an_amount_that_is_not_one_is_refused_as_it_is_left_with_one_wording(wizard):
    wizard.kind()
    for name, label, typed in (("patrimonio", "patrimonio", "abc"), ("activo_total", "activo total", "1,5 millones")):
        html = check_page(wizard.client.post(f"/cuenta/nueva/formulario/validar?campo=anios-0-{name}",
                                             data={"anios-0-anio": "2024", f"anios-0-{name}": typed}))
        assert 'id="anios-0-%s-error"' % name in html and AMOUNT.format(label) in html


def test_agregar_refuses_a_row_with_bad_or_missing_amounts_and_draws_no_indicators_from_it(wizard):
    wizard.kind()
    row = {"anios-0-anio": "2024", "anios-0-patrimonio": "abc", "anios-0-activo_corriente": "1,5 millones",
           "anios-0-activo_total": "", "anios-0-pasivo_corriente": "10", "anios-0-pasivo_total": "10",
           "anios-0-utilidad_operacional": "10", "anios-0-gastos_intereses": "10"}
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, **row, "agregar": "1"}), 422)
    for label in ("patrimonio", "activo corriente", "activo total"):
        assert AMOUNT.format(label) in html, label
    assert 'name="anios-1-anio"' not in html  # no new row while this one is wrong
    assert "Índice de liquidez" not in html
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert "Índice de liquidez" not in html and 'value="abc"' in html  # kept as typed, no indicators


def test_a_municipio_found_by_search_sets_its_departamento(wizard, signed_in):
    html = check_page(signed_in.get("/cuenta/municipios?q=pampl", headers={**HX, "HX-Target": "municipio-options"}))
    assert '<option value="54518" selected>Pamplona, Norte de Santander</option>' in html
    assert re.search(r'<select id="departamento"[^>]*hx-swap-oob="true"', html)
    assert '<option value="54" selected>Norte de Santander</option>' in html
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=municipio",
                                         data={**ENTITY, "departamento": "05", "municipio": "54518"}))
    assert re.search(r'<select id="departamento"[^>]*hx-swap-oob="true"', html)
    assert '<option value="54" selected>Norte de Santander</option>' in html


def test_without_javascript_a_search_with_one_result_selects_it_and_its_departamento(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario",
                                         data={**ENTITY, "departamento": "", "municipio": "", "q": "pamplonita",
                                               "buscar_municipio": "1"}))
    assert '<option value="54520" selected>' in html and '<option value="54" selected>Norte de Santander' in html


def test_without_javascript_buscar_municipio_and_agregar_come_back_to_their_part_of_the_form(wizard):
    wizard.kind()
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert re.search(r'name="buscar_municipio"[^>]*formaction="/cuenta/nueva/formulario#q-field"', html)
    assert re.search(r'name="agregar"[^>]*formaction="/cuenta/nueva/formulario#financiera"', html)


def test_a_persona_natural_starts_from_their_own_email_and_mobile_and_needs_no_postal_code(app, wizard):
    wizard.kind(KIND_NATURAL)
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    email = re.search(r'id="correo_oficina"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*id="correo_oficina"', html)
    assert "@correo.example" in (email.group(1) or email.group(2))
    assert re.search(r'id="telefono_oficina"[^>]*value="300 1234567"|value="300 1234567"[^>]*id="telefono_oficina"', html)
    data = {k: v for k, v in ENTITY_NATURAL.items() if k not in ("codigo_postal",)}
    wizard.entity(data)  # passes without a postal code


def test_a_postal_code_given_is_still_checked(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "codigo_postal": "54"}), 422)
    assert "Escriba el código postal de 6 números" in html
