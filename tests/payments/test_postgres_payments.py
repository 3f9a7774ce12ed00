"""Payment requests on PostgreSQL, where it differs: the unique CUFE and one request per instalment enforced by the
database itself, the CHECKed states and money, and two supervisors (or a double tap) at the same instant."""
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.helpers.pages import check_page
from tests.helpers.payments import a_cufe, make_request
from tests.helpers.races import at_once
from wizard import create_app, demo
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Account, Contract, Membership, PaymentEvent, PaymentRequest, User
from wizard.payments import queries, service


def test_payment_requests_hold_on_postgresql(postgres_url, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False,
                      "UPLOAD_FOLDER": str(tmp_path)})
    with app.app_context():
        db.drop_all()
        db.create_all()
        demo.load()
        users = {u.username: u for u in db.session.scalars(select(User))}
        contract = db.session.scalar(select(Contract).where(Contract.number == "ESE-CPS-045-2026"))
        ana, luis = users["ana.contratista"], users["luis.supervisor"]
        ids = {"contract": contract.id, "ana": ana.id, "luis": luis.id, "luis_session": luis.session_id,
               "hospital": contract.account_id}
        code = a_cufe()
        first = make_request(contract.id, ana.id, instalment=12, total=1_000_000, state="enviado", invoices=True,
                             reviewer_id=luis.id)
        db.session.execute(text("UPDATE payment_requests SET cufe = :c WHERE id = :id"), {"c": code, "id": first})
        db.session.commit()
        with pytest.raises(IntegrityError):  # the same CUFE on another request, whatever the code checked
            db.session.add(PaymentRequest(contract_id=contract.id, invoices=True, cufe=code, issued_on=contract.starts_on,
                                          number="FE-2", notes="", payroll_number="", rejection_reason=""))
            db.session.flush()
        db.session.rollback()
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE payment_requests SET state = 'borrado' WHERE id = :id"), {"id": first})
        db.session.rollback()
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE payment_requests SET total = net - 1 WHERE id = :id"), {"id": first})
        db.session.rollback()
        with pytest.raises(IntegrityError):  # one request per planned instalment
            make_request(contract.id, ana.id, instalment=12)
        db.session.rollback()
        amounts = queries.amounts([contract.id])[contract.id]
        assert amounts.sent == 1_000_000 and amounts.paid == 3_000_000 * (amounts.paid // 3_000_000)
        membership = db.session.scalar(select(Membership).where(Membership.user_id == luis.id,
                                                                Membership.account_id == contract.account_id))
        assert [r.id for r in queries.to_review(membership, 1).items] == [first]
        version = db.session.get(PaymentRequest, first).version

    luis_client = app.test_client()
    with luis_client.session_transaction() as session:
        session["_user_id"], session["_fresh"], session["account_id"] = ids["luis_session"], True, ids["hospital"]
    assert "Enviado por el Proveedor" in check_page(luis_client.get("/entidad/pagos"))

    outcomes, start = [], threading.Barrier(2)

    def act(code):  # two supervisors at once: one approves, the other rejects
        with app.test_request_context():
            found = db.session.get(PaymentRequest, first)
            start.wait()
            try:
                if code == "aprobar":
                    review = {"received_on": found.issued_on, "budget_record": "RP-1",
                              "amount_to_pay": found.total, "amortization_bp": 0}
                    service.approve(found, ids["luis"], review, version)
                else:
                    service.reject(found, ids["luis"], "No corresponde", version)
                outcomes.append("ok")
            except Refused as refused:
                outcomes.append(refused.message)
            db.session.remove()

    at_once(lambda: act("aprobar"), lambda: act("rechazar"))
    assert outcomes.count("ok") == 1 and any("otra persona ya actuó" in o for o in outcomes)
    with app.app_context():
        decisions = db.session.scalars(select(PaymentEvent.action).where(
            PaymentEvent.payment_request_id == first, PaymentEvent.action.in_(["aprobar", "rechazar"]))).all()
        assert len(decisions) == 1
        db.session.remove()
        db.engine.dispose()


def test_two_requests_sent_at_once_cannot_add_up_to_more_than_the_contract(postgres_url, tmp_path):
    from wizard.models import Document
    from wizard.payments import rules

    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False,
                      "UPLOAD_FOLDER": str(tmp_path)})
    with app.app_context():
        db.drop_all()
        db.create_all()
        demo.load()
        contract = db.session.scalar(select(Contract).where(Contract.number == "ESE-CPS-045-2026"))
        ana = db.session.scalar(select(User).where(User.username == "ana.contratista"))
        left = contract.value - queries.others_total(contract.id, 0)
        ids = [make_request(contract.id, ana.id, total=left) for _ in range(2)]  # each alone would fit
        for payment_id in ids:
            for slot in rules.required_documents(False):
                db.session.add(Document(payment_request_id=payment_id, slot=slot, storage_key=f"k-{payment_id}-{slot}",
                                        size=1, original_name=f"{slot}.pdf", content_type="application/pdf",
                                        uploaded_by_id=ana.id))
        db.session.commit()
        ana_id, contract_id = ana.id, contract.id

    outcomes, start = [], threading.Barrier(2)

    def send(payment_id):
        with app.test_request_context():
            found = db.session.get(PaymentRequest, payment_id)
            found.contract.value  # loaded before the race, as a request's page would
            start.wait()
            try:
                service.send(found, ana_id)
                outcomes.append("ok")
            except Refused as refused:
                db.session.rollback()
                outcomes.append(refused.message)
            db.session.remove()

    at_once(*(lambda payment_id=payment_id: send(payment_id) for payment_id in ids))
    assert outcomes.count("ok") == 1, outcomes
    with app.app_context():
        sent = db.session.scalars(select(PaymentRequest.state).where(PaymentRequest.id.in_(ids))).all()
        assert sorted(sent) == ["en_edicion", "enviado"]
        assert queries.others_total(contract_id, 0) <= db.session.get(Contract, contract_id).value
        db.session.remove()
        db.engine.dispose()


