"""The access rules on PostgreSQL: conditional updates, the last-administrator subquery, the list's search."""
import threading

from sqlalchemy import select

from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard import create_app
from wizard.access import service
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Membership, Role, State, User
from wizard.models.memberships import FLOW


def test_decisions_races_and_the_last_administrator_rule_hold_on_postgresql(postgres_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        admin = make_user(full_name="Admin Pg")
        second = make_user(full_name="Segunda Pg")
        account = make_account(admin, name="Cuenta Pg S.A.S.")
        add_member(second, account, role=Role.ADMIN, state=State.ACEPTADO)
        pending = [add_member(make_user(full_name=f"José Pendiente {n}"), account) for n in range(6)]
        own = db.session.scalar(select(Membership.id).where(Membership.user_id == admin))
        other = db.session.scalar(select(Membership.id).where(Membership.user_id == second))

    outcomes, errors = [], []

    def decide(actor, action):  # two administrators, two threads, the same six requests at once
        try:
            with app.app_context():
                outcomes.append(service.apply(action, pending, actor, account, {m: 1 for m in pending}))
        except Exception as exc:  # noqa: BLE001 - the test asserts there is none
            errors.append(exc)

    threads = [threading.Thread(target=decide, args=(admin, "aceptar")),
               threading.Thread(target=decide, args=(second, "rechazar"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(len(o.changed) for o in outcomes) in ([0, 6], [1, 5], [2, 4], [3, 3])
    assert sum(len(o.changed) for o in outcomes) == 6
    assert all(reason == service.STALE for o in outcomes for _, _, reason in o.refused)

    with app.app_context():
        result = service.apply("cancelar", [own, other], admin, account)
        assert len(result.changed) == 1 and result.refused[0][2] == service.LAST_ADMIN
        assert service.accepted_admin_count(account) == 1
        session_id = db.session.get(User, second).session_id
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["account_id"] = session_id, account
    html = check_page(client.get("/cuenta/usuarios?q=josé pendiente 3"))
    assert "José Pendiente 3" in html and "José Pendiente 4" not in html
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_two_administrators_removing_each_other_at_once_leave_one_on_postgresql(postgres_url, monkeypatch):
    """Each checks 'another administrator remains' while the other's change is not yet committed (write skew)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        first, second = make_user(full_name="Primera Pg"), make_user(full_name="Segundo Pg")
        account = make_account(first, name="Dos Admins S.A.S.")
        add_member(second, account, role=Role.ADMIN, state=State.ACEPTADO)
        memberships = {u: db.session.scalar(select(Membership.id).where(Membership.user_id == u))
                       for u in (first, second)}

    record, barrier = FLOW.record, threading.Barrier(2, timeout=3)

    def record_then_wait(*args, **kwargs):  # both changes written, neither committed: the worst moment
        record(*args, **kwargs)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(FLOW, "record", record_then_wait)
    for how in ("cancelar", "quitar"):
        errors = []

        def remove(actor, target):
            try:
                with app.app_context():
                    if how == "cancelar":
                        service.apply("cancelar", [memberships[target]], actor, account)
                    else:
                        service.remove_admin(memberships[target], actor, account)
            except Refused:
                pass  # the second one is told; that is the point
            except Exception as exc:  # noqa: BLE001 - the test asserts there is none
                errors.append(exc)

        barrier.reset()
        threads = [threading.Thread(target=remove, args=(first, second)),
                   threading.Thread(target=remove, args=(second, first))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert errors == []
        with app.app_context():
            assert service.accepted_admin_count(account) == 1, how
            db.session.execute(Membership.__table__.update().where(Membership.account_id == account)
                               .values(state=State.ACEPTADO, role=Role.ADMIN))
            db.session.commit()
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_a_nul_character_in_the_users_search_is_ignored_on_postgresql(postgres_url):
    """q=%00 in "Administración de usuarios": PostgreSQL refuses a NUL in a query, so it never gets there."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        admin = make_user(full_name="Admin Pg")
        account = make_account(admin, name="Cuenta Pg S.A.S.")
        add_member(make_user(full_name="Nora Pendiente"), account)
        session_id = db.session.get(User, admin).session_id
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["account_id"] = session_id, account
    assert "Nora Pendiente" in check_page(client.get("/cuenta/usuarios?q=%00"))
    assert "Nora Pendiente" in check_page(client.get("/cuenta/usuarios?q=no%00ra"))
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_an_account_name_of_200_characters_fits_every_email_subject(postgres_url):
    """The name goes into the subjects of the request, acceptance and invitation emails (outbox.subject is 200)."""
    from wizard.models import OutboxMessage

    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False})
    name = "Constructora " + "Ñ" * 180 + " S.A.S."
    assert len(name) == 200
    with app.app_context():
        db.create_all()
        admin = make_user(full_name="Admin Pg")
        account = make_account(admin, name=name)
        asker = make_user(full_name="Quien Pide")
        sessions = {u: db.session.get(User, u).session_id for u in (admin, asker)}

    def client_of(user_id):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"], session["account_id"] = sessions[user_id], account
        return client

    check_page(client_of(asker).post(f"/cuenta/{account}/solicitud/finalizar"), 303)
    with app.app_context():
        membership = db.session.scalar(select(Membership.id).where(Membership.user_id == asker))
    admin_client = client_of(admin)
    check_page(admin_client.post("/cuenta/usuarios/acciones", data={"accion": "aceptar", "ids": membership}), 303)
    check_page(admin_client.post("/cuenta/usuarios/invitar", data={"correo": "nueva@correo.example"}), 303)
    with app.app_context():
        subjects = db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()
        db.session.remove()
        db.engine.dispose()
    assert len(subjects) == 3 and all(len(s) <= 200 for s in subjects)
    assert subjects[0].startswith("Solicitud de acceso a Constructora ÑÑÑ") and "…" in subjects[0]
    assert subjects[1].endswith("… fue aceptada")  # the name is shortened, not what the email says
    assert subjects[2].startswith("Invitación para unirse a Constructora") and subjects[2].endswith("… en SECOP")
