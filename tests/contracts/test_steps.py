"""Request tests of "Crear contrato": each step's validation (422 with the messages and what was typed), the step
after it (303, or 200 + HX-Location for htmx), the contractor shown by name, "Generar cuotas", the documents, the
confirmation, and corrections of a registered contract recorded in its history."""
import io
import re
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from tests.helpers.accounts import PDF
from tests.helpers.contracts import BUDGET, DATA, contractor, plan_form
from tests.helpers.pages import check_page
from wizard.contracts import instalments
from wizard.extensions import db
from wizard.models import Contract, ContractEvent, ContractState, Instalment

HTMX = {"HX-Request": "true", "HX-Target": "main"}


def contract(app, contract_id) -> Contract:
    with app.app_context():
        row = db.session.get(Contract, contract_id)
        db.session.expunge(row)
        return row


def new_contract(client, **changes) -> int:
    response = client.post("/entidad/contratos/nuevo", data={**DATA, **changes})
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return int(re.search(r"/entidad/contratos/(\d+)/contratista", response.headers["Location"]).group(1))


@pytest.fixture
def admin(world, as_user):
    return as_user(world, "e_admin", "e")


def test_a_visitor_is_sent_to_entrar(client):
    response = client.get("/entidad/contratos/nuevo")
    assert response.status_code == 303 and "/entrar" in response.headers["Location"]


def test_crear_contrato_asks_for_the_contracts_data_with_real_labels(admin):
    html = check_page(admin.get("/entidad/contratos/nuevo"))
    for text in ("Crear contrato", "Número del contrato", "Objeto del contrato", "Tipo de contrato",
                 "Prestación de servicios profesionales", "Prestación de servicios de apoyo a la gestión",
                 "Modalidad de contratación", "Contratación directa", "Mínima cuantía", "Valor del contrato",
                 "Fecha de firma", "Fecha de inicio", "Fecha de terminación", "1. Datos del contrato",
                 "2. Contratista y supervisor", "6. Confirmar"):
        assert text in html, text
    assert 'type="date"' in html and 'for="fecha_firma"' in html


def test_an_empty_first_step_names_every_missing_field_and_creates_nothing(app, admin):
    html = check_page(admin.post("/entidad/contratos/nuevo", data={"objeto": "Lo que escribí"}), 422)
    for message in ("Escriba el número del contrato", "Elija el tipo de contrato", "Elija la modalidad de contratación",
                    "Escriba el valor del contrato en pesos", "Escriba la fecha de firma", "Escriba la fecha de inicio",
                    "Escriba la fecha de terminación"):
        assert message in html, message
    assert "Lo que escribí" in html and "<title>Error: " in html and 'id="error-summary"' in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contract)) == 3  # the world's own


@pytest.mark.parametrize("changes, message", [
    ({"valor": "treinta millones"}, "Escriba el valor en pesos, solo con números"),
    ({"valor": "0"}, "El valor del contrato debe ser mayor que cero"),
    ({"valor": "36.000.000,50"}, "Escriba el valor sin centavos: el portal registra pesos enteros"),
    ({"valor": "1" * 16}, "El valor no puede tener más de 15 cifras"),
    ({"fecha_firma": "31/02/2026"}, "Escriba la fecha de firma como día/mes/año"),
    ({"fecha_inicio": "2026-01-20"}, "La fecha de inicio no puede ser anterior a la fecha de firma"),
    ({"fecha_terminacion": "2026-01-31"}, "La fecha de terminación no puede ser anterior a la fecha de inicio"),
    ({"fecha_terminacion": "2037-01-31"}, "El plazo del contrato no puede superar diez años"),
    ({"tipo": "x" * 300}, "Elija el tipo de contrato"),
    ({"numero": "ese-cps-045-2026"}, "Ya existe un contrato con este número en la entidad"),
    ({"unspsc": "8011"}, "Escriba el código UNSPSC de 8 números"),
])
def test_the_first_step_refuses_bad_values_with_a_message_on_the_field(admin, changes, message):
    html = check_page(admin.post("/entidad/contratos/nuevo", data={**DATA, **changes}), 422)
    assert message in html
    value = next(iter(changes.values()))
    assert f'value="{value}"' in html or value.startswith("x") or "Tipo" in message  # what was typed stays


