"""Issue 12 on a phone (390x844, and 320 px where it is about 320 px), with and without JavaScript: duplicates,
resume, landing, and what a contractor stumbles on."""
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.helpers.account_journey import choose_kind, label
from tests.helpers.browser_sessions import DEMO_PASSWORDS, sign_in
from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.htmx_wait import settled
from tests.helpers.mail import text_part
from wizard import demo
from wizard.extensions import db
from wizard.models import User

MODES = pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])


def demo_world(live_server) -> None:
    with live_server.app.app_context():
        demo.load()


def user_id(live_server, username: str) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def enter(page: Page, live_server, username: str, password: str | None = None) -> None:
    """Sign in through "Entrar" in this very page, to see where the portal lands."""
    page.goto(f"{live_server.url}/entrar")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password or DEMO_PASSWORDS.get(username, PASSWORD))
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("button", name="Salir")).to_be_visible()


@MODES
def test_section_3_finds_an_existing_company_however_its_name_or_nit_is_written(js, page, no_js_page, live_server):
    browser = page if js else no_js_page
    demo_world(live_server)
    with live_server.app.app_context():
        user = make_user(full_name="Camila Torres")
    sign_in(browser.context, live_server, user)
    browser.goto(f"{live_server.url}/registro/entidad")
    for typed in ("H & H", "hh asociados", "H y H Asociados S.A.S."):
        browser.get_by_label("Nombre de la Entidad").fill(typed)
        browser.get_by_role("button", name=re.compile("^Validar")).click()
        expect(browser.locator(".results li", has_text="H&H Asociados")).to_be_visible()
        expect(browser.get_by_text("No ha sido encontrada ninguna Entidad")).to_have_count(0)
    browser.get_by_label("Nombre de la Entidad").fill("")
    browser.get_by_label("NIT").fill("800111202 1")
    browser.get_by_role("button", name=re.compile("^Validar")).click()
    expect(browser.locator(".results li", has_text="H&H Asociados")).to_be_visible()
    browser.get_by_label("NIT").fill("800.111.202-7")
    browser.get_by_role("button", name=re.compile("^Validar")).click()
    expect(browser.get_by_text("El dígito de verificación de 800111202 es 1, no 7").first).to_be_visible()


def test_the_account_form_recognises_the_nit_with_its_dv_keeps_each_field_and_sets_the_departamento(
        page, live_server):
    demo_world(live_server)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with live_server.app.app_context():
        user = make_user(full_name="Juan Pérez")
    sign_in(page.context, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(page, "Sociedad por acciones simplificada colombiana")
    label(page, "Nombre de la Entidad").fill("H & H Asociados S.A.S.")
    label(page, "Nombre de la Entidad").blur()
    expect(page.get_by_text("Ya existe una cuenta con un nombre igual: H&H Asociados (NIT 800111202-1)")).to_be_visible()
    label(page, "NIT").fill("800.111.202-1")
    label(page, "NIT").blur()
    expect(page.get_by_text("Ya existe una cuenta con este número: H&H Asociados.")).to_be_visible()
    label(page, "NIT").fill("900544472-9")
    label(page, "NIT").blur()
    expect(page.get_by_text("El dígito de verificación de 900544472 es 2, no 9")).to_be_visible()
    label(page, "Buscar municipio").fill("pampl")
    expect(label(page, "Municipio")).to_have_value("54518")
    expect(label(page, "Departamento")).to_have_value("54")  # the municipio found sets its departamento
    label(page, "Dirección").fill("Carrera 7 # 71-21")
    label(page, "Dirección").blur()
    page.get_by_role("button", name="Agregar").click()
    label(page, "Año").fill("2024")
    label(page, "Patrimonio").fill("1,5 millones")
    label(page, "Patrimonio").blur()
    expect(page.get_by_text("Escriba patrimonio en pesos, solo con números, por ejemplo 1.234.567")).to_be_visible()
    settled(page)
    page.reload()  # a call, a reload: what was typed is still there
    expect(label(page, "Dirección")).to_have_value("Carrera 7 # 71-21")
    expect(label(page, "Nombre de la Entidad")).to_have_value("H & H Asociados S.A.S.")
    expect(label(page, "Municipio")).to_have_value("54518")
    expect(page.get_by_role("group", name="Año 2024").get_by_label("Patrimonio")).to_have_value("1,5 millones")
    expect(page.get_by_text("Índice de liquidez")).to_have_count(0)
    assert errors == [], errors  # no htmx complaint on any field check


def test_without_javascript_buscar_municipio_and_agregar_come_back_to_their_place(no_js_page, live_server):
    page = no_js_page
    with live_server.app.app_context():
        user = make_user(full_name="Juan Pérez")
    sign_in(page.context, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(page, "Persona natural colombiana")
    expect(label(page, "Correo electrónico de la oficina")).to_have_value(re.compile(r"@correo\.example$"))
    expect(label(page, "Teléfono de oficina")).to_have_value("300 1234567")
    label(page, "Buscar municipio").fill("pamplonita")
    page.get_by_role("button", name="Buscar municipio").click()
    expect(page).to_have_url(re.compile(r"#q-field$"))
    expect(label(page, "Municipio")).to_have_value("54520")  # the only result, selected
    expect(label(page, "Departamento")).to_have_value("54")
    page.get_by_role("button", name="Agregar").click()
    expect(page).to_have_url(re.compile(r"#financiera$"))
    label(page, "Año").fill("2024")
    label(page, "Patrimonio").fill("abc")
    page.get_by_role("button", name="Agregar").click()
    expect(page.get_by_text("Escriba patrimonio en pesos, solo con números, por ejemplo 1.234.567").first).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("fila 2"))).to_have_count(0)


