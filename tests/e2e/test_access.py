"""A person asks for access to "H&H Asociados", its administrator accepts on a phone, and the person acts for it."""
import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.helpers.axe import violations
from tests.helpers.mail import text_part
from tests.helpers.browser_sessions import sign_in
from tests.helpers.factories import add_member, make_user
from wizard import demo
from wizard.extensions import db
from wizard.models import Account, State, User

SHOTS = os.environ.get("ACCESS_SHOTS")  # a folder to keep screenshots of the Escritorio and the user list


def setup(live_server):
    with live_server.app.app_context():
        demo.load()
        user = make_user(full_name="Lucía Solicitante", email="lucia@correo.example")
        rojas = db.session.scalar(select(Account.id).where(Account.name == "Rojas Jaramillo SAS"))
        add_member(user, rojas, state=State.ACEPTADO)  # she already works for another supplier
        admin = db.session.scalar(select(User.id).where(User.username == "hhadmin"))
    return user, admin


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def ask_for_access(page, url):
    page.goto(f"{url}/usuario/registros")
    page.get_by_role("link", name="Nuevo registro").click()
    page.get_by_label("Nombre de la Entidad Estatal/Proveedor").fill("h&h asociados")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_role("listitem").filter(has_text="H&H Asociados").get_by_role("button", name="Solicitar", exact=True).click()
    expect(page.get_by_role("heading", name="Solicitud de acceso")).to_be_visible()
    expect(page.get_by_role("link", name="Volver a la búsqueda")).to_be_visible()
    page.get_by_role("button", name="Finalizar").click()
    expect(page.get_by_text("Pendiente").first).to_be_visible()
    expect(page.get_by_text("Avisamos por correo al administrador")).to_be_visible()


def accept(admin_page, link, js):
    admin_page.goto(link)
    expect(admin_page.get_by_text("El usuario Lucía Solicitante (lucia@correo.example) está solicitando acceso")) \
        .to_be_visible()
    shot(admin_page, f"escritorio-{'js' if js else 'nojs'}")
    admin_page.get_by_role("listitem").filter(has_text="Lucía Solicitante").get_by_role("link", name="Aceptar usuarios", exact=True).click()
    expect(admin_page.get_by_role("heading", name="Administración de usuarios")).to_be_visible()
    shot(admin_page, f"usuarios-{'js' if js else 'nojs'}")
    admin_page.get_by_role("checkbox", name="Lucía Solicitante").check()
    admin_page.get_by_role("button", name="Aceptar acceso").click()
    expect(admin_page.get_by_text("Se aceptó el acceso de 1 usuario.")).to_be_visible()
    row = admin_page.locator("tr", has_text="Lucía Solicitante")
    if js:  # only the changed row was swapped in place
        expect(row.get_by_text("Aceptado")).to_be_visible()
        expect(admin_page.locator("tr", has_text="Juan Pérez Gómez").get_by_text("Pendiente")).to_be_visible()
        row.get_by_role("link", name="Historial de Lucía Solicitante").click()
        expect(row.get_by_text("Aceptar acceso por Helena Herrera: Pendiente → Aceptado")).to_be_visible()
    else:  # back on the same filtered list, where she no longer waits
        expect(row).to_have_count(0)
        admin_page.get_by_label("Acceso a la cuenta").select_option("Aceptado")
        admin_page.get_by_role("button", name="Buscar").click()
        expect(admin_page.locator("tr", has_text="Lucía Solicitante").get_by_text("Aceptado")).to_be_visible()
    shot(admin_page, f"aceptado-{'js' if js else 'nojs'}")
    return admin_page


def act_for_it(page, url):
    page.goto(f"{url}/usuario/cuenta")
    page.locator("li", has_text="H&H Asociados").get_by_role("button", name="Actuar por esta cuenta").click()
    header = page.locator("header")
    expect(header.get_by_text("H&H Asociados")).to_be_visible()
    expect(header.get_by_role("link", name="Cambiar")).to_be_visible()
    expect(page.get_by_role("heading", name="H&H Asociados")).to_be_visible()  # its Escritorio
    shot(page, "actuar")
    page.goto(f"{url}/usuario/registros")
    expect(page.locator("tr", has_text="H&H Asociados").get_by_text("Aceptado")).to_be_visible()
    shot(page, "mis-registros")


def run(live_server, smtp_server, user_page, admin_context, js):
    user, admin = setup(live_server)
    sign_in(user_page.context, live_server, user)
    sign_in(admin_context, live_server, admin)
    ask_for_access(user_page, live_server.url)

    to_admin = smtp_server.wait_for(1)[0]
    assert to_admin["To"] == "helena.herrera@hh-asociados.example"
    assert to_admin["Subject"] == "Solicitud de acceso a H&H Asociados"
    body = text_part(to_admin)
    assert "El usuario Lucía Solicitante (lucia@correo.example) está solicitando acceso" in body
    link = re.search(r"http://\S+/cuenta/escritorio", body).group(0)

    accept(admin_context.new_page(), link, js)
    to_user = smtp_server.wait_for(2)[1]
    assert to_user["To"] == "lucia@correo.example"
    assert to_user["Subject"] == "Su solicitud de acceso a H&H Asociados fue aceptada"

    act_for_it(user_page, live_server.url)


def test_a_request_accepted_by_the_administrator_lets_the_user_act_for_the_account(
        live_server, smtp_server, browser, browser_context_args):
    user_context = browser.new_context(**browser_context_args)
    admin_context = browser.new_context(**browser_context_args)
    try:
        run(live_server, smtp_server, user_context.new_page(), admin_context, js=True)
    finally:
        user_context.close()
        admin_context.close()


def test_the_same_path_works_with_scripts_off(live_server, smtp_server, browser, browser_context_args, no_js_page):
    admin_context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        run(live_server, smtp_server, no_js_page, admin_context, js=False)
    finally:
        admin_context.close()


@pytest.fixture(autouse=True)
def _shots_folder():
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)


PAGES = ["/cuenta/escritorio", "/cuenta/usuarios", "/cuenta/usuarios?estado=pendiente", "/usuario/registros",
         "/usuario/registros/nuevo?nombre=asociados", "/usuario/cuenta", "/cuenta/usuarios/invitar"]


def test_the_access_pages_have_no_accessibility_violations(live_server, page):
    with live_server.app.app_context():
        demo.load()
        admin = db.session.scalar(select(User.id).where(User.username == "hhadmin"))
    sign_in(page.context, live_server, admin)
    found = {}
    for path in PAGES:
        page.goto(live_server.url + path)
        shot(page, "axe" + path.replace("/", "_").replace("?", "_"))
        found[path] = violations(page)
    page.goto(live_server.url + "/cuenta/usuarios")
    page.locator("tr", has_text="Juan Pérez Gómez").get_by_role("link", name="Historial de Juan Pérez Gómez").click()
    expect(page.get_by_text("Solicitud de acceso por Juan Pérez Gómez")).to_be_visible()
    page.get_by_role("checkbox", name="Helena Herrera").check()
    page.get_by_role("button", name="Cancelar acceso").click()
    expect(page.get_by_text("Helena Herrera: La cuenta debe conservar al menos un administrador")).to_be_visible()
    shot(page, "refused")
    found["after actions"] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
