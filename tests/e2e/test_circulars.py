"""Issue 10 on a phone (390x844), with and without JavaScript, mail read from a real SMTP server: the hospital's
administrator publishes a circular to two contractors; one follows the personal link of her invitation email,
registers, activates, creates her persona natural account; "Seguimiento" shows her done and the other not yet
registered, who gets a reminder. And issue 12's item 6: an invited person without a user comes back to the
invitation after registering and activating."""
import os
import re
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.helpers.account_journey import attach_natural_person_documents, fill_contacts, label
from tests.helpers.axe import violations
from tests.helpers.browser_sessions import sign_in
from tests.helpers.mail import text_part
from wizard import demo
from wizard.extensions import db
from wizard.models import User

MODES = pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])
ASKED = "Registro solicitado por E.S.E. Hospital San Juan de Dios de Pamplona"
SHOTS = os.environ.get("CIRCULAR_SHOTS")  # a folder to keep screenshots of the journey


def shot(page: Page, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "cedula.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (tmp_path / "contratos.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    return tmp_path


def mail_to(smtp_server, address: str, subject_start: str, timeout: float = 15):
    """The newest message to `address` whose subject starts so, waiting for it to arrive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in smtp_server.messages if m["To"] == address and m["Subject"].startswith(subject_start)]
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError(f"no llegó «{subject_start}…» a {address}: "
                         f"{[(m['To'], m['Subject']) for m in smtp_server.messages]}")


def hospital_admin(live_server) -> int:
    with live_server.app.app_context():
        demo.load()
        return db.session.scalar(select(User.id).where(User.username == "hospital.admin"))


def publish(admin: Page, url: str, js: bool) -> None:
    admin.goto(f"{url}/cuenta/escritorio")
    admin.get_by_role("link", name="Crear circular").click()
    expect(admin.get_by_role("heading", name="Crear circular")).to_be_visible()
    label(admin, "Número").fill("0015-2026")
    label(admin, "Asunto").fill("INSCRIPCION PLATAFORMA SECOP II")
    label(admin, "Destinatarios").fill("Contratistas De La ESE")
    label(admin, "Texto").fill("La subdirección Administrativa, mediante la presente solicita al personal "
                               "contratista la inscripción como persona natural en la plataforma SECOP II.")
    label(admin, "Fecha límite de inscripción").fill((date.today() + timedelta(days=20)).isoformat())
    label(admin, "Cargo de quien firma").fill("Subdirectora Administrativa.")
    label(admin, "Guías y videos").fill("Video paso a paso https://www.youtube.com/watch?v=3fzw4mPBNgo")
    label(admin, "Contratistas a quienes se dirige").fill(
        "Laura Gómez Rincón;1098765432;laura.gomez@contratista.example\n"
        "Pedro Ramírez Ortiz;88123456;pedro\n")
    admin.get_by_role("button", name="Guardar borrador").click()
    expect(admin.get_by_text("Línea 2, Correo electrónico: «pedro» no es un correo electrónico válido")).to_be_visible()
    label(admin, "Contratistas a quienes se dirige").fill(
        "Laura Gómez Rincón;1098765432;laura.gomez@contratista.example\n"
        "Pedro Ramírez Ortiz;88123456;pedro.ramirez@contratista.example\n")
    admin.get_by_role("button", name="Guardar borrador").click()
    expect(admin.get_by_role("heading", name="CIRCULAR No. 0015-2026")).to_be_visible()
    expect(admin.locator(".badge", has_text="Borrador")).to_be_visible()
    admin.get_by_role("button", name="Publicar").click()
    expect(admin.get_by_text("Se publicó la CIRCULAR No. 0015-2026")).to_be_visible()
    expect(admin.get_by_label("Enlace de la circular")).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/circular/\S+$"))
    expect(admin.locator(".qr-box svg")).to_be_visible()
    shot(admin, f"publicada-{'js' if js else 'nojs'}")
    admin.get_by_role("button", name="Enviar invitaciones").click()
    expect(admin.get_by_text("Se enviaron 2 invitaciones personales.")).to_be_visible()


def register_from_the_invitation(page: Page, smtp_server, files, js: bool) -> None:
    invitation = mail_to(smtp_server, "laura.gomez@contratista.example", "E.S.E. Hospital")
    assert invitation["Subject"] == "E.S.E. Hospital San Juan de Dios de Pamplona: CIRCULAR No. 0015-2026"
    link = re.search(r"http://\S+/circular/personal/\S+", text_part(invitation)).group(0)
    page.goto(link)
    expect(page.get_by_text(ASKED).first).to_be_visible()
    expect(page.get_by_text("Para Laura Gómez Rincón: esta es su invitación personal.")).to_be_visible()
    expect(page.get_by_text("Pedro")).to_have_count(0)
    page.get_by_role("main").get_by_role("link", name="Registro").click()
    expect(page.get_by_role("heading", name="Registrar usuario")).to_be_visible()
    expect(page.get_by_text(ASKED)).to_be_visible()
    expect(page.get_by_label("Nombre y apellido")).to_have_value("Laura Gómez Rincón")
    expect(page.get_by_label("Correo electrónico")).to_have_value("laura.gomez@contratista.example")
    page.get_by_label("Elige tu usuario").fill("laura.gomez")
    page.get_by_label("Contraseña").fill("Contrato2026")
    page.get_by_label("Confirmar").fill("Contrato2026")
    page.get_by_label("Pregunta de seguridad").select_option(label="¿Cuál es el nombre de su primera mascota?")
    page.get_by_label("Respuesta de seguridad").fill("Lulú")
    page.get_by_label("Teléfono móvil de seguridad").fill("310 555 1234")
    shot(page, f"seccion1-{'js' if js else 'nojs'}")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Confirmar registro")).to_be_visible()
    expect(page.get_by_text(ASKED)).to_be_visible()
    activation = mail_to(smtp_server, "laura.gomez@contratista.example", "Activación de su registro en SECOP")
    assert ASKED in text_part(activation)
    page.goto(re.search(r"http://\S+/registro/activar/\S+", text_part(activation)).group(0))
    expect(page.get_by_role("heading", name="Entrar")).to_be_visible()
    expect(page.get_by_text(ASKED)).to_be_visible()
    page.get_by_label("Nombre de usuario").fill("laura.gomez")
    page.get_by_label("Contraseña").fill("Contrato2026")
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Crear o solicitar acceso a una Entidad")).to_be_visible()
    expect(page.get_by_text(ASKED)).to_be_visible()
    shot(page, f"seccion3-{'js' if js else 'nojs'}")
    page.get_by_role("link", name="Crear mi cuenta de Proveedor como persona natural").click()
    expect(page.get_by_role("heading", name="Registrar Entidad")).to_be_visible()
    expect(page.get_by_text(ASKED)).to_be_visible()
    expect(label(page, "Tipo de organización")).to_have_value("persona_natural_colombiana")
    expect(label(page, "Privado")).to_be_checked()
    page.get_by_role("button", name="Generar formulario").click()
    expect(page.get_by_role("heading", name="Formulario de la Entidad")).to_be_visible()
    expect(label(page, "Nombre de la Entidad")).to_have_value("Laura Gómez Rincón")
    expect(label(page, "Número de cédula")).to_have_value("1098765432")
    fill_contacts(page, js)
    page.get_by_role("button", name="Continuar").click()
    attach_natural_person_documents(page, files / "cedula.pdf", files / "contratos.zip", js)
    expect(page.get_by_role("heading", name="Revise y finalice")).to_be_visible()
    label(page, "Acepto los Términos y condiciones de uso").check()
    page.get_by_role("button", name="Finalizar").click()
    expect(page.get_by_text("Felicitaciones Laura Gómez Rincón, su cuenta de Proveedor con el NIT 1098765432-")) \
        .to_be_visible()


def follow_up_and_remind(admin: Page, smtp_server, js: bool) -> None:
    admin.reload()
    admin.get_by_role("link", name="Seguimiento", exact=True).click()
    expect(admin.get_by_role("heading", name="Seguimiento")).to_be_visible()
    expect(admin.locator("figure.funnel svg")).to_be_visible()
    laura = admin.locator("tr", has_text="Laura Gómez Rincón")
    pedro = admin.locator("tr", has_text="Pedro Ramírez Ortiz")
    expect(laura.locator(".badge")).to_have_text("Cuenta de Proveedor creada")
    expect(pedro.locator(".badge")).to_have_text("Sin registrarse")
    expect(pedro.get_by_text("Nunca")).to_be_visible()
    shot(admin, f"seguimiento-{'js' if js else 'nojs'}")
    admin.get_by_label("Estado").select_option(label="Sin registrarse")
    admin.get_by_role("button", name="Filtrar").click()
    expect(laura).to_have_count(0)
    admin.get_by_role("checkbox", name="Pedro Ramírez Ortiz").check()
    admin.get_by_role("button", name="Enviar recordatorio").click()
    expect(admin.get_by_text("Se envió el recordatorio a 1 persona: Pedro Ramírez Ortiz.")).to_be_visible()
    expect(admin.locator("tr", has_text="Pedro Ramírez Ortiz").get_by_text("(1 en total)")).to_be_visible()
    reminder = mail_to(smtp_server, "pedro.ramirez@contratista.example", "Recordatorio: ")
    assert "Aún no se ha registrado" in text_part(reminder)
    assert "/circular/personal/" in text_part(reminder)
    # a second reminder at once is refused and said why
    admin.get_by_role("checkbox", name="Pedro Ramírez Ortiz").check()
    admin.get_by_role("button", name="Enviar recordatorio").click()
    expect(admin.get_by_text(re.compile(r"Pedro Ramírez Ortiz: ya recibió un recordatorio el .* una vez cada 3 días"))) \
        .to_be_visible()


@MODES
def test_a_circular_brings_a_contractor_to_her_account_and_the_hospital_sees_it(
        js, browser, browser_context_args, live_server, smtp_server, files, request):
    admin_id = hospital_admin(live_server)
    contexts = [browser.new_context(**browser_context_args, java_script_enabled=js) for _ in range(2)]
    try:
        admin_context, contractor_context = contexts
        sign_in(admin_context, live_server, admin_id)
        admin = admin_context.new_page()
        contractor = contractor_context.new_page()
        for page in (admin, contractor):
            page.set_default_timeout(10_000)
        publish(admin, live_server.url, js)
        register_from_the_invitation(contractor, smtp_server, files, js)
        follow_up_and_remind(admin, smtp_server, js)
    finally:
        for context in contexts:
            context.close()


@MODES
def test_an_invited_person_without_a_user_comes_back_to_the_invitation(js, page, no_js_page, live_server, smtp_server):
    browser_page = page if js else no_js_page
    with live_server.app.app_context():
        demo.load()
        admin = db.session.scalar(select(User.id).where(User.username == "hhadmin"))
    sign_in(browser_page.context, live_server, admin)
    browser_page.goto(f"{live_server.url}/cuenta/usuarios")
    browser_page.get_by_role("link", name="Crear usuarios").click()
    browser_page.get_by_label("Correo electrónico").fill("sofia.nueva@correo.example")
    browser_page.get_by_role("button", name=re.compile("Invitar|Enviar")).click()
    expect(browser_page.get_by_text("Se envió la invitación a sofia.nueva@correo.example.")).to_be_visible()
    browser_page.get_by_role("button", name="Salir").click()
    invitation = mail_to(smtp_server, "sofia.nueva@correo.example", "Invitación para unirse a H&H Asociados")
    link = re.search(r"http://\S+/invitacion/\S+", text_part(invitation)).group(0)
    browser_page.goto(link)
    expect(browser_page.get_by_role("heading", name="Invitación a H&H Asociados")).to_be_visible()
    browser_page.get_by_role("main").get_by_role("link", name="Registro").click()
    expect(browser_page.get_by_text("Registro solicitado por H&H Asociados")).to_be_visible()
    expect(browser_page.get_by_label("Correo electrónico")).to_have_value("sofia.nueva@correo.example")
    browser_page.get_by_label("Nombre y apellido").fill("Sofía Nueva")
    browser_page.get_by_label("Elige tu usuario").fill("sofia.nueva")
    browser_page.get_by_label("Contraseña").fill("Invitada2026")
    browser_page.get_by_label("Confirmar").fill("Invitada2026")
    browser_page.get_by_label("Pregunta de seguridad").select_option(label="¿Cuál es el nombre de su primera mascota?")
    browser_page.get_by_label("Respuesta de seguridad").fill("Lulú")
    browser_page.get_by_label("Teléfono móvil de seguridad").fill("310 555 1234")
    browser_page.get_by_role("button", name="Continuar").click()
    expect(browser_page.get_by_role("heading", name="Confirmar registro")).to_be_visible()
    activation = mail_to(smtp_server, "sofia.nueva@correo.example", "Activación de su registro en SECOP")
    browser_page.goto(re.search(r"http://\S+/registro/activar/\S+", text_part(activation)).group(0))
    browser_page.get_by_label("Nombre de usuario").fill("sofia.nueva")
    browser_page.get_by_label("Contraseña").fill("Invitada2026")
    browser_page.get_by_role("button", name="Entrar").click()
    expect(browser_page.get_by_role("heading", name="Invitación a H&H Asociados")).to_be_visible()
    browser_page.get_by_role("button", name="Aceptar la invitación").click()
    expect(browser_page.get_by_text("Ya tiene acceso a H&H Asociados.")).to_be_visible()


def test_the_circular_pages_have_no_accessibility_violations(live_server, page):
    admin = hospital_admin(live_server)
    sign_in(page.context, live_server, admin)
    found = {}
    for path in ("/cuenta/circulares", "/cuenta/circulares/1", "/cuenta/circulares/1/seguimiento",
                 "/cuenta/circulares/1/carta", "/cuenta/circulares/nueva", "/cuenta/circulares/1/agregar",
                 "/circular/personal/demo-carlos-suarez"):
        page.goto(live_server.url + path)
        found[path] = violations(page)
    page.get_by_role("button", name="Salir").click()
    for path in ("/circular/hospital-pamplona-0014-2026", "/registro/"):
        page.goto(live_server.url + path)
        found["visitante " + path] = violations(page)
    assert {path: v for path, v in found.items() if v} == {}
