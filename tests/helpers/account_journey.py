"""The account wizard as a person goes through it in the browser, step by step (shared by the journeys)."""
import re

from playwright.sync_api import Page, expect

from tests.helpers import browser_sessions
from tests.helpers.htmx_wait import settled
from tests.helpers.mail import text_part
from wizard.extensions import db
from wizard.models import User


def label(page: Page, text: str):
    """The control labelled exactly `text` (a required field's label ends in " *")."""
    return page.get_by_label(re.compile("^" + re.escape(text) + r"( \*)?$"))


def sign_in(page: Page, live_server, user_id: int) -> None:
    """Sign in through "Entrar" in the page's browser context."""
    browser_sessions.sign_in(page.context, live_server, user_id)


def username(live_server, user_id: int) -> str:
    with live_server.app.app_context():
        return db.session.get(User, user_id).username


def choose_kind(page: Page, organisation: str) -> None:
    expect(page.get_by_role("heading", name="Registrar Entidad")).to_be_visible()
    expect(label(page, "País")).to_have_value("CO")
    label(page, "Privado").check()
    label(page, "Tipo de organización").select_option(label=organisation)
    page.get_by_role("button", name="Generar formulario").click()
    expect(page.get_by_role("heading", name="Formulario de la Entidad")).to_be_visible()


def fill_contacts(page: Page, js: bool, by_department: bool = False) -> None:
    country = label(page, "País")
    if js:  # the swap brought the chosen country alone; the others load from one answer the browser keeps
        expect(country.locator("option", has_text="VENEZUELA")).to_have_count(1)
    expect(country).to_have_value("CO")
    label(page, "Sí").check()
    label(page, "Régimen tributario").select_option(label="No responsable de IVA")
    if js and by_department:  # the list follows the department at once
        label(page, "Departamento").select_option(label="Norte de Santander")
        expect(label(page, "Municipio").locator("option", has_text="Pamplona, Norte de Santander")).to_have_count(1)
        label(page, "Municipio").select_option(label="Pamplona, Norte de Santander")
    elif js:
        label(page, "Buscar municipio").fill("pampl")
        expect(label(page, "Municipio")).to_have_value("54518")
    else:
        label(page, "Departamento").select_option(label="Norte de Santander")
        page.get_by_role("button", name="Buscar municipio").click()
        label(page, "Municipio").select_option(label="Pamplona, Norte de Santander")
    label(page, "Dirección").fill("Calle 5 # 6-30")
    label(page, "Código postal").fill("543050")
    label(page, "Correo electrónico de la oficina").fill("juan@correo.example.com")
    label(page, "Teléfono de oficina").fill("300 1234567")
    label(page, "Correo electrónico para notificaciones SECOP II").fill("avisos@correo.example.com")


def add_financial_year(page: Page) -> None:
    page.get_by_role("button", name="Agregar").click()
    label(page, "Año").fill("2024")
    for text, value in (("Patrimonio", "$ 50.000.000"), ("Activo corriente", "20000000"),
                         ("Activo total", "80.000.000"), ("Pasivo corriente", "10.000.000"),
                         ("Pasivo total", "30.000.000"), ("Utilidad operacional", "5.000.000"),
                         ("Gastos de intereses", "0")):
        label(page, text).fill(value)


def attach(page: Page, document: str, path, js: bool) -> None:
    row = page.locator("li.document", has=page.get_by_role("heading", name=document))
    page.get_by_label(re.compile(r"^Archivo ?: " + re.escape(document))).set_input_files(str(path))
    row.get_by_role("button", name="Anexar documento", exact=True).click()
    expect(row.get_by_text("Documento anexo")).to_be_visible()
    expect(row.get_by_role("link", name=path.name)).to_be_visible()


def register_and_activate(page: Page, live_server, smtp_server, email: str) -> None:
    """Juan Pérez registers from the home page, follows the activation email sent to `email` and signs in."""
    page.goto(live_server.url + "/")
    page.get_by_role("main").get_by_role("link", name="Registro").click()
    page.get_by_label("Nombre y apellido").fill("Juan Pérez")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Elige tu usuario").fill("juanperez")
    page.get_by_label("Contraseña").fill("Contrato2026")
    page.get_by_label("Confirmar").fill("Contrato2026")
    page.get_by_label("Pregunta de seguridad").select_option(label="¿Cuál es el nombre de su primera mascota?")
    page.get_by_label("Respuesta de seguridad").fill("Lulú")
    page.get_by_label("Teléfono móvil de seguridad").fill("310 555 1234")
    page.get_by_role("button", name="Continuar").click()
    expect(page.get_by_role("heading", name="Confirmar registro")).to_be_visible()
    activation = next(m for m in smtp_server.wait_for(1) if m["To"] == email)
    page.goto(re.search(r"http://\S+/registro/activar/\S+", text_part(activation)).group(0))
    page.get_by_label("Nombre de usuario").fill("juanperez")
    page.get_by_label("Contraseña").fill("Contrato2026")
    page.get_by_role("button", name="Entrar").click()


def attach_natural_person_documents(page: Page, pdf, zip_file, js: bool) -> None:
    """A persona natural's documents step: no accounting kept, its three documents, then "Continuar"."""
    label(page, "No estoy obligado a llevar contabilidad").check()
    if not js:
        page.get_by_role("button", name="Aplicar").click()
    settled(page)
    attach(page, "Constancia de no estar obligado a llevar contabilidad", pdf, js)
    attach(page, "Lista de contratos que acrediten su experiencia", zip_file, js)
    attach(page, "Cédula de ciudadanía (o de extranjería) de la persona natural", pdf, js)
    page.get_by_role("button", name="Continuar").click()


def finish(page: Page, entity: str, nit: str) -> None:
    expect(page.get_by_role("heading", name="Revise y finalice")).to_be_visible()
    label(page, "Acepto los Términos y condiciones de uso").check()
    page.get_by_role("button", name="Finalizar").click()
    if entity == "Juan Pérez":  # his own account, as a persona natural: his name once
        expect(page.get_by_text(f"Felicitaciones Juan Pérez, su cuenta de Proveedor con el NIT {nit} creada.")).to_be_visible()
    else:
        expect(page.get_by_text(f"Felicitaciones Juan Pérez, {entity} con el NIT {nit} creada.")).to_be_visible()
    expect(page.get_by_role("link", name="Escritorio").last).to_be_visible()
