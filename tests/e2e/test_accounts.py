"""Browser tests at 390x844: a persona natural and a S.A.S. create their supplier accounts, with real uploads."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.account_journey import (add_financial_year, attach, choose_kind, fill_contacts, finish, label,
                                           sign_in, username)
from tests.helpers.htmx_wait import settled
from tests.helpers.factories import PASSWORD, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def files(tmp_path):
    (tmp_path / "cedula.pdf").write_bytes(PDF)
    (tmp_path / "soportes.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    return tmp_path


@pytest.fixture
def user(live_server):
    with live_server.app.app_context():
        return make_user(full_name="Juan Pérez")


def persona_natural_path(page: Page, live_server, user: int, files, js: bool) -> None:
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva?nombre=Juan+P%C3%A9rez&nit=1032387714")
    choose_kind(page, "Persona natural colombiana")
    expect(label(page, "Nombre de la Entidad")).to_have_value("Juan Pérez")
    expect(label(page, "Número de cédula")).to_have_value("1032387714")
    expect(page.get_by_text("DV: 9")).to_be_visible()
    expect(page.get_by_role("heading", name="Representante legal")).to_have_count(0)
    fill_contacts(page, js)
    add_financial_year(page)
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Anexar documentos")).to_be_visible()
    expect(page.get_by_text("Tamaño máximo: 10 MB")).to_be_visible()
    label(page, "No estoy obligado a llevar contabilidad").check()
    if not js:
        page.get_by_role("button", name="Aplicar").click()
    constancia = "Constancia de no estar obligado a llevar contabilidad"
    expect(page.get_by_role("heading", name=constancia)).to_be_visible()
    settled(page)
    attach(page, constancia, files / "cedula.pdf", js)
    attach(page, "Lista de contratos que acrediten su experiencia", files / "soportes.zip", js)
    attach(page, "Cédula de ciudadanía (o de extranjería) de la persona natural", files / "cedula.pdf", js)
    page.get_by_role("button", name="Continuar").click()
    finish(page, "Juan Pérez", "1032387714-9")


def test_a_persona_natural_creates_a_supplier_account_on_a_phone(page: Page, live_server, user, files):
    persona_natural_path(page, live_server, user, files, js=True)


def test_a_persona_natural_creates_a_supplier_account_without_javascript(no_js_page: Page, live_server, user, files):
    persona_natural_path(no_js_page, live_server, user, files, js=False)


def test_a_sas_creates_its_account_resuming_after_signing_out_half_way(page: Page, live_server, user, files):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(page, "Sociedad por acciones simplificada colombiana")
    label(page, "Nombre de la Entidad").fill("Rojas Jaramillo SAS")
    label(page, "Nombre abreviado").fill("rojas")
    label(page, "NIT").fill("900544472")
    label(page, "NIT").blur()
    expect(page.get_by_text("DV: 2")).to_be_visible()
    fill_contacts(page, js=True, by_department=True)
    label(page, "Nombre abreviado").press("Enter")  # Enter means "Continuar"
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_role("link", name=re.compile("Escriba el nombre del representante legal"))).to_be_visible()
    label(page, "Nombre").fill("Marta Rojas")
    label(page, "Tipo de documento").select_option(label="Cédula de ciudadanía")
    label(page, "Número de documento").fill("52123456")
    label(page, "Correo electrónico").fill("marta@rojas.example.com")
    label(page, "Teléfono").fill("310 5551234")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Anexar documentos")).to_be_visible()
    attach(page, "Certificado con los indicadores de capacidad financiera y organizacional", files / "cedula.pdf", True)
    attach(page, "Lista de contratos que acrediten su experiencia", files / "soportes.zip", True)

    page.get_by_role("button", name="Salir").click()
    page.goto(f"{live_server.url}/cuenta/nueva")
    expect(page).to_have_url(re.compile("/entrar"))
    page.get_by_label("Nombre de usuario").fill(username(live_server, user))
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page).to_have_url(re.compile("/cuenta/nueva/documentos$"))
    expect(page.get_by_role("link", name="soportes.zip")).to_be_visible()

    attach(page, "Estados financieros auditados a 31 de diciembre del año anterior", files / "cedula.pdf", True)
    attach(page, "Documentos que acreditan existencia y representación legal", files / "soportes.zip", True)
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_text("900544472-2")).to_be_visible()
    expect(page.get_by_text("ROJAS", exact=True)).to_be_visible()
    finish(page, "Rojas Jaramillo SAS", "900544472-2")


def test_the_form_page_fits_a_phone_and_edits_financial_rows_in_place(page: Page, live_server, user, tmp_path):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(page, "Sociedad por acciones simplificada colombiana")
    label(page, "Nombre de la Entidad").fill("Se queda escrito")
    page.get_by_role("button", name="Agregar").click()
    label(page, "Año").fill("2023")
    label(page, "Patrimonio").fill("1234567")
    page.get_by_role("button", name="Agregar").click()  # refused: the row's other amounts are missing
    expect(page.get_by_text("Escriba activo corriente en pesos, solo con números, por ejemplo 1.234.567")).to_be_visible()
    expect(page.get_by_role("group", name="Nuevo año (fila 2)")).to_have_count(0)
    for text in ("Activo corriente", "Activo total", "Pasivo corriente", "Pasivo total", "Utilidad operacional",
                 "Gastos de intereses"):
        label(page, text).fill("1000")
    page.get_by_role("button", name="Agregar").click()
    expect(page.get_by_role("group", name="Nuevo año (fila 2)")).to_be_visible()
    expect(page.get_by_role("group", name="Año 2023").get_by_label("Patrimonio")).to_have_value("$ 1.234.567")
    page.get_by_role("button", name="Quitar: Año 2023").click()
    expect(page.get_by_role("group", name="Año 2023")).to_have_count(0)
    expect(page.get_by_role("group", name="Nuevo año (fila 1)")).to_be_visible()
    expect(label(page, "Nombre de la Entidad")).to_have_value("Se queda escrito")
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("#error-summary")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"la página se desborda a lo ancho: {width}px"
    page.screenshot(path=str(tmp_path / "formulario.png"), full_page=True)


def test_a_nit_already_registered_offers_solicitud_de_acceso_as_the_user_leaves_the_field(page: Page, live_server, user):
    from tests.helpers.factories import make_account
    with live_server.app.app_context():
        account_id = make_account(name="H&H Asociados", nit="800111202")
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(page, "Sociedad por acciones simplificada colombiana")
    label(page, "NIT").fill("800111202")
    label(page, "NIT").blur()
    expect(page.get_by_text("Ya existe una cuenta con este número: H&H Asociados")).to_be_visible()
    page.get_by_role("button", name="Solicitud de acceso").click()
    expect(page).to_have_url(re.compile(rf"/cuenta/{account_id}/solicitud\b"))  # a GET: Back finds it again
    expect(page.get_by_role("heading", name="Solicitud de acceso")).to_be_visible()
    expect(page.get_by_text("H&H Asociados")).to_be_visible()
    expect(page.get_by_role("button", name="Finalizar")).to_be_visible()


BROKEN_WORDS = """() => [...document.querySelectorAll('.steps li')].flatMap(li => {
  const text = li.textContent.trim(), found = [];
  const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) found.push(m[0]);
    }
  }
  return found;
})"""


@pytest.mark.parametrize("js", [True, False])
def test_the_progress_steps_wrap_between_words_on_a_phone(page: Page, no_js_page: Page, live_server, user, js,
                                                          tmp_path):
    browser_page = page if js else no_js_page
    sign_in(browser_page, live_server, user)
    browser_page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(browser_page, "Sociedad por acciones simplificada colombiana")
    expect(browser_page.locator(".steps")).to_contain_text("3. Anexar documentos")
    assert browser_page.evaluate(BROKEN_WORDS) == []
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 390
    browser_page.screenshot(path=str(tmp_path / f"pasos-{'js' if js else 'sin-js'}.png"))
