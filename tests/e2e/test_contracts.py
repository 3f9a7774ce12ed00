"""On phones, with and without JavaScript: the hospital's administrator creates a contract for a cédula nobody has
registered; the contractor registers, activates the user from the email, creates the persona natural account, is
told the contract joined it, and finds it under "Mis contratos" with its seven sections."""
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.helpers.account_journey import (attach_natural_person_documents, choose_kind, fill_contacts, finish, label,
                                          register_and_activate)
from tests.helpers.axe import violations
from tests.helpers.browser_sessions import sign_in
from tests.helpers.htmx_wait import settled
from tests.helpers.mail import text_part
from wizard import demo
from wizard.extensions import db
from wizard.models import User

NUMBER = "ESE-CPS-777-2026"
SECTIONS = ["1. Información general", "2. Condiciones", "3. Bienes y servicios", "4. Documentos del proveedor",
            "5. Documentos del contrato", "6. Información presupuestal", "7. Ejecución del contrato"]


@pytest.fixture
def files(tmp_path):
    (tmp_path / "contrato-firmado.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (tmp_path / "soportes.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    return tmp_path


def create_contract(page: Page, live_server, files, js: bool) -> None:
    with live_server.app.app_context():
        admin = db.session.scalar(select(User.id).where(User.username == "hospital.admin"))
    sign_in(page.context, live_server, admin)
    page.goto(live_server.url + "/escritorio")
    expect(page.get_by_role("heading", name="Contratos")).to_be_visible()
    page.get_by_role("link", name="Crear contrato").click()
    expect(page.get_by_role("heading", name="Crear contrato")).to_be_visible()
    label(page, "Número del contrato").fill(NUMBER)
    label(page, "Objeto del contrato").fill("Prestación de servicios profesionales de fisioterapia")
    label(page, "Tipo de contrato").select_option(label="Prestación de servicios profesionales")
    label(page, "Modalidad de contratación").select_option(label="Contratación directa")
    label(page, "Valor del contrato").fill("24.000.000")
    label(page, "Fecha de firma").fill("2026-01-28")
    label(page, "Fecha de inicio").fill("2026-02-01")
    label(page, "Fecha de terminación").fill("2027-01-31")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Contratista y supervisor")).to_be_visible()
    label(page, "NIT o cédula del contratista").fill("1032387714")
    if js:
        label(page, "NIT o cédula del contratista").blur()  # checked as the user leaves the field
    else:
        page.get_by_role("button", name="Buscar contratista").click()
    expect(page.get_by_text("Aún no hay una cuenta de Proveedor con este número")).to_be_visible()
    if js:
        settled(page)
    label(page, "Nombre del contratista").fill("Juan Pérez")
    label(page, "Supervisor").select_option(label="Luis Fernando Contreras Jaimes")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Información presupuestal")).to_be_visible()
    label(page, "CDP").fill("CDP-2026-0777")
    label(page, "Rubro presupuestal").fill("2.1.2.02.02.008")
    label(page, "Fuente de los recursos").select_option(label="Recursos propios")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Plan de pagos")).to_be_visible()
    page.get_by_role("button", name="Generar cuotas").click()
    expect(page.get_by_role("group", name="Cuota 12", exact=True)).to_be_visible()
    expect(page.get_by_role("group", name="Cuota 1", exact=True).get_by_label("Valor")).to_have_value("$ 2.000.000")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Documentos del contrato", exact=True)).to_be_visible()
    page.get_by_label("Archivo: Contrato firmado").set_input_files(str(files / "contrato-firmado.pdf"))
    page.get_by_role("region", name="Contrato firmado").get_by_role("button", name="Anexar documento", exact=True).click()
    expect(page.locator("#doc-firmado").get_by_text("Documento anexo")).to_be_visible()
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Revise y cree el contrato")).to_be_visible()
    page.get_by_role("button", name="Crear contrato").click()
    expect(page.get_by_role("heading", name=f"Contrato {NUMBER}")).to_be_visible()
    expect(page.get_by_text("Sin cuenta en el portal")).to_be_visible()
    expect(page.locator(".badge", has_text="En ejecución").first).to_be_visible()
    if js:
        assert violations(page) == []


def create_persona_natural_account(page: Page, files, js: bool) -> None:
    expect(page.get_by_role("heading", name="Crear o solicitar acceso a una Entidad")).to_be_visible()
    page.get_by_label("Nombre de la Entidad").fill("Juan Pérez")
    page.get_by_label("NIT").fill("1032387714")
    page.get_by_role("button", name=re.compile("^Validar")).click()
    expect(page.get_by_text("No ha sido encontrada ninguna Entidad")).to_be_visible()
    page.get_by_role("link", name="Registrar Entidad").click()
    choose_kind(page, "Persona natural colombiana")
    fill_contacts(page, js)
    page.get_by_role("button", name="Continuar").click()
    attach_natural_person_documents(page, files / "contrato-firmado.pdf", files / "soportes.zip", js)
    finish(page, "Juan Pérez", "1032387714-9")


def find_the_contract(page: Page, smtp_server, js: bool) -> None:
    # a long Subject is folded onto its own line by the mail library; unfolded it keeps one leading space
    told = [m for m in smtp_server.wait_for(2) if m["Subject"].strip().startswith(f"Contrato {NUMBER}")]
    assert told and told[0]["To"] == "juan.perez@contratista.example.com"
    assert "Mis contratos" in text_part(told[0])
    page.get_by_role("main").get_by_role("link", name="Escritorio").last.click()
    expect(page.get_by_role("heading", name="Mis procesos")).to_be_visible()
    page.get_by_role("link", name="Mis contratos").click()
    expect(page.get_by_role("heading", name="Mis contratos")).to_be_visible()
    row = page.locator("tr", has_text=NUMBER)
    expect(row).to_contain_text("E.S.E. Hospital San Juan de Dios de Pamplona")
    expect(row).to_contain_text("$ 24.000.000")
    expect(row).to_contain_text("En ejecución")
    row.get_by_role("link", name=re.compile("^Detalle")).click()
    expect(page.get_by_role("heading", name=f"Contrato {NUMBER}")).to_be_visible()
    toc = page.get_by_role("navigation", name="Secciones del contrato")
    for name in SECTIONS:
        expect(toc.get_by_role("link", name=name)).to_be_visible()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Plan de pagos")).to_be_visible()
    expect(page.locator("table.plan tbody tr")).to_have_count(12)
    expect(page.get_by_role("img", name=re.compile("Por facturar: \\$ 24.000.000"))).to_be_visible()
    toc.get_by_role("link", name="7. Ejecución del contrato").click()
    expect(page).to_have_url(re.compile("#ejecucion$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    if js:
        assert violations(page) == []


@pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])
def test_a_contract_waits_for_its_contractor_who_finds_it_under_mis_contratos(
        js, page, no_js_page, browser, browser_context_args, live_server, smtp_server, files):
    with live_server.app.app_context():
        demo.load()
    admin_page = page if js else no_js_page
    admin_page.set_default_timeout(10_000)
    create_contract(admin_page, live_server, files, js)
    contractor = browser.new_context(**browser_context_args, java_script_enabled=js)
    try:
        phone = contractor.new_page()
        phone.set_default_timeout(10_000)
        register_and_activate(phone, live_server, smtp_server, "juan.perez@contratista.example.com")
        create_persona_natural_account(phone, files, js)
        find_the_contract(phone, smtp_server, js)
    finally:
        contractor.close()


ENTITY_PAGES = ["/cuenta/escritorio", "/entidad/contratos", "/entidad/contratos/nuevo", "/entidad/contratos/importar",
                "/contratos/{c}", "/entidad/contratos/{c}/contratista", "/entidad/contratos/{c}/cuotas",
                "/entidad/contratos/{c}/documentos", "/entidad/contratos/{c}/terminar"]
SUPPLIER_PAGES = ["/cuenta/escritorio", "/cuenta/mis-contratos", "/contratos/{c}"]


@pytest.mark.parametrize("username, paths", [("hospital.admin", ENTITY_PAGES), ("ana.contratista", SUPPLIER_PAGES)])
def test_the_contract_pages_have_no_accessibility_violations_and_fit_a_phone(page, live_server, username, paths):
    from wizard.models import Contract

    with live_server.app.app_context():
        demo.load()
        user = db.session.scalar(select(User.id).where(User.username == username))
        contract = db.session.scalar(select(Contract.id).where(Contract.number == "ESE-CPS-045-2026"))
    sign_in(page.context, live_server, user)
    for path in paths:
        page.goto(live_server.url + path.format(c=contract))
        assert violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_contratos_filters_in_place_with_javascript(page, live_server):
    with live_server.app.app_context():
        demo.load()
        luis = db.session.scalar(select(User.id).where(User.username == "luis.supervisor"))
    sign_in(page.context, live_server, luis)
    page.goto(live_server.url + "/escritorio")
    page.get_by_role("link", name="Contratos", exact=True).click()
    expect(page.get_by_text("3 contratos.")).to_be_visible()
    expect(page.get_by_role("link", name="Crear contrato")).to_have_count(0)  # a supervisor sees, never changes
    page.get_by_label("Buscar por número o contratista").fill("villamizar")
    page.get_by_label("Buscar por número o contratista").press("Enter")
    expect(page.get_by_text("1 contrato con este filtro.")).to_be_visible()
    expect(page.locator("#lista-contratos")).to_contain_text("ESE-CPS-045-2026")
    expect(page).to_have_url(re.compile(r"q=villamizar"))
    page.get_by_label("Estado").select_option(label="Terminado")
    expect(page.get_by_text("0 contratos con este filtro.")).to_be_visible()
    expect(page.get_by_role("heading", name="Contratos", exact=True)).to_have_count(1)  # only the list was swapped


def test_long_unbroken_values_wrap_inside_their_card_on_a_phone(page, live_server):
    """A 40-character CDP (what its field allows) and the like stay inside their card on the review and the contract."""
    from tests.helpers.contracts import make_contract
    from wizard.models import Contract, ContractState

    long = "CDP-" + "0" * 36
    with live_server.app.app_context():
        demo.load()
        admin = db.session.scalar(select(User.id).where(User.username == "hospital.admin"))
        running = db.session.scalar(select(Contract).where(Contract.number == "ESE-CPS-045-2026"))
        draft = make_contract(running.account_id, admin, running.supervisor_id, number="ESECPS" + "9" * 54,
                              state=ContractState.EN_EDICION)
        for row in (running, db.session.get(Contract, draft)):
            row.cdp, row.rp, row.budget_item = long, "RP-" + "1" * 37, "2." + "1" * 118
        db.session.commit()
        running_id = running.id
    sign_in(page.context, live_server, admin)
    for path in (f"/entidad/contratos/{draft}/confirmar", f"/contratos/{running_id}"):
        page.goto(live_server.url + path)
        expect(page.get_by_text(long).first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(live_server.url + "/entidad/contratos")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
