"""On phones, with and without JavaScript, two people at once: Ana sends the month's cuenta de cobro with a ZIP,
Luis rejects it with a reason, Ana reads the reason in the email, edits the same request and sends it again, Luis
approves it with the reviewer's values (a mistake first, corrected) and marks it paid, both see the values and the
history, and Ana begins the next month by mistake and discards it. Mail comes through a real SMTP server."""
import re
import time

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from tests.helpers.account_journey import label
from tests.helpers.browser_sessions import sign_in
from tests.helpers.htmx_wait import settled
from tests.helpers.mail import text_part
from tests.helpers.payments import PDF, good_zip
from wizard import demo
from wizard.extensions import db
from wizard.models import Contract, User
from wizard.payments import rules


@pytest.fixture
def files(tmp_path):
    (tmp_path / "soportes-diciembre.zip").write_bytes(good_zip())
    (tmp_path / "planilla.pdf").write_bytes(PDF)
    (tmp_path / "cuenta-de-cobro.pdf").write_bytes(PDF)
    return tmp_path


def mail_about(smtp_server, words: str, timeout: float = 15):
    """The first message whose subject has these words, waiting for it as a person waits for their inbox."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_server.messages:
            if words in str(message["Subject"]):
                return message
        time.sleep(0.1)
    raise AssertionError(f"no llegó el correo «{words}»: {[str(m['Subject']) for m in smtp_server.messages]}")


def link_in(message) -> str:
    return re.search(r"http://\S+/pagos/\d+", text_part(message)).group(0)


def attach(page: Page, name: str, path, js: bool) -> None:
    page.get_by_label(f"Archivo: {name}").set_input_files(str(path))
    page.get_by_role("region", name=name).get_by_role("button", name="Anexar documento", exact=True).click()
    if js:
        settled(page)
    expect(page.get_by_role("region", name=name).get_by_text("Documento anexo")).to_be_visible()


def continue_(page: Page, js: bool, heading: str) -> None:
    page.get_by_role("button", name="Continuar", exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    if js:
        settled(page)


def send_the_months_cuenta_de_cobro(page: Page, live_server, contract_id: int, files, js: bool) -> None:
    page.goto(f"{live_server.url}/contratos/{contract_id}#plan-de-pagos")
    expect(page.get_by_role("heading", name="Plan de pagos")).to_be_visible()
    expect(page.get_by_role("button", name="Crear")).to_be_visible()
    page.get_by_role("button", name="Registro").first.click()
    expect(page.get_by_role("heading", name="Factura o cuenta de cobro")).to_be_visible()
    page.get_by_role("group", name="¿Está obligado a facturar electrónicamente?").get_by_label("No").check()
    continue_(page, js, "Valores")
    expect(page.get_by_text("Fecha de emisión")).to_be_visible()
    expect(label(page, "Valor neto")).to_have_value("$ 3.000.000")
    continue_(page, js, "Anexar documentos")
    attach(page, "Informe de actividades", files / "soportes-diciembre.zip", js)
    attach(page, "Planilla de pago de seguridad social", files / "planilla.pdf", js)
    attach(page, "Cuenta de cobro", files / "cuenta-de-cobro.pdf", js)
    label(page, "Número de planilla").fill("9876543210")
    label(page, "Fecha de pago").fill("2026-11-10")
    continue_(page, js, "Confirmar")
    expect(page.get_by_text("informe-noviembre.pdf", exact=False).first).to_be_attached()
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_role("heading", name="Solicitud de pago enviada")).to_be_visible()
    expect(page.get_by_text("Número de radicación")).to_be_visible()
    expect(page.get_by_text("Enviado a la entidad estatal")).to_be_visible()


def approve_with_the_reviewers_values(page: Page, js: bool) -> None:
    """"Aprobar": the confirmation proposes each value; a value above the total is refused on its field with
    everything typed kept, then corrected and approved."""
    page.get_by_role("button", name="Aprobar").click()
    expect(page.get_by_text("La aprobación no se puede deshacer")).to_be_visible()
    expect(label(page, "Fecha de recepción original")).to_have_value(rules.today().isoformat())
    expect(label(page, "Valor a pagar")).to_have_value("$ 3.000.000")
    expect(label(page, "% amortización de anticipo")).to_have_value("0")
    expect(label(page, "Código de registro presupuestal")).to_have_value(re.compile(r"^RP-"))
    label(page, "Código de registro presupuestal").fill("RP-2026-0045-A")
    label(page, "Valor a pagar").fill("3.100.000")
    label(page, "% amortización de anticipo").fill("5")
    page.get_by_role("button", name="Confirmar y aprobar").click()
    if js:
        settled(page)
    expect(page.locator("#valor_a_pagar-error")).to_contain_text("no puede ser mayor que el valor total")
    expect(page.get_by_role("alert")).to_contain_text("Valor a pagar")
    expect(label(page, "Código de registro presupuestal")).to_have_value("RP-2026-0045-A")  # nothing typed is lost
    expect(label(page, "% amortización de anticipo")).to_have_value("5")
    expect(page.locator(".badge.pay-aprobado")).to_have_count(0)
    label(page, "Valor a pagar").fill("2.850.000")
    page.get_by_role("button", name="Confirmar y aprobar").click()
    expect(page.locator(".badge.pay-aprobado").first).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="aprobada")).to_contain_text("valor a pagar $ 2.850.000")


def discard_a_draft_begun_by_mistake(page: Page, live_server, contract_id: int, js: bool) -> None:
    """Ana taps "Registro" on the next month too early, then discards it: the month offers "Registro" again."""
    page.goto(f"{live_server.url}/contratos/{contract_id}#plan-de-pagos")
    registro = page.get_by_role("button", name="Registro")
    expect(registro).to_have_count(1)
    month = registro.get_attribute("aria-describedby")
    registro.click()
    page.get_by_role("group", name="¿Está obligado a facturar electrónicamente?").get_by_label("No").check()
    continue_(page, js, "Valores")
    page.get_by_role("button", name="Descartar solicitud").click()
    expect(page.get_by_role("heading", name="¿Descartar la solicitud de pago?")).to_be_visible()
    page.get_by_role("button", name="Confirmar y descartar solicitud").click()
    expect(page.get_by_role("status").filter(has_text="Se descartó la solicitud de pago")).to_contain_text(
        "vuelve a ofrecer «Registro»")
    expect(page.get_by_role("heading", name="Plan de pagos")).to_be_visible()
    again = page.get_by_role("button", name="Registro")
    expect(again).to_have_count(1)
    assert again.get_attribute("aria-describedby") == month  # the same month, free again
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])
def test_ana_and_luis_go_round_the_payment_cycle_on_their_phones(js, browser, browser_context_args, live_server,
                                                                 smtp_server, files):
    with live_server.app.app_context():
        demo.load()
        ana = db.session.scalar(select(User.id).where(User.username == "ana.contratista"))
        luis = db.session.scalar(select(User.id).where(User.username == "luis.supervisor"))
        contract_id = db.session.scalar(select(Contract.id).where(Contract.number == "ESE-CPS-045-2026"))
    contexts = [browser.new_context(**browser_context_args, java_script_enabled=js) for _ in range(2)]
    try:
        ana_page, luis_page = (context.new_page() for context in contexts)
        for page in (ana_page, luis_page):
            page.set_default_timeout(10_000)
        sign_in(contexts[0], live_server, ana)
        sign_in(contexts[1], live_server, luis)

        send_the_months_cuenta_de_cobro(ana_page, live_server, contract_id, files, js)
        sent = mail_about(smtp_server, "Nueva solicitud de pago")
        assert sent["To"] == "luis.contreras@hospitalpamplona.example" or "@" in sent["To"]

        luis_page.goto(f"{live_server.url}/cuenta/escritorio")
        card = luis_page.get_by_role("region", name="Pagos por revisar")
        expect(card).to_contain_text("1")
        card.get_by_role("link", name="Pagos por revisar", exact=True).click()
        expect(luis_page.get_by_role("heading", name="Pagos por revisar")).to_be_visible()
        expect(luis_page.get_by_text("Enviado por el Proveedor")).to_be_visible()
        luis_page.get_by_role("link", name=re.compile("Pago 0")).click()
        expect(luis_page.get_by_text("evidencias/foto-turno.pdf", exact=False)).to_be_attached()
        luis_page.get_by_role("button", name="Rechazar").click()
        label(luis_page, "Motivo del rechazo").fill("El informe de actividades no tiene la firma del supervisor")
        luis_page.get_by_role("button", name="Rechazar").click()
        expect(luis_page.get_by_role("note")).to_contain_text("Motivo del rechazo: El informe")

        rejected = mail_about(smtp_server, "rechazada")
        assert "no tiene la firma del supervisor" in text_part(rejected)
        ana_page.goto(link_in(rejected))
        expect(ana_page.get_by_role("note")).to_contain_text("El informe de actividades no tiene la firma del supervisor")
        ana_page.get_by_role("button", name="Editar").click()
        expect(ana_page.get_by_role("heading", name="Editar la solicitud de pago")).to_be_visible()
        expect(ana_page.get_by_role("note")).to_contain_text("no tiene la firma del supervisor")
        if js:
            settled(ana_page)
        continue_(ana_page, js, "Valores")
        label(ana_page, "Notas").fill("Informe firmado por el supervisor")
        continue_(ana_page, js, "Anexar documentos")
        attach(ana_page, "Informe de actividades", files / "soportes-diciembre.zip", js)
        continue_(ana_page, js, "Confirmar")
        ana_page.get_by_role("button", name="Enviar").click()
        expect(ana_page.get_by_text("Número de radicación")).to_be_visible()

        again = mail_about(smtp_server, "corregida")
        luis_page.goto(link_in(again))
        approve_with_the_reviewers_values(luis_page, js)
        approved = mail_about(smtp_server, "aprobada")
        assert "valor a pagar $ 2.850.000" in str(approved["Subject"])
        assert "Valor total de la solicitud: $ 3.000.000" in text_part(approved)
        luis_page.get_by_role("button", name="Marcar como pagado").click()
        label(luis_page, "Fecha real de pago").fill(rules.today().isoformat())
        luis_page.get_by_role("button", name="Confirmar y marcar como pagado").click()
        expect(luis_page.locator(".badge.pay-pagado").first).to_have_text("Pagado")
        mail_about(smtp_server, "pagada")

        for page in (ana_page, luis_page):
            page.goto(link_in(again))
            history = page.get_by_role("region", name="Historial de la solicitud")
            for words in ("Envío a la entidad estatal", "Rechazo", "Reenvío a la entidad estatal", "Aprobación",
                          "no tiene la firma del supervisor"):
                expect(history).to_contain_text(words)
            approval = page.get_by_role("region", name="Aprobación")
            for words in ("RP-2026-0045-A", "$ 2.850.000", "5 %", rules.today().strftime("%d/%m/%Y")):
                expect(approval).to_contain_text(words)
            expect(history).to_contain_text("Valor a pagar: $ 2.850.000")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        expect(ana_page.get_by_role("button", name="Editar")).to_have_count(0)
        expect(ana_page.get_by_role("button", name="Descartar solicitud")).to_have_count(0)

        discard_a_draft_begun_by_mistake(ana_page, live_server, contract_id, js)
    finally:
        for context in contexts:
            context.close()


def test_the_payment_pages_have_no_accessibility_violations_and_fit_a_phone(page, live_server):
    from tests.helpers.axe import violations
    from tests.helpers.payments import make_request
    from wizard.models import PaymentRequest

    with live_server.app.app_context():
        demo.load()
        ana = db.session.scalar(select(User.id).where(User.username == "ana.contratista"))
        luis = db.session.scalar(select(User.id).where(User.username == "luis.supervisor"))
        contract = db.session.get(Contract, db.session.scalar(select(Contract.id).where(
            Contract.number == "ESE-CPS-045-2026")))
        editing = make_request(contract.id, ana, instalment=12, total=3_000_000)
        paid = db.session.scalar(select(PaymentRequest.id).where(PaymentRequest.contract_id == contract.id,
                                                                 PaymentRequest.state == "pagado"))
        cuota = contract.instalments[-2].id
        contract_id = contract.id
    sign_in(page.context, live_server, ana)
    for path in [f"/contratos/{contract_id}", f"/contratos/{contract_id}/pagos/nuevo?cuota={cuota}",
                 f"/pagos/{editing}/factura", f"/pagos/{editing}/valores", f"/pagos/{editing}/documentos",
                 f"/pagos/{editing}/confirmar", f"/pagos/{editing}/descartar", f"/pagos/{paid}"]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    with live_server.app.app_context():
        from wizard.models.payments import FLOW
        found = db.session.get(PaymentRequest, editing)
        FLOW.apply(found, "enviar", ana, values={"filing_number": "PP-2026-999999", "sent_at": found.created_at})
        db.session.commit()
    page.context.clear_cookies()
    sign_in(page.context, live_server, luis)
    for path in ["/cuenta/escritorio", "/entidad/pagos", f"/pagos/{editing}", f"/pagos/{editing}/aprobar",
                 f"/pagos/{editing}/rechazar"]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


@pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])
def test_the_hospital_asks_for_evidencias_and_anas_next_request_asks_for_them(js, browser, browser_context_args,
                                                                             live_server):
    from tests.helpers.axe import violations

    with live_server.app.app_context():
        demo.load()
        admin = db.session.scalar(select(User.id).where(User.username == "hospital.admin"))
        ana = db.session.scalar(select(User.id).where(User.username == "ana.contratista"))
        contract_id = db.session.scalar(select(Contract.id).where(Contract.number == "ESE-CPS-045-2026"))
    contexts = [browser.new_context(**browser_context_args, java_script_enabled=js) for _ in range(2)]
    try:
        admin_page, ana_page = (context.new_page() for context in contexts)
        for page in (admin_page, ana_page):
            page.set_default_timeout(10_000)
        sign_in(contexts[0], live_server, admin)
        sign_in(contexts[1], live_server, ana)
        admin_page.goto(f"{live_server.url}/contratos/{contract_id}")
        admin_page.get_by_role("region", name="7. Ejecución del contrato").get_by_role("link", name="Cambiar", exact=True).click()
        expect(admin_page.get_by_role("heading", name="Documentos de las solicitudes de pago")).to_be_visible()
        group = admin_page.get_by_role("group", name="Con cada solicitud de pago")
        expect(group.get_by_label("Informe de actividades")).to_be_checked()
        if js:  # axe runs in the page
            assert violations(admin_page) == []
            assert admin_page.evaluate("document.documentElement.scrollWidth") <= 390
        group.get_by_label("Evidencias del trabajo").check()
        admin_page.get_by_role("button", name="Guardar").click()
        expect(admin_page.get_by_role("status").filter(has_text="Se guardaron los documentos")).to_be_visible()
        expect(admin_page.locator("#ejecucion")).to_contain_text("Evidencias del trabajo")

        ana_page.goto(f"{live_server.url}/contratos/{contract_id}#plan-de-pagos")
        ana_page.get_by_role("button", name="Registro").first.click()
        ana_page.get_by_role("group", name="¿Está obligado a facturar electrónicamente?").get_by_label("No").check()
        continue_(ana_page, js, "Valores")
        continue_(ana_page, js, "Anexar documentos")
        for name in ("Informe de actividades", "Planilla de pago de seguridad social", "Evidencias del trabajo",
                     "Cuenta de cobro"):
            expect(ana_page.get_by_role("region", name=name)).to_be_visible()
        ana_page.get_by_role("button", name="Continuar", exact=True).click()
        expect(ana_page.get_by_role("alert")).to_contain_text("Evidencias del trabajo")
    finally:
        for context in contexts:
            context.close()


def ana_signed_in_with_her_contract(page, live_server) -> int:
    """The demo loaded and Ana signed in on this page; her contract ESE-CPS-045-2026's id."""
    with live_server.app.app_context():
        demo.load()
        ana = db.session.scalar(select(User.id).where(User.username == "ana.contratista"))
        contract_id = db.session.scalar(select(Contract.id).where(Contract.number == "ESE-CPS-045-2026"))
    page.set_default_timeout(10_000)
    sign_in(page.context, live_server, ana)
    return contract_id