@MODES
def test_an_administrator_of_two_accounts_lands_on_the_choice_then_that_escritorio(js, page, no_js_page, live_server):
    browser = page if js else no_js_page
    demo_world(live_server)
    enter(browser, live_server, "rojas.admin")
    expect(browser.get_by_role("heading", name="Cuenta por la que actúa")).to_be_visible()
    browser.get_by_role("button", name="Actuar por esta cuenta (Construcciones Andinas Ltda.)").click()
    expect(browser.get_by_role("heading", name="Construcciones Andinas Ltda.")).to_be_visible()
    expect(browser.get_by_text("Ahora actúa por Construcciones Andinas Ltda.", exact=True)).to_be_visible()
    browser.locator("header").get_by_role("link", name="Escritorio").click()
    expect(browser.get_by_role("heading", name="Construcciones Andinas Ltda.")).to_be_visible()
    browser.goto(live_server.url + "/")
    expect(browser.get_by_text("Regístrese para contratar con el Estado")).to_have_count(0)
    browser.get_by_role("link", name="Ir al Escritorio").click()
    expect(browser.get_by_role("heading", name="Construcciones Andinas Ltda.")).to_be_visible()


@MODES
def test_an_account_left_with_guardar_y_salir_is_offered_by_name_on_signing_in(js, page, no_js_page, live_server):
    browser = page if js else no_js_page
    with live_server.app.app_context():
        make_user(full_name="Juan Pérez", username="juan.medias")
    enter(browser, live_server, "juan.medias")
    expect(browser.get_by_role("heading", name="Crear o solicitar acceso a una Entidad")).to_be_visible()
    browser.get_by_role("link", name="Registrar Entidad").click()
    choose_kind(browser, "Sociedad por acciones simplificada colombiana")
    label(browser, "Nombre de la Entidad").fill("Andina Digital SAS")
    browser.get_by_role("button", name="Guardar y salir").click()
    expect(browser.get_by_text("Continúe el registro de Andina Digital SAS, paso 2 de 4")).to_be_visible()  # home
    browser.get_by_role("button", name="Salir").click()
    enter(browser, live_server, "juan.medias")
    expect(browser.get_by_text("Continúe el registro de Andina Digital SAS, paso 2 de 4")).to_be_visible()
    browser.get_by_role("link", name="Continuar el registro de Andina Digital SAS").click()
    expect(label(browser, "Nombre de la Entidad")).to_have_value("Andina Digital SAS")


@MODES
def test_back_after_continuar_shows_section_2_with_the_address(js, page, no_js_page, live_server):
    browser = page if js else no_js_page
    browser.goto(live_server.url + "/")
    browser.get_by_role("main").get_by_role("link", name="Registro").click()
    expect(browser.get_by_text("Ley 1581 de 2012")).to_be_visible()
    browser.get_by_label("Nombre y apellido").fill("Marta Gómez")
    browser.get_by_label("Correo electrónico").fill("marta.gomez@correo.example")
    browser.get_by_label("Elige tu usuario").fill("marta.gomez")
    browser.get_by_label("Contraseña").fill("Contrato2026")
    browser.get_by_label("Confirmar").fill("Contrato2026")
    browser.get_by_label("Pregunta de seguridad").select_option(label="¿Cuál es el nombre de su primera mascota?")
    browser.get_by_label("Respuesta de seguridad").fill("Lulú")
    browser.get_by_label("Teléfono móvil de seguridad").fill("310 555 1234")
    browser.get_by_role("button", name="Continuar").click()
    expect(browser.get_by_role("heading", name="Confirmar registro")).to_be_visible()
    browser.go_back()
    expect(browser.get_by_role("heading", name="Confirmar registro")).to_be_visible()
    expect(browser.locator(".sent-to")).to_have_text("marta.gomez@correo.example")
    expect(browser.get_by_label("Elige tu usuario")).to_have_count(0)