def test_dates_are_accepted_as_the_date_control_sends_them_or_as_colombians_write_them(app, admin):
    contract_id = new_contract(admin, fecha_firma="26/01/2026", fecha_inicio="1/2/2026", fecha_terminacion="31-01-2027",
                               valor="36000000")
    row = contract(app, contract_id)
    assert (row.signed_on, row.starts_on, row.ends_on, row.value) == (
        date(2026, 1, 26), date(2026, 2, 1), date(2027, 1, 31), 36_000_000)
    assert row.state == ContractState.EN_EDICION


def test_a_passed_first_step_goes_to_the_next_one_for_htmx_too(admin):
    response = admin.post("/entidad/contratos/nuevo", data=DATA, headers=HTMX)
    assert response.status_code == 200 and "/contratista" in response.headers["HX-Location"]


def test_a_second_tap_or_back_and_continuar_on_the_first_step_keeps_one_contract(app, admin):
    first = new_contract(admin)
    response = admin.post("/entidad/contratos/nuevo", data={**DATA, "objeto": "Objeto corregido tras volver"})
    check_page(response, 303, f"/entidad/contratos/{first}/contratista")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Contract).where(
            Contract.number == DATA["numero"])) == 1
    assert contract(app, first).object == "Objeto corregido tras volver"


def test_a_second_tap_on_crear_contrato_lands_on_the_contract(app, admin, world):
    url = f"/entidad/contratos/{world['draft']}"
    admin.post(url + "/documentos/firmado", data={"archivo": (io.BytesIO(PDF), "firmado.pdf")},
               content_type="multipart/form-data")
    check_page(admin.post(url + "/confirmar"), 303, f"/contratos/{world['draft']}")
    check_page(admin.post(url + "/confirmar"), 303, f"/contratos/{world['draft']}")
    with app.app_context():
        actions = db.session.scalars(select(ContractEvent.action).where(ContractEvent.contract_id == world["draft"])).all()
    assert actions == ["crear", "registrar"]


def test_back_to_an_empty_crear_contrato_first_offers_the_draft_just_saved(app, admin):
    """Back after step 1 shows an empty form: on a phone the draft must be seen above it, not after twenty fields."""
    contract_id = new_contract(admin)
    html = check_page(admin.get("/entidad/contratos/nuevo"))
    offered = html.index(f'href="/entidad/contratos/{contract_id}/confirmar"')
    assert "Sus contratos en edición" in html and offered < html.index('name="numero"')


def test_the_contractors_number_shows_their_name_when_they_have_an_account(admin):
    html = check_page(admin.post("/entidad/contratos/contratista/validar?campo=nit", data={"nit": "1.094.265.871"}))
    assert "Proveedor registrado en el portal: <b>Ana María Villamizar Duarte</b>" in html
    html = check_page(admin.post("/entidad/contratos/contratista/validar?campo=nit", data={"nit": "1032387714"}))
    assert "Aún no hay una cuenta de Proveedor con este número" in html and "field-error\"" not in html


@pytest.mark.parametrize("typed, message", [
    ("", "Escriba el NIT (sin dígito de verificación) o la cédula del contratista"),
    ("12ab", "solo con números"), ("123", "entre 5 y 10 dígitos"), ("900544472", "Entidad Estatal"),
    ("800199436", "Entidad Estatal"), ("²²²²²²", "solo con números"),
    # a wrong check digit is a mistyped number (here H&H's would have been taken): named, never dropped
    ("800111202-5", "El dígito de verificación de 800111202 es 1, no 5"),
    ("1094265871-3", "El dígito de verificación de 1094265871 es 9, no 3"),
])
def test_a_number_that_is_not_a_contractors_is_refused_as_the_user_leaves_the_field(admin, typed, message):
    html = check_page(admin.post("/entidad/contratos/contratista/validar?campo=nit", data={"nit": typed}))
    assert message in html and 'id="nit-error"' in html


