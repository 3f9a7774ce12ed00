"""Payment requests for tests: valid answers of each step, ZIPs (good and hostile), CUFEs, and a request walked
through the steps by a signed-in client as a contractor would."""
import io
import itertools
import zipfile

from sqlalchemy import select

from wizard import cufe
from wizard.extensions import db
from wizard.dbtypes import utcnow
from wizard.models import Contract, Instalment, PaymentRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_seq = itertools.count(1)
VALUES = {"vencimiento": "2026-12-31", "valor_neto": "3.000.000", "valor_total": "$ 3.000.000", "notas": "Pago de marzo"}
PAYROLL = {"planilla": "9876543210", "fecha_pago": "2026-11-10"}


def a_cufe(n: int | None = None) -> str:
    """A CUFE made by DIAN's rule for a made-up invoice (different for each n)."""
    n = next(_seq) if n is None else n
    return cufe.compute(f"FE-{n}", "2026-11-30", "10:00:00-05:00", "3000000.00", "0.00", "0.00", "0.00",
                        "3000000.00", "900544472", "1094265871", "clave-tecnica")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def good_zip() -> bytes:
    return zip_bytes({"informe-noviembre.pdf": PDF, "evidencias/foto-turno.pdf": PDF})


def upload(data: bytes, name: str) -> dict:
    return {"archivo": (io.BytesIO(data), name)}


def instalment_id(app, contract_id: int, number: int) -> int:
    with app.app_context():
        return db.session.scalar(select(Instalment.id).where(Instalment.contract_id == contract_id,
                                                             Instalment.number == number))


def start(client, contract_id: int, cuota: int | None = None, invoices: bool = False, **extra) -> int:
    """Step 1 passed: the new request's id."""
    data = {"factura": "si" if invoices else "no", "numero": "FE-77" if invoices else "",
            "cufe": a_cufe() if invoices else "", **extra}
    url = f"/contratos/{contract_id}/pagos/nuevo" + (f"?cuota={cuota}" if cuota else "")
    response = client.post(url, data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    return int(response.headers["Location"].split("/")[2])


def fill_values(client, payment_id: int, values: dict | None = None) -> None:
    """Step 2 passed with valid values."""
    response = client.post(f"/pagos/{payment_id}/valores", data=values or VALUES)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]


def fill(client, payment_id: int, invoices: bool = False, values: dict | None = None) -> None:
    """Steps 2 and 3 passed with valid answers and documents."""
    response = client.post(f"/pagos/{payment_id}/valores", data=values or VALUES)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    slots = ["informe", "planilla"] + ([] if invoices else ["cuenta-cobro"])
    for slot in slots:
        data = good_zip() if slot == "informe" else PDF
        response = client.post(f"/pagos/{payment_id}/documentos/{slot}",
                               data=upload(data, f"{slot}.zip" if slot == "informe" else f"{slot}.pdf"),
                               content_type="multipart/form-data")
        assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    response = client.post(f"/pagos/{payment_id}/documentos", data=PAYROLL)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]


def send(client, payment_id: int):
    return client.post(f"/pagos/{payment_id}/confirmar")


# What the reviewer's confirmation page proposes, as a plain browser sends it back.
def review_answers(app, payment_id: int, **changes) -> dict:
    with app.app_context():
        found = db.session.get(PaymentRequest, payment_id)
        answers = {"version": str(found.version), "fecha_recepcion": found.issued_on.isoformat(),
                   "rp": found.contract.rp, "valor_a_pagar": f"{found.total:,}".replace(",", "."),
                   "amortizacion": "0"}
    return {**answers, **changes}


def approve(app, client, payment_id: int, **changes):
    """"Confirmar y aprobar" with the proposed values (or `changes`)."""
    return client.post(f"/pagos/{payment_id}/aprobar", data=review_answers(app, payment_id, **changes))


def sent_request(client, contract_id: int, cuota: int | None = None, invoices: bool = False) -> int:
    payment_id = start(client, contract_id, cuota, invoices)
    fill(client, payment_id, invoices)
    assert send(client, payment_id).status_code == 303
    return payment_id


def state(app, payment_id: int) -> str:
    with app.app_context():
        return db.session.get(PaymentRequest, payment_id).state


def make_request(contract_id: int, actor_id: int, instalment: int | None = None, total: int = 3_000_000,
                 state: str = "en_edicion", reviewer_id: int | None = None, invoices: bool = False) -> int:
    """A request with its values (no documents) reached through the workflow, in the caller's app context."""
    from datetime import date

    from wizard.models.payments import FLOW
    from wizard.payments import rules

    contract = db.session.get(Contract, contract_id)
    instalment_id = contract.instalments[instalment - 1].id if instalment else None
    found = PaymentRequest(contract_id=contract_id, instalment_id=instalment_id, invoices=invoices,
                           number=f"FE-{next(_seq)}" if invoices else rules.proposed_number(len(contract.instalments)),
                           cufe=a_cufe() if invoices else None, issued_on=rules.today(),
                           due_on=rules.today(), net=total, total=total, payroll_number="123",
                           payroll_paid_on=date(2026, 11, 1), created_by_id=actor_id)
    FLOW.create(found, "crear", actor_id)
    path = {"en_edicion": [], "enviado": ["enviar"], "rechazado": ["enviar", "rechazar"],
            "aprobado": ["enviar", "aprobar"], "pagado": ["enviar", "aprobar", "pagar"]}[state]
    for code in path:
        values = {"filing_number": rules.filing_number(found.id, 2026), "sent_at": utcnow()} if code == "enviar" else {}
        if code == "aprobar":
            values = {"received_on": found.issued_on, "budget_record": contract.rp or "RP-1",
                      "amount_to_pay": found.total, "amortization_bp": 0}
        if code == "pagar":
            values = {"paid_on": rules.today()}
        FLOW.apply(found, code, actor_id if code == "enviar" else (reviewer_id or actor_id), values=values,
                   reason="Motivo de prueba" if code == "rechazar" else "")
        if code == "rechazar":
            found.rejection_reason = "Motivo de prueba"
    db.session.commit()
    return found.id
