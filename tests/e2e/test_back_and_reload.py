"""Back and reload on a phone, where people use them most: after a section 3 search and after asking for access."""
import re

import pytest
from playwright.sync_api import expect

from tests.helpers.browser_sessions import sign_in
from tests.helpers.factories import make_user
from tests.helpers.htmx_wait import settled
from wizard import demo

MODES = pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])


def signed_in_newcomer(live_server, browser_page) -> None:
    with live_server.app.app_context():
        demo.load()
        user = make_user(full_name="Camila Torres")
    sign_in(browser_page.context, live_server, user)


def test_a_section_3_search_keeps_its_own_address_so_reload_and_back_work(page, live_server):
    """With scripts, the country list loaded after the results must not take over the address bar: it did, so a
    reload showed bare <option>s and Back a broken page."""
    signed_in_newcomer(live_server, page)
    page.goto(f"{live_server.url}/registro/entidad")
    page.get_by_label("Nombre de la Entidad").fill("H&H Asociados")
    page.get_by_role("button", name="Validar").click()
    expect(page.locator(".results li", has_text="H&H Asociados")).to_be_visible()
    expect(page.get_by_label("País").locator("option", has_text="VENEZUELA")).to_have_count(1)  # the list loaded
    settled(page)
    expect(page).to_have_url(re.compile(r"/registro/entidad\?.*nombre=H%26H(\+|%20)Asociados"))
    page.reload()
    expect(page.get_by_role("heading", name="Crear o solicitar acceso a una Entidad")).to_be_visible()
    expect(page.locator(".results li", has_text="H&H Asociados")).to_be_visible()


@MODES
def test_back_after_solicitud_enviada_finds_the_request_page_not_a_resubmission_error(js, page, no_js_page,
                                                                                        live_server):
    """The "Solicitud de acceso" buttons only open a confirmation page: as a POST, Back from «Solicitud enviada»
    without scripts was Chromium's «Confirm form resubmission» (ERR_CACHE_MISS)."""
    browser = page if js else no_js_page
    signed_in_newcomer(live_server, browser)
    browser.goto(f"{live_server.url}/registro/entidad")
    browser.get_by_label("NIT").fill("800111202-1")
    browser.get_by_role("button", name="Validar").click()
    browser.get_by_role("listitem").filter(has_text="H&H Asociados").get_by_role("button", name="Solicitud de acceso", exact=True).click()
    expect(browser.get_by_role("heading", name="Solicitud de acceso")).to_be_visible()
    browser.get_by_role("button", name="Finalizar").click()
    expect(browser.get_by_role("heading", name="Solicitud enviada")).to_be_visible()
    browser.go_back()
    expect(browser.get_by_role("heading", name="Solicitud de acceso")).to_be_visible()
    browser.reload()
    expect(browser.get_by_text("Su solicitud de acceso a H&H Asociados ya está")).to_be_visible()
    browser.get_by_role("link", name="Mis registros").last.click()
    expect(browser.get_by_role("cell", name="Pendiente").or_(browser.get_by_text("Pendiente")).first).to_be_visible()