def test_the_contractor_step_needs_a_name_for_an_unregistered_contractor_and_an_accepted_supervisor(app, admin, world):
    contract_id = new_contract(admin)
    url = f"/entidad/contratos/{contract_id}/contratista"
    for supervisor, message in ((world["e_pending"], "Elija el supervisor"), (world["f_admin"], "Elija el supervisor"),
                                ("99999999999999", "Elija el supervisor"), ("", "Elija el supervisor")):
        html = check_page(admin.post(url, data={"nit": "1032387714", "supervisor": supervisor}), 422)
        assert message in html and "Escriba el nombre del contratista" in html
    assert "Pedro Pendiente" not in check_page(admin.get(url))  # only accepted users are offered
    check_page(admin.post(url, data=contractor(world["e_user"])), 303, f"/entidad/contratos/{contract_id}/presupuesto")
    row = contract(app, contract_id)
    assert (row.contractor_nit, row.contractor_name, row.supplier_account_id, row.supervisor_id) == (
        "1032387714", "Juan Pérez", None, world["e_user"])


def test_a_registered_contractor_is_attached_at_once_under_their_accounts_name(app, admin, world):
    contract_id = new_contract(admin)
    data = contractor(world["e_user"], nit="1094265871-9", nombre="")
    check_page(admin.post(f"/entidad/contratos/{contract_id}/contratista", data=data), 303)
    row = contract(app, contract_id)
    assert (row.contractor_nit, row.contractor_name, row.supplier_account_id) == (
        "1094265871", "Ana María Villamizar Duarte", world["s"])


def test_a_wrong_check_digit_keeps_the_step_and_attaches_no_one(app, admin, world):
    contract_id = new_contract(admin)
    html = check_page(admin.post(f"/entidad/contratos/{contract_id}/contratista",
                                 data=contractor(world["e_user"], nit="1094265871-3", nombre="")), 422)
    assert "El dígito de verificación de 1094265871 es 9, no 3" in html and 'value="1094265871-3"' in html
    row = contract(app, contract_id)
    assert (row.contractor_nit, row.supplier_account_id) == ("", None)


def test_the_contractor_step_says_again_whose_number_it_is(admin, world):
    html = check_page(admin.get(f"/entidad/contratos/{world['c']}/contratista"))
    assert "Proveedor registrado en el portal: <b>Ana María Villamizar Duarte</b>" in html


def test_without_javascript_buscar_contratista_shows_who_has_the_number_and_saves_nothing(app, admin):
    contract_id = new_contract(admin)
    html = check_page(admin.post(f"/entidad/contratos/{contract_id}/contratista",
                                 data={"nit": "1094265871", "buscar": "1"}))
    assert "Ana María Villamizar Duarte" in html and 'value="1094265871"' in html
    assert contract(app, contract_id).contractor_nit == ""


def test_the_budget_step_asks_for_cdp_rubro_and_fuente(app, admin):
    contract_id = new_contract(admin)
    url = f"/entidad/contratos/{contract_id}/presupuesto"
    html = check_page(admin.post(url, data={"rp": "RP-7", "fuente": "oro"}), 422)
    for message in ("Escriba el número del CDP", "Escriba el rubro presupuestal", "Elija la fuente de los recursos"):
        assert message in html
    assert 'value="RP-7"' in html
    check_page(admin.post(url, data=BUDGET), 303, f"/entidad/contratos/{contract_id}/cuotas")
    assert contract(app, contract_id).funding_source == "recursos_propios"


def test_generar_cuotas_proposes_the_monthly_plan_without_saving_it(app, admin, world):
    url = f"/entidad/contratos/{world['draft']}/cuotas"
    with app.app_context():
        db.session.execute(delete(Instalment).where(Instalment.contract_id == world["draft"]))
        db.session.commit()
    html = check_page(admin.post(url, data={"generar": "1"}))
    assert html.count('<fieldset class="cuota"') == 12 and "Se generaron 12 cuotas mensuales" in html
    assert 'value="2026-02-28"' in html and 'value="$ 3.000.000"' in html and "Suma de las cuotas" in html
    with app.app_context():
        assert db.session.get(Contract, world["draft"]).instalments == []