def test_back_after_enviar_shows_the_request_as_sent_not_a_stale_confirmar_page(page, live_server, files):
    """With htmx, Back after «Enviar» restored htmx's copy of «Confirmar»: «En edición» with «Enviar» and «Descartar
    solicitud» on a request already sent. Back now asks the server."""
    contract_id = ana_signed_in_with_her_contract(page, live_server)
    send_the_months_cuenta_de_cobro(page, live_server, contract_id, files, js=True)
    page.go_back()
    expect(page.get_by_text("Enviado a la entidad estatal").first).to_be_visible()
    expect(page.get_by_text("ya no se puede cambiar")).to_be_visible()
    expect(page.get_by_role("button", name="Enviar")).to_have_count(0)
    expect(page.get_by_role("button", name="Descartar solicitud")).to_have_count(0)


def test_back_after_discarding_says_the_request_is_discarded_not_a_stale_confirmation(page, live_server):
    contract_id = ana_signed_in_with_her_contract(page, live_server)
    discard_a_draft_begun_by_mistake(page, live_server, contract_id, js=True)
    page.go_back()
    expect(page.get_by_text("ya estaba descartada")).to_be_visible()
    expect(page.get_by_role("button", name="Confirmar y descartar solicitud")).to_have_count(0)


@pytest.mark.parametrize("js", [True, False], ids=["con-javascript", "sin-javascript"])
def test_luis_works_through_his_requests_one_after_another_on_his_phone(js, browser, browser_context_args,
                                                                       live_server):
    """Forty requests on the days he approves: after each «Aprobar» or «Rechazar», «Siguiente solicitud por
    revisar» is on the screen (no scrolling, no going back to the list), and the last one says none is left."""
    from tests.helpers.payments import make_request
    from wizard.models import PaymentRequest

    with live_server.app.app_context():
        demo.load()
        helena = db.session.scalar(select(User.id).where(User.username == "hhadmin"))
        luis = db.session.scalar(select(User.id).where(User.username == "luis.supervisor"))
        contract_id = db.session.scalar(select(Contract.id).where(Contract.number == "ESE-SUM-012-2026"))
        numbers = []
        for _ in range(3):
            made = make_request(contract_id, helena, total=1_000_000, state="enviado", invoices=True)
            numbers.append(db.session.get(PaymentRequest, made).number)
    context = browser.new_context(**browser_context_args, java_script_enabled=js)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(context, live_server, luis)
        page.goto(f"{live_server.url}/entidad/pagos")
        expect(page.get_by_text("3 solicitudes por revisar.")).to_be_visible()
        page.get_by_role("link", name=re.compile(numbers[0])).click()
        page.get_by_role("button", name="Aprobar").click()
        page.get_by_role("button", name="Confirmar y aprobar").click()
        expect(page.locator(".badge.pay-aprobado").first).to_be_visible()
        following = page.get_by_role("link", name="Siguiente solicitud por revisar")
        expect(following).to_be_in_viewport()
        following.click()
        expect(page.get_by_role("heading", name=f"Solicitud de pago {numbers[1]}")).to_be_visible()
        page.get_by_role("button", name="Rechazar").click()
        label(page, "Motivo del rechazo").fill("Falta la firma del informe")
        page.get_by_role("button", name="Rechazar").click()
        expect(page.locator(".badge.pay-rechazado").first).to_be_visible()
        expect(following).to_be_in_viewport()
        following.click()
        expect(page.get_by_role("heading", name=f"Solicitud de pago {numbers[2]}")).to_be_visible()
        page.get_by_role("button", name="Aprobar").click()
        page.get_by_role("button", name="Confirmar y aprobar").click()
        expect(page.locator(".badge.pay-aprobado").first).to_be_visible()
        expect(page.get_by_text("No quedan solicitudes por revisar")).to_be_in_viewport()
        expect(following).to_have_count(0)
    finally:
        context.close()
