"""Contracts on PostgreSQL: the lists' joins and searches, a correction's JSON changes, the CHECKed states, the
per-entity unique number, and two administrators correcting one contract at once (one wins, one is told)."""
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.helpers.contracts import make_contract
from tests.helpers.pages import check_page
from tests.helpers.races import at_once
from wizard import create_app, demo
from wizard.contracts import service
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Account, Contract, ContractEvent, User


def test_the_contracts_pages_and_rules_hold_on_postgresql(postgres_url, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False,
                      "UPLOAD_FOLDER": str(tmp_path)})
    with app.app_context():
        db.drop_all()
        db.create_all()
        demo.load()
        users = {u.username: u for u in db.session.scalars(select(User))}
        hospital = db.session.scalar(select(Account).where(Account.nit == "900544472"))
        ana = db.session.scalar(select(Account).where(Account.nit == "1094265871"))
        # corrected below: H&H's contract, as Ana's has payment requests (which forbid corrections)
        contract = db.session.scalar(select(Contract).where(Contract.number == "ESE-SUM-012-2026"))
        ids = {"admin": users["hospital.admin"].session_id, "ana": users["ana.contratista"].session_id,
               "hospital": hospital.id, "ana_account": ana.id, "contract": contract.id,
               "admin_id": users["hospital.admin"].id, "luis": users["luis.supervisor"].id}

    def client(session_id, account):
        c = app.test_client()
        with c.session_transaction() as session:
            session["_user_id"], session["_fresh"], session["account_id"] = session_id, True, account
        return c

    admin = client(ids["admin"], ids["hospital"])
    html = check_page(admin.get("/entidad/contratos?q=VILLAMIZAR%25_"))
    assert "No hay contratos" in html  # LIKE's wildcards are escaped
    html = check_page(admin.get(f"/entidad/contratos?q=villamizar&estado=en_ejecucion&supervisor={ids['luis']}"))
    assert "ESE-CPS-045-2026" in html and "Luis Fernando Contreras Jaimes" in html
    html = check_page(client(ids["ana"], ids["ana_account"]).get("/cuenta/mis-contratos"))
    assert "ESE-CPS-045-2026" in html and "E.S.E. Hospital San Juan de Dios de Pamplona" in html

    with app.test_request_context():
        row = db.session.get(Contract, ids["contract"])
        service.update(row, {"value": 30_000_000}, ids["admin_id"])
        event = db.session.scalars(select(ContractEvent).where(ContractEvent.contract_id == row.id)
                                   .order_by(ContractEvent.id.desc())).first()
        assert event.changes == {"value": [120_000_000, 30_000_000]}
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE contracts SET state = 'borrado' WHERE id = :id"), {"id": row.id})
        db.session.rollback()
        with pytest.raises(IntegrityError):
            make_contract(ids["hospital"], ids["admin_id"], ids["luis"], number="ese-cps-045-2026")
        db.session.rollback()
        seen = db.session.get(Contract, ids["contract"]).version

    outcomes = []

    def correct(cdp):  # two administrators save the same form at once
        with app.test_request_context():
            try:
                service.update(db.session.get(Contract, ids["contract"]), {"cdp": cdp}, ids["admin_id"], seen)
                outcomes.append("ok")
            except Refused as refused:
                outcomes.append(refused.message)
            db.session.remove()

    at_once(lambda: correct("CDP-A"), lambda: correct("CDP-B"))
    assert sorted(outcomes)[0].startswith("El contrato cambió") and sorted(outcomes)[1] == "ok"
    with app.app_context():
        assert db.session.get(Contract, ids["contract"]).cdp in ("CDP-A", "CDP-B")
        db.session.remove()
        db.engine.dispose()