def test_the_plan_must_add_up_to_the_value_and_stay_within_the_contracts_dates(app, admin, world):
    url = f"/entidad/contratos/{world['draft']}/cuotas"
    plan = [(p.due_on, p.value) for p in instalments.generate(36_000_000, date(2026, 2, 1), date(2027, 1, 31))]
    short = plan_form(plan[:-1])
    html = check_page(admin.post(url, data=short), 422)
    assert "faltan $ 3.000.000" in html and 'value="2026-02-28"' in html
    outside = plan_form([(date(2027, 6, 30), plan[0][1])] + plan[1:])
    html = check_page(admin.post(url, data={**outside, "cuotas-3-valor": "tres", "cuotas-4-valor": "3.000.000,50"}),
                      422)
    assert "Cuota 1: Fecha estimada: La fecha debe estar entre el 01/02/2026 y el 31/01/2027" in html
    assert "Cuota 4: Valor: Escriba el valor en pesos" in html
    assert "Cuota 5: Valor: Escriba el valor sin centavos: el portal registra pesos enteros" in html
    edited = plan[:10] + [(plan[10][0], 2_000_000), (plan[11][0], 4_000_000)]
    check_page(admin.post(url, data=plan_form(edited)), 303, f"/entidad/contratos/{world['draft']}/documentos")
    with app.app_context():
        saved = db.session.get(Contract, world["draft"]).instalments
        assert [i.value for i in saved][-2:] == [2_000_000, 4_000_000] and [i.number for i in saved] == list(range(1, 13))


def test_the_plans_sum_is_not_shown_while_a_row_holds_no_amount(admin, world):
    """«2.400.000,50» is refused on its row; a sum leaving it out said «faltan $ 2.400.000», which was not so. An
    empty row just added counts nothing, and the sum of the others helps to fill it."""
    url = f"/entidad/contratos/{world['draft']}/cuotas"
    rows = {"cuotas-0-fecha": "2026-02-28", "cuotas-0-valor": "18.000.000", "cuotas-1-fecha": "2026-03-31",
            "cuotas-1-valor": "18.000.000,50"}
    html = check_page(admin.post(url, data=rows), 422)
    assert "Escriba el valor sin centavos" in html and "Suma de las cuotas" not in html and "faltan" not in html
    html = check_page(admin.post(url, data={**rows, "cuotas-1-valor": "", "agregar": "1"}))
    assert "Suma de las cuotas: <b>$ 18.000.000</b>" in html and "faltan $ 18.000.000" in html


def test_agregar_cuota_and_quitar_edit_the_rows_keeping_what_was_typed(admin, world):
    url = f"/entidad/contratos/{world['draft']}/cuotas"
    rows = {"cuotas-0-fecha": "2026-02-28", "cuotas-0-valor": "18.000.000", "cuotas-1-fecha": "2026-03-31",
            "cuotas-1-valor": "lo que escribí"}
    html = check_page(admin.post(url, data={**rows, "agregar": "1"}))
    assert html.count('<fieldset class="cuota"') == 3 and 'value="lo que escribí"' in html
    html = check_page(admin.post(url, data={**rows, "quitar": "0"}))
    assert html.count('<fieldset class="cuota"') == 1 and 'value="lo que escribí"' in html
    assert 'value="18.000.000"' not in html


def test_the_documents_step_requires_the_signed_contract_and_refuses_programs(app, admin, world):
    url = f"/entidad/contratos/{world['draft']}/documentos"
    html = check_page(admin.post(url, data={}), 422)
    assert "Anexe el contrato firmado: es obligatorio" in html
    html = check_page(admin.post(url + "/firmado", data={"archivo": (io.BytesIO(b"MZ\x90\x00"), "contrato.exe")},
                                 content_type="multipart/form-data"), 422)
    assert "No se aceptan programas ejecutables" in html
    check_page(admin.post(url + "/firmado", data={"archivo": (io.BytesIO(PDF), "contrato firmado.pdf")},
                          content_type="multipart/form-data"), 303, url)
    check_page(admin.post(url + "/otro", data={"archivo": (io.BytesIO(PDF), "estudios previos.pdf")},
                          content_type="multipart/form-data"), 303, url)
    html = check_page(admin.get(url))
    assert "Documento anexo: contrato firmado.pdf" in html and "estudios previos.pdf" in html
    check_page(admin.post(url, data={}), 303, f"/entidad/contratos/{world['draft']}/confirmar")