def test_a_discarded_draft_frees_its_instalment_and_cufe_and_keeps_the_approved_values_on_postgresql(postgres_url,
                                                                                                      tmp_path):
    """The partial unique indexes and the reviewer's CHECKs as PostgreSQL enforces them."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False,
                      "UPLOAD_FOLDER": str(tmp_path)})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        demo.load()
        contract = db.session.scalar(select(Contract).where(Contract.number == "ESE-CPS-045-2026"))
        ana = db.session.scalar(select(User).where(User.username == "ana.contratista"))
        draft = make_request(contract.id, ana.id, instalment=12, invoices=True)
        code = db.session.get(PaymentRequest, draft).cufe
        service.discard(db.session.get(PaymentRequest, draft), ana.id, None)
        again = make_request(contract.id, ana.id, instalment=12, invoices=True)  # the same instalment...
        db.session.execute(text("UPDATE payment_requests SET cufe = :c WHERE id = :id"), {"c": code, "id": again})
        db.session.commit()  # ...and the same CUFE: the discarded one holds neither
        assert queries.for_instalment(contract.instalments[11].id).id == again
        with pytest.raises(IntegrityError):  # the live ones still hold theirs
            make_request(contract.id, ana.id, instalment=12)
        db.session.rollback()
        found = db.session.get(PaymentRequest, again)  # loaded with no "Número de radicación"...
        db.session.execute(text("UPDATE payment_requests SET filing_number = 'PP-X' WHERE id = :id"), {"id": again})
        assert found.filing_number is None
        with pytest.raises(Refused, match="no se puede descartar"):  # ...the guard reads the row as it is
            service.discard(found, ana.id, None)
        db.session.rollback()
        assert db.session.get(PaymentRequest, again).state == "en_edicion"
        paid = db.session.scalar(select(PaymentRequest.id).where(PaymentRequest.contract_id == contract.id,
                                                                 PaymentRequest.state == "pagado"))
        for statement in ("UPDATE payment_requests SET amount_to_pay = total + 1 WHERE id = :id",
                          "UPDATE payment_requests SET received_on = NULL WHERE id = :id"):
            with pytest.raises(IntegrityError):
                db.session.execute(text(statement), {"id": paid})
            db.session.rollback()
        db.session.remove()
        db.engine.dispose()
