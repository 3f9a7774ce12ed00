"""The whole path on a phone: home, Registro, section 1, the emailed link, Entrar, section 3's search."""
import re

from playwright.sync_api import Page, expect

from tests.helpers.mail import text_part
from tests.helpers.htmx_wait import settled
from tests.helpers.factories import make_user
from wizard import demo

NO_MATCH = "No ha sido encontrada ninguna Entidad que corresponda a sus criterios de búsqueda."


def _fill_section_1(page: Page, username: str, email: str) -> None:
    page.get_by_label("Nombre y apellido").fill("Felipe Ruiz Gómez")
    expect(page.get_by_label("País")).to_have_value("CO")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Elige tu usuario").fill(username)
    page.get_by_label("Contraseña").fill("Felipe2026clave")
    page.get_by_label("Confirmar").fill("Felipe2026clave")
    page.get_by_label("Pregunta de seguridad").select_option(label="¿Cuál es el nombre de su primera mascota?")
    page.get_by_label("Respuesta de seguridad").fill("Lulú")
    page.get_by_label("Teléfono móvil de seguridad").fill("+57 310 555 1234")
    expect(page.get_by_label("Zona horaria")).to_have_value("America/Bogota")


def _walk_the_path(page: Page, live_server, smtp_server, js: bool) -> None:
    with live_server.app.app_context():
        make_user(username="felipe.ruiz", email="otra@correo.example")
        demo.load()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="Registro").click()
    expect(page.get_by_role("heading", name="Registrar usuario")).to_be_visible()
    expect(page.get_by_text("1. Registrar usuario")).to_be_visible()

    if js:  # the taken name is reported as soon as the user leaves the field
        page.get_by_label("Elige tu usuario").fill("felipe.ruiz")
        page.get_by_label("Elige tu usuario").press("Tab")
        expect(page.locator("#username-error")).to_contain_text("Ese usuario ya existe: elija otro")
    _fill_section_1(page, "felipe.ruiz", "felipe@correo.example")
    if not js:  # without JavaScript the same message comes back with the whole step
        page.get_by_role("button", name="Continuar").click()
        expect(page.locator("#username-error")).to_contain_text("Ese usuario ya existe: elija otro")
        expect(page.get_by_label("Correo electrónico")).to_have_value("felipe@correo.example")
        page.get_by_label("Contraseña").fill("Felipe2026clave")
        page.get_by_label("Confirmar").fill("Felipe2026clave")
    page.get_by_label("Elige tu usuario").fill("felipe.ruiz2")
    page.get_by_role("button", name="Continuar").click()

    expect(page.get_by_role("heading", name="Confirmar registro")).to_be_visible()
    expect(page.get_by_text("felipe@correo.example")).to_be_visible()
    message = smtp_server.wait_for(1)[-1]
    assert message["Subject"] == "Activación de su registro en SECOP" and message["To"] == "felipe@correo.example"
    link = re.search(r"http://\S+/registro/activar/\S+", text_part(message)).group(0)
    page.goto(link)

    expect(page.get_by_role("heading", name="Entrar")).to_be_visible()
    expect(page.get_by_text("Su usuario quedó activado")).to_be_visible()
    page.get_by_label("Nombre de usuario").fill("Felipe.Ruiz2")
    page.get_by_label("Contraseña").fill("Felipe2026clave")
    page.get_by_role("button", name="Entrar").click()

    expect(page.get_by_role("heading", name="Crear o solicitar acceso a una Entidad")).to_be_visible()
    page.get_by_label("Nombre de la Entidad").fill("H&H")
    page.get_by_role("button", name=re.compile("^Validar")).click()
    result = page.locator(".results li").filter(has_text="H&H Asociados")
    expect(result).to_contain_text("COLOMBIA | Bogotá D.C. NIT: 800111202-1")
    expect(result.get_by_role("button", name="Solicitud de acceso")).to_be_visible()
    assert "nombre=H%26H" in page.url  # the search is in the address, so back and refresh keep it

    page.get_by_label("Nombre de la Entidad").fill("Zeta Inexistente")
    page.get_by_role("button", name=re.compile("^Validar")).click()
    expect(page.get_by_text(NO_MATCH)).to_be_visible()
    register = page.get_by_role("link", name="Registrar Entidad")
    expect(register).to_have_attribute("href", re.compile(r"/cuenta/nueva\?nombre=Zeta"))