def test_confirmar_lists_what_is_missing_with_a_link_to_its_step(admin, world):
    html = check_page(admin.get(f"/entidad/contratos/{world['draft']}/confirmar"))
    assert "Falta un dato para crear el contrato" in html and "Documentos: Anexe el contrato firmado" in html
    assert f'href="/entidad/contratos/{world["draft"]}/documentos"' in html
    html = check_page(admin.post(f"/entidad/contratos/{world['draft']}/confirmar"), 422)
    assert "Anexe el contrato firmado" in html


def test_crear_contrato_registers_it_and_emails_the_suppliers_administrators(app, admin, world, outbox):
    url = f"/entidad/contratos/{world['draft']}"
    admin.post(url + "/documentos/firmado", data={"archivo": (io.BytesIO(PDF), "firmado.pdf")},
               content_type="multipart/form-data")
    check_page(admin.post(url + "/confirmar"), 303, f"/contratos/{world['draft']}")
    assert contract(app, world["draft"]).state == ContractState.EN_EJECUCION
    [mail] = outbox()
    assert mail.recipient == "ana@correo.example.com" and mail.subject == "Contrato ESE-CPS-099-2026 de E.S.E. Hospital de Prueba"
    assert f"/contratos/{world['draft']}" in mail.text and "Mis contratos" in mail.text
    html = check_page(admin.get(f"/contratos/{world['draft']}"))
    assert "Contrato ESE-CPS-099-2026 creado" in html and "Se avisó al contratista por correo" in html


def test_a_whole_contract_through_every_step_for_a_contractor_not_yet_registered(app, admin, world, outbox):
    contract_id = new_contract(admin)
    url = f"/entidad/contratos/{contract_id}"
    check_page(admin.post(url + "/contratista", data=contractor(world["e_user"])), 303, url + "/presupuesto")
    check_page(admin.post(url + "/presupuesto", data=BUDGET), 303, url + "/cuotas")
    plan = [(p.due_on, p.value) for p in instalments.generate(36_000_000, date(2026, 2, 1), date(2027, 1, 31))]
    check_page(admin.post(url + "/cuotas", data=plan_form(plan)), 303, url + "/documentos")
    admin.post(url + "/documentos/firmado", data={"archivo": (io.BytesIO(PDF), "firmado.pdf")},
               content_type="multipart/form-data")
    check_page(admin.post(url + "/documentos", data={}), 303, url + "/confirmar")
    html = check_page(admin.get(url + "/confirmar"))
    assert "Sin cuenta en el portal" in html and "Falta" not in html.replace("Faltan", "")
    check_page(admin.post(url + "/confirmar"), 303, f"/contratos/{contract_id}")
    assert outbox() == []  # nobody to tell yet
    html = check_page(admin.get(f"/contratos/{contract_id}"))
    assert "Se asociará a la cuenta del contratista en cuanto la cree" in html


def test_a_new_contract_page_offers_to_continue_the_users_contracts_in_edition(admin, world):
    html = check_page(admin.get("/entidad/contratos/nuevo"))
    assert "Continuar el contrato ESE-CPS-099-2026" in html


def test_descartar_borrador_deletes_the_draft_with_its_documents(app, admin, world):
    url = f"/entidad/contratos/{world['draft']}"
    admin.post(url + "/documentos/firmado", data={"archivo": (io.BytesIO(PDF), "firmado.pdf")},
               content_type="multipart/form-data")
    check_page(admin.post(url + "/descartar"), 303, "/entidad/contratos")
    with app.app_context():
        assert db.session.get(Contract, world["draft"]) is None
    check_page(admin.post(f"/entidad/contratos/{world['c']}/descartar"), 303, f"/contratos/{world['c']}")
    assert contract(app, world["c"]).state == ContractState.EN_EJECUCION


# Corrections of a registered contract ------------------------------------------------------------------------------

