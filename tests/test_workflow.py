"""The workflow engine: a transition table as data, conditional writes, guards, history rows and CHECKed states."""
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Membership, MembershipEvent, Role, State
from wizard.models.memberships import FLOW
from wizard.workflow import Guard, transition


@pytest.fixture
def member(app):
    with app.app_context():
        admin = make_user(full_name="Ana Administradora")
        account = make_account(admin)
        return {"admin": admin, "account": account, "member": add_member(make_user(), account)}


def test_a_transition_leaves_only_from_its_sources_and_writes_one_event(app, member):
    with app.app_context():
        row = db.session.get(Membership, member["member"])
        with pytest.raises(Refused, match="ya fue atendida"):
            FLOW.apply(row, "cancelar", member["admin"], event={"role": row.role})  # pending is not accepted
        FLOW.apply(row, "rechazar", member["admin"], reason="No trabaja aquí", event={"role": row.role})
        db.session.commit()
        assert (row.state, row.version) == (State.RECHAZADO, 2)  # the loaded row follows the write
        events = db.session.scalars(select(MembershipEvent).where(MembershipEvent.membership_id == row.id)
                                    .order_by(MembershipEvent.id)).all()
        assert [(e.action, e.from_state, e.to_state, e.reason) for e in events] == [
            ("solicitar", None, "pendiente", ""), ("rechazar", "pendiente", "rechazado", "No trabaja aquí")]
        assert [e.action_label for e in events] == ["Solicitud de acceso", "Rechazar acceso"]
        assert (events[1].from_label, events[1].to_label) == ("Pendiente", "Rechazado")


def test_a_row_changed_since_it_was_loaded_is_refused_and_nothing_is_written(app, member):
    with app.app_context():
        row = db.session.get(Membership, member["member"])
        with app.app_context():  # another request commits first
            FLOW.apply(db.session.get(Membership, member["member"]), "rechazar", None, event={"role": "usuario"})
            db.session.commit()
        with pytest.raises(Refused, match="ya fue atendida"):
            FLOW.apply(row, "aceptar", member["admin"], event={"role": row.role})
        db.session.rollback()
        count = db.session.scalar(select(db.func.count()).select_from(MembershipEvent)
                                  .where(MembershipEvent.membership_id == member["member"]))
        assert count == 2  # solicitar, rechazar: the loser wrote no event


def test_a_seen_version_that_is_not_the_rows_is_refused(app, member):
    with app.app_context():
        row = db.session.get(Membership, member["member"])
        with pytest.raises(Refused):
            FLOW.apply(row, "aceptar", member["admin"], seen_version=row.version + 1, event={"role": row.role})


def test_a_guard_is_checked_in_the_write_and_its_own_message_is_given(app, member):
    never = Guard(condition=lambda row: Membership.id == -1, message="La regla no se cumple")
    with app.app_context():
        row = db.session.get(Membership, member["member"])
        with pytest.raises(Refused, match="La regla no se cumple"):
            FLOW.apply(row, "aceptar", member["admin"], guards=[never], event={"role": row.role})
        db.session.rollback()
        assert db.session.get(Membership, member["member"]).state == State.PENDIENTE


def test_creation_actions_are_in_the_table_and_others_cannot_create(app, member):
    assert FLOW["crear_cuenta"].creates and FLOW["solicitar"].creates and not FLOW["aceptar"].creates
    with app.app_context():
        with pytest.raises(ValueError):
            FLOW.create(Membership(user_id=member["admin"], account_id=member["account"]), "aceptar", None)


def test_a_table_naming_an_unknown_state_is_refused_when_built():
    with pytest.raises(ValueError):
        type(FLOW)(Membership, type("E", (), {}), "membership_id", {"a": "A"}, [transition("x", "X", ["a"], "b")],
                   stale="")


def test_the_database_refuses_a_state_outside_the_workflow(app, member):
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE memberships SET state = 'borrado' WHERE id = :id"),
                               {"id": member["member"]})
            db.session.commit()
        db.session.rollback()


def test_the_history_names_every_action_by_its_label_the_first_administrator_included(app, login_as):
    with app.app_context():
        admin = make_user(full_name="Ana Administradora")
        account = make_account(admin)
        own = db.session.scalar(select(Membership.id).where(Membership.user_id == admin))
        other = add_member(make_user(), account, role=Role.ADMIN, state=State.ACEPTADO)
    client = login_as(admin, account_id=account)
    html = check_page(client.get(f"/cuenta/usuarios/{own}/historial"))
    assert "Registro de la cuenta" in html and "crear" not in html.replace("crear_", "")
    html = check_page(client.get(f"/cuenta/usuarios/{other}/historial"))
    assert "Registro de la cuenta" in html
