"""An account with thousands of users: the Escritorio and the user list stay a handful of queries."""
import secrets
from contextlib import contextmanager

import pytest
from sqlalchemy import event, insert, select

from tests.helpers.factories import make_account, make_user
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Membership, Role, State, User
from wizard.dbtypes import utcnow

MEMBERS, PENDING = 2000, 300


@pytest.fixture
def crowd(app):
    """One administrator and 2,000 members, 300 of them pending, inserted in bulk."""
    with app.app_context():
        admin = make_user(full_name="Admin Multitud")
        account = make_account(admin, name="Multitud S.A.S.")
        now = utcnow()
        db.session.execute(insert(User), [
            {"session_id": secrets.token_urlsafe(16), "full_name": f"Persona {n}", "email": f"p{n}@multitud.example",
             "email_key": f"p{n}@multitud.example", "username": f"p{n}", "username_key": f"p{n}",
             "password_hash": "x", "security_question": "mascota", "security_answer_hash": "x",
             "mobile_phone": "+573000000000", "created_at": now} for n in range(MEMBERS)])
        ids = db.session.scalars(select(User.id).where(User.email_key.like("%@multitud.example"))).all()
        db.session.execute(insert(Membership), [
            {"user_id": user_id, "account_id": account, "role": Role.USER,
             "state": State.PENDIENTE if n < PENDING else State.ACEPTADO, "requested_at": now,
             "accepted_at": None if n < PENDING else now, "state_changed_at": now, "version": 1}
            for n, user_id in enumerate(ids)])
        db.session.commit()
    return admin, account


@contextmanager
def counting(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.mark.parametrize("url", ["/cuenta/escritorio", "/cuenta/escritorio?page=15", "/cuenta/usuarios",
                                 "/cuenta/usuarios?estado=pendiente&page=3", "/cuenta/usuarios?q=persona%201"])
def test_a_page_of_a_crowded_account_costs_a_bounded_number_of_queries(app, crowd, login_as, url):
    client = login_as(crowd[0], crowd[1])
    client.get(url)  # warm up
    with counting(app) as statements:
        html = check_page(client.get(url))
    assert len(statements) <= 8, "\n".join(statements)
    if "escritorio" in url:
        assert html.count("está solicitando acceso") == 20 and "de 15" in html
    else:
        assert html.count('type="checkbox"') == 25


def test_accepting_a_whole_page_of_requests_costs_a_bounded_number_of_queries(app, crowd, login_as):
    client = login_as(crowd[0], crowd[1])
    with app.app_context():
        ids = db.session.scalars(select(Membership.id).where(Membership.state == State.PENDIENTE).limit(25)).all()
    with counting(app) as statements:
        check_page(client.post("/cuenta/usuarios/acciones", data={"accion": "aceptar", "ids": ids}), 303)
    # one conditional UPDATE and one history row per membership, one email each; the rest is constant
    assert len(statements) <= 25 * 3 + 12