@MODES
def test_aceptar_usuarios_on_a_card_opens_the_list_with_that_user_selected(js, page, no_js_page, live_server,
                                                                          smtp_server):
    browser = page if js else no_js_page
    demo_world(live_server)
    enter(browser, live_server, "hhadmin")
    browser.get_by_role("link", name="Aceptar usuarios", exact=True).click()  # the one request of the demo
    expect(browser.get_by_role("heading", name="Administración de usuarios")).to_be_visible()
    box = browser.get_by_role("checkbox", name="Juan Pérez Gómez")
    expect(box).to_be_checked()
    target = browser.locator("td.select .hit").first.bounding_box()
    assert target["width"] >= 44 and target["height"] >= 44, target
    actions = browser.get_by_role("group", name="Acciones sobre los usuarios seleccionados")
    expect(actions.get_by_role("button")).to_have_text(["Aceptar acceso", "Rechazar acceso"])
    expect(browser.locator("#user-count")).to_have_text("1 usuario con este filtro.")
    actions.get_by_role("button", name="Aceptar acceso").click()
    expect(browser.get_by_text("Se aceptó el acceso de 1 usuario.")).to_be_visible()
    expect(browser.locator("#user-count")).to_have_text("0 usuarios con este filtro.")
    assert smtp_server.wait_for(1)[-1]["Subject"] == "Su solicitud de acceso a H&H Asociados fue aceptada"


def test_a_reverted_rejection_reaches_the_person(page, live_server, smtp_server):
    demo_world(live_server)
    enter(page, live_server, "hhadmin")
    page.get_by_role("link", name="Aceptar usuarios", exact=True).click()  # the one request of the demo
    page.get_by_role("button", name="Rechazar acceso").click()
    expect(page.get_by_text("Se rechazó el acceso de 1 usuario.")).to_be_visible()
    page.get_by_role("checkbox", name="Juan Pérez Gómez").check()
    page.get_by_role("button", name="Revertir rechazo del acceso").click()
    expect(page.get_by_text("Se revirtió el rechazo del acceso de 1 usuario.")).to_be_visible()
    rejected, reopened = smtp_server.wait_for(2)[-2:]
    assert reopened["Subject"] == "Su solicitud de acceso a H&H Asociados está pendiente de nuevo"
    assert "Pendiente" in text_part(reopened)


@MODES
def test_mis_datos_de_usuario_changes_the_name_and_the_email_with_a_new_confirmation(js, page, no_js_page,
                                                                                    live_server, smtp_server):
    browser = page if js else no_js_page
    with live_server.app.app_context():
        make_user(full_name="Pedro Pérez", username="pedro.datos", email="pedro@correo.example")
    enter(browser, live_server, "pedro.datos")
    browser.goto(live_server.url + "/")
    browser.get_by_role("link", name="Mis datos de usuario").click()
    expect(browser.get_by_role("heading", name="Mis datos de usuario", exact=True)).to_be_visible()
    browser.get_by_label("Nombre y apellido").fill("Pedro Pérez Gómez")
    browser.get_by_role("button", name="Guardar datos personales").click()
    expect(browser.get_by_text("Guardamos sus datos y le enviamos un correo de confirmación.")).to_be_visible()
    changed = smtp_server.wait_for(1)[-1]
    assert changed["To"] == "pedro@correo.example" and "Nombre y apellido: Pedro Pérez Gómez" in text_part(changed)
    email = browser.locator("section", has=browser.get_by_role("heading", name="Correo electrónico"))
    email.get_by_label("Correo electrónico nuevo").fill("pedro.nuevo@correo.example")
    email.get_by_label("Contraseña actual").fill(PASSWORD)
    email.get_by_role("button", name="Cambiar el correo electrónico").click()
    expect(browser.get_by_text("Le enviamos un enlace a pedro.nuevo@correo.example")).to_be_visible()
    confirm = next(m for m in smtp_server.wait_for(3) if m["To"] == "pedro.nuevo@correo.example")
    browser.goto(re.search(r"http://\S+/usuario/datos/correo/\S+", text_part(confirm)).group(0))
    expect(browser.get_by_role("heading", name="Correo electrónico cambiado")).to_be_visible()
    browser.get_by_role("link", name="Mis datos de usuario").last.click()
    expect(browser.get_by_text("Su correo actual es pedro.nuevo@correo.example")).to_be_visible()


def test_at_320_px_the_signed_in_header_is_small_and_nothing_overflows(browser, browser_context_args, live_server):
    demo_world(live_server)
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": 320, "height": 640}})
    page = context.new_page()
    try:
        for path in ("/", "/registro/"):
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        enter(page, live_server, "rojas.admin")
        page.get_by_role("button", name="Actuar por esta cuenta (Construcciones Andinas Ltda.)").click()
        expect(page.locator("header").get_by_text("Construcciones Andinas Ltda.")).to_be_visible()
        for path in ("/cuenta/escritorio", "/registro/entidad", "/cuenta/nueva/tipo", "/cuenta/usuarios",
                     "/usuario/registros", "/usuario/datos"):
            page.goto(live_server.url + path)
            header = page.locator("header").bounding_box()["height"]
            assert header <= 640 / 6, f"{path}: la cabecera ocupa {header}px"
            widths = page.evaluate("""() => [document.documentElement.scrollWidth,
                ...[...document.querySelectorAll('.steps')].map(s => s.scrollWidth - s.clientWidth)]""")
            assert widths[0] <= 320 and all(extra <= 0 for extra in widths[1:]), f"{path}: {widths}"
        expect(page.locator("header").get_by_role("link", name="Cambiar")).to_be_visible()
        expect(page.locator("footer").get_by_text("Mesa de servicio")).to_be_visible()
    finally:
        context.close()