def test_a_registered_contracts_step_is_a_correction_that_lands_in_its_history(app, admin, world):
    url = f"/entidad/contratos/{world['c']}/datos"
    html = check_page(admin.get(url))
    assert "Corregir el contrato" in html and "Guardar corrección" in html and 'value="$ 36.000.000"' in html
    version = contract(app, world["c"]).version
    data = {**DATA, "numero": "ESE-CPS-045-2026", "objeto": "Objeto corregido", "version": version}
    check_page(admin.post(url, data=data), 303, f"/contratos/{world['c']}#informacion-general")
    html = check_page(admin.get(f"/contratos/{world['c']}"))
    assert "Se corrigieron los datos del contrato" in html and "Corrección de datos" in html
    assert "Objeto del contrato: Objeto de prueba → Objeto corregido" in html
    with app.app_context():
        event = db.session.scalars(select(ContractEvent).where(ContractEvent.contract_id == world["c"])
                                   .order_by(ContractEvent.id.desc())).first()
        assert event.changes == {"object": ["Objeto de prueba", "Objeto corregido"],
                                 "signed_on": ["2026-02-01", "2026-01-26"]}


def test_correcting_the_value_leads_to_the_plan_which_no_longer_adds_up(app, admin, world):
    data = {**DATA, "numero": "ESE-CPS-045-2026", "valor": "40.000.000", "fecha_firma": "2026-02-01"}
    check_page(admin.post(f"/entidad/contratos/{world['c']}/datos", data=data), 303,
               f"/entidad/contratos/{world['c']}/cuotas")
    html = check_page(admin.get(f"/entidad/contratos/{world['c']}/cuotas"))
    assert "el plan de pagos ya no cuadra" in html and "sobran" not in html and "faltan $ 4.000.000" in html
    html = check_page(admin.get(f"/contratos/{world['c']}"))
    assert "Las cuotas suman $ 36.000.000 y el valor del contrato es $ 40.000.000" in html


def test_a_correction_on_a_form_older_than_the_contract_is_refused_and_changes_nothing(app, admin, world):
    url = f"/entidad/contratos/{world['c']}/presupuesto"
    version = contract(app, world["c"]).version
    check_page(admin.post(url, data={**BUDGET, "version": version}), 303)
    html = check_page(admin.post(url, data={**BUDGET, "cdp": "CDP-VIEJO", "version": version}), 422)
    assert "El contrato cambió mientras usted lo revisaba" in html
    assert contract(app, world["c"]).cdp == BUDGET["cdp"]
    data = {**DATA, "numero": "ESE-CPS-045-2026", "objeto": "Otro objeto", "version": version}
    html = check_page(admin.post(f"/entidad/contratos/{world['c']}/datos", data=data), 422)
    assert "El contrato cambió mientras usted lo revisaba" in html and "Otro objeto" in html


def test_changing_the_contractor_of_a_registered_contract_attaches_the_new_one_and_tells_them(app, admin, world,
                                                                                               outbox):
    with app.app_context():
        row = db.session.get(Contract, world["c"])
        row.supplier_account_id = None
        row.contractor_nit = "1032387714"
        db.session.commit()
    data = {**contractor(world["e_user"], nit="1094265871", nombre=""), "version": contract(app, world["c"]).version}
    check_page(admin.post(f"/entidad/contratos/{world['c']}/contratista", data=data), 303)
    assert contract(app, world["c"]).supplier_account_id == world["s"]
    assert [m.recipient for m in outbox()] == ["ana@correo.example.com"]


def test_a_terminated_contract_can_no_longer_be_corrected(app, admin, world):
    check_page(admin.post(f"/entidad/contratos/{world['c']}/terminar", data={"motivo": "Mutuo acuerdo"}), 303)
    html = check_page(admin.get(f"/contratos/{world['c']}"))
    assert "Terminado" in html and "Terminación del contrato" in html and "Motivo: Mutuo acuerdo" in html
    response = admin.post(f"/entidad/contratos/{world['c']}/datos", data=DATA)
    check_page(response, 303, f"/contratos/{world['c']}")
    assert "ya no se pueden corregir" in admin.get(f"/contratos/{world['c']}").get_data(as_text=True)


def test_terminar_asks_for_the_reason(admin, world):
    html = check_page(admin.get(f"/entidad/contratos/{world['c']}/terminar"))
    assert "Motivo de la terminación" in html and "Terminar contrato" in html
    html = check_page(admin.post(f"/entidad/contratos/{world['c']}/terminar", data={"motivo": " "}), 422)
    assert "Escriba el motivo de la terminación" in html
