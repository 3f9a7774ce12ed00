"""The buttons and links the issues and the README name are found by that exact wording, as a person (and the checks
after each landing) find them: get_by_role(..., exact=True). What a screen reader needs besides ("del contrato
ESE-CPS-045-2026", "a H&H Asociados") is the control's description, not part of its name: «Detalle» was named
«Detalle del contrato ESE-CPS-045-2026», «Anexar documento» «Anexar documento: Informe de actividades», and none of
them was found by the words on the screen."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.helpers.browser_sessions import DEMO_PASSWORDS
from tests.helpers.payments import PDF
from wizard import demo
from wizard.circulars import demo as circular_demo
from wizard.extensions import db
from wizard.models import Contract, User


@pytest.fixture
def demo_portal(live_server):
    with live_server.app.app_context():
        demo.load()
        ids = {u.username: u.id for u in db.session.scalars(select(User))}
        ids["contrato"] = db.session.scalar(select(Contract.id).where(Contract.number == "ESE-CPS-045-2026"))
    return ids


@pytest.fixture
def as_user(browser, browser_context_args, live_server, demo_portal):
    contexts = []

    def open_as(username):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{live_server.url}/entrar")
        page.get_by_label("Nombre de usuario", exact=True).fill(username)
        page.get_by_label("Contraseña", exact=True).fill(DEMO_PASSWORDS.get(username, circular_demo.PASSWORD))
        page.get_by_role("button", name="Entrar", exact=True).click()
        expect(page.get_by_role("button", name="Salir", exact=True)).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()


def found(page, role: str, name: str, described: str | None = None):
    control = page.get_by_role(role, name=name, exact=True).first
    expect(control).to_be_visible()
    if described:  # the context is still there, for whoever listens to the page
        assert described in control.evaluate(
            "e => e.getAttribute('aria-describedby').split(' ').map(i => document.getElementById(i).textContent).join(' ')")
    return control


def test_supplier_and_newcomer_controls_are_found_by_their_exact_wording(as_user, live_server):
    hh = as_user("hhadmin")
    hh.goto(f"{live_server.url}/cuenta/escritorio")
    found(hh, "link", "Aceptar usuarios", described="Juan Pérez Gómez")
    found(hh, "link", "Detalle", described="ESE-SUM-012-2026")
    found(hh, "link", "Mis contratos").click()
    found(hh, "link", "Detalle", described="ESE-SUM-012-2026")

    diana = as_user("diana.ortega")
    diana.goto(f"{live_server.url}/registro/entidad")
    diana.get_by_label("NIT", exact=True).fill("800111202")
    found(diana, "button", "Validar").click()
    found(diana, "button", "Solicitud de acceso", described="H&H Asociados")
    diana.goto(f"{live_server.url}/usuario/registros")
    found(diana, "link", "Nuevo registro").click()
    diana.get_by_label("Nombre de la Entidad Estatal/Proveedor").fill("h&h asociados")
    found(diana, "button", "Buscar").click()
    found(diana, "button", "Solicitar", described="H&H Asociados")


def test_entity_and_payment_controls_are_found_by_their_exact_wording(as_user, live_server, demo_portal, tmp_path):
    hospital = as_user("hospital.admin")
    found(hospital, "link", "Pagos por revisar").click()
    expect(hospital.get_by_role("heading", name="Pagos por revisar", exact=True)).to_be_visible()
    hospital.goto(f"{live_server.url}/cuenta/circulares")
    found(hospital, "link", "Seguimiento", described="CIRCULAR No. 0014-2026")
    hospital.goto(f"{live_server.url}/contratos/{demo_portal['contrato']}")
    found(hospital, "link", "Cambiar", described="Documentos de las solicitudes de pago")

    ana = as_user("ana.contratista")
    ana.goto(f"{live_server.url}/contratos/{demo_portal['contrato']}")
    found(ana, "button", "Registro").click()
    found(ana, "button", "Validar", described="CUFE")
    ana.get_by_label("No", exact=True).check()
    found(ana, "button", "Continuar").click()
    expect(ana.get_by_role("heading", name="Valores", exact=True)).to_be_visible()
    found(ana, "button", "Continuar").click()
    report = ana.get_by_role("region", name="Informe de actividades", exact=True)
    path = tmp_path / "informe.pdf"
    path.write_bytes(PDF)
    report.get_by_label("Archivo: Informe de actividades").set_input_files(str(path))
    found(report, "button", "Anexar documento", described="Informe de actividades").click()
    expect(report.get_by_text("Documento anexo")).to_be_visible()
    found(report, "button", "Borrar documento", described="Informe de actividades")
