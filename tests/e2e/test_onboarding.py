"""The contractor's whole onboarding on a phone, across the three issues: from the home page to their Escritorio."""
import re

import pytest
from playwright.sync_api import Page, expect

from tests.helpers.mail import text_part
from tests.helpers.account_journey import (add_financial_year, attach_natural_person_documents, choose_kind,
                                          fill_contacts, finish, label, register_and_activate)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "cedula.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (tmp_path / "soportes.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    return tmp_path


def create_account_from_section_3(page: Page, files, js: bool) -> None:
    expect(page.get_by_role("heading", name="Crear o solicitar acceso a una Entidad")).to_be_visible()
    page.get_by_label("Nombre de la Entidad").fill("Juan Pérez")
    page.get_by_label("NIT").fill("1032387714")
    page.get_by_role("button", name=re.compile("^Validar")).click()
    expect(page.get_by_text("No ha sido encontrada ninguna Entidad")).to_be_visible()
    page.get_by_role("link", name="Registrar Entidad").click()
    choose_kind(page, "Persona natural colombiana")
    expect(label(page, "Nombre de la Entidad")).to_have_value("Juan Pérez")  # carried over from the search
    expect(label(page, "Número de cédula")).to_have_value("1032387714")
    fill_contacts(page, js)
    add_financial_year(page)
    page.get_by_role("button", name="Continuar").click()
    attach_natural_person_documents(page, files / "cedula.pdf", files / "soportes.zip", js)
    finish(page, "Juan Pérez", "1032387714-9")


def reach_the_escritorio(page: Page) -> None:
    page.get_by_role("main").get_by_role("link", name="Escritorio").last.click()
    expect(page.get_by_role("heading", name="Juan Pérez")).to_be_visible()
    expect(page.locator("header")).to_contain_text("Juan Pérez")  # the account acted for, on every page
    page.goto(page.url.split("/cuenta/")[0] + "/usuario/registros")
    row = page.locator("tr", has_text="1032387714")
    expect(row).to_contain_text("Aceptado")


@pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])
def test_a_contractor_goes_from_the_home_page_to_their_own_supplier_escritorio(
        js, page, no_js_page, live_server, smtp_server, files):
    browser_page = page if js else no_js_page
    browser_page.set_default_timeout(10_000)
    register_and_activate(browser_page, live_server, smtp_server, "juan.perez@contratista.example")
    create_account_from_section_3(browser_page, files, js)
    reach_the_escritorio(browser_page)


@pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])
def test_a_company_user_asks_for_access_from_section_3_and_the_administrator_is_emailed(
        js, page, no_js_page, live_server, smtp_server):
    from tests.helpers.browser_sessions import sign_in
    from tests.helpers.factories import make_user
    from wizard import demo

    browser_page = page if js else no_js_page
    with live_server.app.app_context():
        demo.load()
        user = make_user(full_name="Camila Torres", email="camila@hh.example")
    sign_in(browser_page.context, live_server, user)
    browser_page.goto(live_server.url + "/escritorio")  # no account yet: section 3
    expect(browser_page.get_by_role("heading", name="Crear o solicitar acceso a una Entidad")).to_be_visible()
    browser_page.get_by_label("Nombre de la Entidad").fill("h&h asociados")
    browser_page.get_by_role("button", name=re.compile("^Validar")).click()
    browser_page.locator(".results li", has_text="H&H Asociados").get_by_role("button", name="Solicitud de acceso").click()
    expect(browser_page.get_by_role("link", name="Volver a la búsqueda")).to_have_attribute(
        "href", re.compile(r"/registro/entidad\?.*nombre=h%26h"))
    browser_page.get_by_role("button", name="Finalizar").click()
    expect(browser_page).to_have_url(re.compile(r"/solicitud/enviada"))
    expect(browser_page.get_by_text("Pendiente").first).to_be_visible()
    message = smtp_server.wait_for(1)[-1]
    assert message["To"] == "helena.herrera@hh-asociados.example"
    assert "El usuario Camila Torres (camila@hh.example) está solicitando acceso" in text_part(message)
