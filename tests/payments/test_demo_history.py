"""The demo's paid months read as a real contract's: each request's history happened on the days its page shows
(sent on its issue day, paid on its «Fecha real de pago»), and the contract was registered before any of them.
Every row of those histories said «06/12/2026 02:35 AM», the moment `make run` loaded them, under a request «Enviada
28/02/2026» and «Fecha real de pago 10/03/2026»."""
import re

from sqlalchemy import select

from tests.helpers.pages import check_page
from wizard import demo
from wizard.extensions import db
from wizard.models import Contract, PaymentRequest, User
from wizard.payments import rules


def _days(html: str, heading: str) -> list[str]:
    section = html[html.index(heading):]
    return re.findall(r"(\d\d/\d\d/\d{4}) \d\d:\d\d [AP]M ·", section)


def test_the_demo_histories_happened_on_the_days_their_pages_show(app, login_as):
    with app.app_context():
        demo.load()
        ana = db.session.scalar(select(User.id).where(User.username == "ana.contratista"))
        contract = db.session.scalar(select(Contract).where(Contract.number == "ESE-CPS-045-2026"))
        first = db.session.scalar(select(PaymentRequest).where(PaymentRequest.contract_id == contract.id)
                                  .order_by(PaymentRequest.id))
        contract_id, first_id = contract.id, first.id
        issued, paid = first.issued_on.strftime("%d/%m/%Y"), first.paid_on.strftime("%d/%m/%Y")
        signed = contract.signed_on.strftime("%d/%m/%Y")
    assert rules.today().strftime("%d/%m/%Y") not in (issued, paid)  # the demo's first month is long gone
    client = login_as(ana)
    request_page = check_page(client.get(f"/pagos/{first_id}"))
    assert issued in request_page and paid in request_page
    # newest first: paid, approved, sent, created
    history = _days(request_page, "Historial de la solicitud")
    assert history[0] == paid and history[-2:] == [issued, issued], history
    contract_page = check_page(client.get(f"/contratos/{contract_id}"))
    assert _days(contract_page, "Historial del contrato")[-1] == signed
