"""The circulars' SQL on PostgreSQL: the states read from the facts, the funnel, search, reminders' claims."""
from datetime import timedelta

from sqlalchemy import select

from tests.circulars.conftest import make_circular, recipient
from tests.helpers.factories import PASSWORD, make_account, make_user
from tests.helpers.pages import check_page
from wizard import create_app
from wizard.circulars import follow, service
from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import AccountKind, Circular, CircularRecipient


def test_states_search_reminders_and_the_generic_link_behave_on_postgresql(postgres_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        admin = make_user(full_name="Edith Rojas", username="edith.pg", password=PASSWORD)
        hospital = make_account(admin, name="Hospital Pg E.S.E.", kind=AccountKind.ENTIDAD_ESTATAL,
                                organization_type="esal")
        cid = make_circular(hospital, admin, [("Ana Pg", "1094265871", "ana@correo.example"),
                                              ("Jorge Pg", "1094789012", "Jorge@correo.example"),
                                              ("Carlos Pg", "88251234", "carlos@correo.example")])
        make_account(make_user(email="ana@correo.example"), nit="1094265871", organization_type="persona_natural_colombiana")
        make_user(email="jorge@correo.example", activated=False)
        assert follow.counts(cid) == {"sin_registrarse": 1, "registrado": 1, "activado": 0, "cuenta": 1}
        assert [r.recipient.name for r in follow.rows(follow.listing(cid, q="jorge"))] == ["Jorge Pg"]
        assert [r.recipient.name for r in follow.rows(follow.listing(cid, q="1.094.265.871"))] == ["Ana Pg"]
        assert follow.count(cid, "", "\x00") == 3  # a NUL (which PostgreSQL refuses) is no search at all
        circular = db.session.get(Circular, cid)
        ids = follow.ids(cid)
        outcome = service.remind(circular, admin, ids)
        assert sorted(outcome.sent) == ["Carlos Pg", "Jorge Pg"] and outcome.done == ["Ana Pg"]
        assert service.remind(db.session.get(Circular, cid), admin, ids).sent == []
        row = recipient(cid, "88251234")
        row.reminded_at = utcnow() - timedelta(days=4)
        db.session.commit()
        assert service.remind(db.session.get(Circular, cid), admin, ids).sent == ["Carlos Pg"]
        token = circular.public_token
    client = app.test_client()
    client.get(f"/circular/{token}")
    response = client.post("/registro/", data={
        "full_name": "Diana Pg", "country": "CO", "email": "diana@correo.example", "username": "diana.pg",
        "password": "Clave2026segura", "confirm": "Clave2026segura", "security_question": "mascota",
        "security_answer": "Firulais", "mobile_phone": "300 123 4567", "timezone": "America/Bogota"})
    check_page(response, 303, "/registro/confirmar")
    with app.app_context():
        row = db.session.scalar(select(CircularRecipient).where(CircularRecipient.listed.is_(False)))
        assert row.name == "Diana Pg" and row.number is None
        assert follow.counts(cid)["registrado"] == 2
        db.session.remove()
        db.engine.dispose()
