"""Ana's demo payment requests on "ESE-CPS-045-2026": every month before the current one already "Pagado" (sent,
approved and paid through the workflow, with its documents), so the money picture and the history show a real
contract; the current month's instalment and the later ones stay open for "Registro"."""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, update

from wizard import storage
from wizard.extensions import db
from wizard.dbtypes import utcnow
from wizard.models import Contract, Document, PaymentEvent, PaymentRequest, User
from wizard.models.payments import FLOW
from wizard.payments import rules

NUMBER = "ESE-CPS-045-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONTRACTOR, SUPERVISOR = "ana.contratista", "luis.supervisor"


def _document(request_id: int, slot: str, name: str, user_id: int, at: datetime) -> None:
    key = storage.new_key()
    storage.backend().put(key, PDF, "application/pdf")
    db.session.add(Document(payment_request_id=request_id, slot=slot, storage_key=key, size=len(PDF),
                            original_name=name, content_type="application/pdf", uploaded_by_id=user_id,
                            uploaded_at=at))


def _at(day: date, hour: int) -> datetime:
    return min(datetime.combine(day, time(hour + 5), tzinfo=timezone.utc), utcnow())  # that hour in Bogotá


def _dated(request_id: int, when: dict[str, datetime]) -> None:
    """Each event of the request's history on the day it happened (the workflow writes them at load time)."""
    for action, moment in when.items():
        db.session.execute(update(PaymentEvent).where(PaymentEvent.payment_request_id == request_id,
                                                      PaymentEvent.action == action).values(created_at=moment))
    db.session.execute(update(PaymentRequest).where(PaymentRequest.id == request_id)
                       .values(created_at=when["crear"], state_changed_at=when["pagar"]))


def load(users: dict[str, User]) -> int:
    contract = db.session.scalar(select(Contract).where(Contract.number == NUMBER))
    if contract is None or db.session.scalar(select(PaymentRequest.id).where(PaymentRequest.contract_id == contract.id)):
        return 0
    ana, luis = users[CONTRACTOR], users[SUPERVISOR]
    today = rules.today()
    month_start = today.replace(day=1)
    past = [i for i in contract.instalments if i.due_on < month_start][:len(contract.instalments) - 1]
    for index, instalment in enumerate(past):
        issued = instalment.due_on
        paid_on = min(issued + timedelta(days=10), today)
        found = PaymentRequest(contract_id=contract.id, instalment_id=instalment.id, invoices=False,
                               number=rules.proposed_number(index), issued_on=issued,
                               due_on=issued + timedelta(days=rules.DUE_DAYS), net=instalment.value,
                               total=instalment.value, notes=f"Contrato {NUMBER}, pago de la cuota {instalment.number}",
                               payroll_number=f"{8800001000 + instalment.number}",
                               payroll_paid_on=issued - timedelta(days=5), created_by_id=ana.id)
        FLOW.create(found, "crear", ana.id)
        files = {"informe": f"informe-actividades-{index + 1:02d}.pdf", "planilla": f"planilla-pila-{index + 1:02d}.pdf",
                 "cuenta_cobro": f"cuenta-de-cobro-{index + 1:03d}.pdf"}
        for slot, name in files.items():
            _document(found.id, slot, name, ana.id, _at(issued, 8))
        sent = {"number": found.number, "cufe": "—", "due_on": found.due_on.isoformat(), "net": found.net,
                "total": found.total, "documents": list(files.values())}
        FLOW.apply(found, "enviar", ana.id, event={"values": sent},
                   values={"sent_at": _at(issued, 9), "filing_number": rules.filing_number(found.id, issued.year)})
        review = {"received_on": issued, "budget_record": contract.rp, "amount_to_pay": found.total,
                  "amortization_bp": 0}
        FLOW.apply(found, "aprobar", luis.id, values=review,
                   event={"values": {"total": found.total, **review, "received_on": issued.isoformat()}})
        FLOW.apply(found, "pagar", luis.id, values={"paid_on": paid_on},
                   event={"values": {"paid_on": paid_on.isoformat(), "total": found.total}})
        _dated(found.id, {"crear": _at(issued, 8), "enviar": _at(issued, 9),
                          "aprobar": _at(min(issued + timedelta(days=5), paid_on), 10), "pagar": _at(paid_on, 15)})
    return len(past)