def test_a_contractor_registers_activates_signs_in_and_finds_their_entity_on_a_phone(page, live_server, smtp_server):
    _walk_the_path(page, live_server, smtp_server, js=True)


def test_the_same_path_works_without_javascript(no_js_page, live_server, smtp_server):
    _walk_the_path(no_js_page, live_server, smtp_server, js=False)


def test_leaving_section_1_and_coming_back_finds_it_as_it_was_without_the_password(page, live_server):
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/registro/")
    page.get_by_label("Nombre y apellido").fill("Marta Lucía Pérez")
    page.get_by_label("Correo electrónico").fill("marta@correo.example")
    page.get_by_label("Contraseña").fill("Marta2026clave")
    with page.expect_response(lambda r: "campo=mobile_phone" in r.url):
        page.get_by_label("Teléfono móvil de seguridad").fill("+57 311 222 3344")
        page.get_by_label("Teléfono móvil de seguridad").press("Tab")
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="Registro").click()
    expect(page.get_by_label("Nombre y apellido")).to_have_value("Marta Lucía Pérez")
    expect(page.get_by_label("Correo electrónico")).to_have_value("marta@correo.example")
    expect(page.get_by_label("Teléfono móvil de seguridad")).to_have_value("+57 311 222 3344")
    expect(page.get_by_label("Contraseña")).to_have_value("")


def test_a_person_locked_out_of_entrar_is_told_to_wait_not_to_try_again(page, live_server):
    """With htmx the 429 is not swapped in: the notice must still say what the error page says."""
    with live_server.app.app_context():
        make_user(username="bloqueada", email="bloqueada@correo.example")
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/entrar")
    for attempt in range(6):
        page.get_by_label("Nombre de usuario").fill("bloqueada")
        page.get_by_label("Contraseña").fill(f"mala{attempt}clave")
        with page.expect_response(lambda r: r.url.endswith("/entrar") and r.request.method == "POST") as answer:
            page.get_by_role("button", name="Entrar").click()
        if attempt < 5:
            assert answer.value.status == 422
            expect(page.get_by_text("El nombre de usuario o la contraseña no son correctos")).to_be_visible()
    assert answer.value.status == 429
    notice = page.get_by_role("alert").filter(has_text="Demasiados intentos")
    expect(notice).to_contain_text("Espere unos minutos")
    expect(page.get_by_text("No pudimos completar la acción")).to_have_count(0)
    page.get_by_role("button", name="Entrar").click()  # another try: still one notice, not a pile of them
    expect(page.locator(".notice--error")).to_have_count(1)


def test_a_field_corrected_after_continuar_stops_being_marked_invalid(page, live_server):
    """The check on leaving swaps the message; the field's red frame and aria-invalid must follow it both ways."""
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/registro/")
    email = page.get_by_label("Correo electrónico")
    email.fill("ana@")
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("#email-error")).to_contain_text("Escriba un correo electrónico válido")
    expect(email).to_have_attribute("aria-invalid", "true")
    settled(page)  # the swapped-in form is live once htmx has settled it
    with page.expect_response(lambda r: "campo=email" in r.url):
        email.fill("ana@correo.example")
        email.press("Tab")
    expect(page.locator("#email-error")).to_have_text("")
    expect(email).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-field")).not_to_have_class(re.compile("has-error"))
    name = page.get_by_label("Nombre y apellido")  # and the other way: a field found wrong on leaving is marked
    with page.expect_response(lambda r: "campo=full_name" in r.url):
        name.fill(" ")
        name.press("Tab")
    expect(page.locator("#full_name-error")).to_contain_text("Escriba su nombre y apellido")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#full_name-field")).to_have_class(re.compile("has-error"))
