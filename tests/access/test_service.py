"""The membership state machine, the last-administrator rule, history, and two administrators at once."""
import pytest
from sqlalchemy import select

from tests.helpers.factories import add_member, make_account, make_user
from wizard.access import service
from wizard.errors import NotAllowed, Refused
from wizard.extensions import db
from wizard.models import ACTIONS, Membership, MembershipEvent, Role, State
from wizard.models.memberships import ADMIN_ACTIONS, allowed_actions

EXPECTED = {  # (action, from state) -> new state, or None when refused
    ("aceptar", State.PENDIENTE): State.ACEPTADO,
    ("aceptar", State.CANCELADO): State.ACEPTADO,
    ("rechazar", State.PENDIENTE): State.RECHAZADO,
    ("cancelar", State.ACEPTADO): State.CANCELADO,
    ("revertir", State.RECHAZADO): State.PENDIENTE,
}


@pytest.fixture
def account(app):
    with app.app_context():
        admin = make_user(full_name="Ana Administradora")
        account_id = make_account(admin, name="Ferretería Núñez S.A.S.")
        return {"admin": admin, "account": account_id}


def state_of(membership_id):
    return db.session.get(Membership, membership_id).state


@pytest.mark.parametrize("action", ADMIN_ACTIONS)
@pytest.mark.parametrize("start", list(State))
def test_every_action_from_every_state_moves_only_where_the_table_allows(app, account, action, start):
    with app.app_context():
        member = add_member(make_user(), account["account"], state=start)
        outcome = service.apply(action, [member], account["admin"], account["account"])
        expected = EXPECTED.get((action, start))
        db.session.expire_all()
        if expected is None:
            assert outcome.changed == [] and len(outcome.refused) == 1
            assert state_of(member) == start
        else:
            assert outcome.changed == [member] and outcome.refused == []
            assert state_of(member) == expected
        assert (action in allowed_actions(start)) == (expected is not None)


def test_a_change_is_recorded_with_who_when_and_from_which_state(app, account):
    with app.app_context():
        member = add_member(make_user(), account["account"])
        service.apply("rechazar", [member], account["admin"], account["account"])
        service.apply("revertir", [member], account["admin"], account["account"])
        service.apply("aceptar", [member], account["admin"], account["account"])
        events = db.session.scalars(select(MembershipEvent).where(MembershipEvent.membership_id == member)
                                    .order_by(MembershipEvent.id)).all()
        assert [(e.action, e.from_state, e.to_state) for e in events[1:]] == [
            ("rechazar", "pendiente", "rechazado"), ("revertir", "rechazado", "pendiente"),
            ("aceptar", "pendiente", "aceptado")]
        assert all(e.actor_id == account["admin"] and e.created_at is not None for e in events[1:])
        membership = db.session.get(Membership, member)
        assert membership.accepted_at is not None and membership.version == 4


def test_the_last_administrator_cannot_be_cancelled(app, account):
    with app.app_context():
        own = db.session.scalar(select(Membership.id).where(Membership.user_id == account["admin"]))
        outcome = service.apply("cancelar", [own], account["admin"], account["account"])
        assert outcome.changed == [] and outcome.refused[0][2] == service.LAST_ADMIN
        assert state_of(own) == State.ACEPTADO


def test_two_administrators_cannot_both_be_cancelled_in_one_batch(app, account):
    with app.app_context():
        own = db.session.scalar(select(Membership.id).where(Membership.user_id == account["admin"]))
        other = add_member(make_user(), account["account"], role=Role.ADMIN, state=State.ACEPTADO)
        outcome = service.apply("cancelar", [own, other], account["admin"], account["account"])
        assert outcome.changed == [own] and outcome.refused[0][:1] == (other,)
        assert outcome.refused[0][2] == service.LAST_ADMIN
        assert service.accepted_admin_count(account["account"]) == 1


def test_the_last_administrator_cannot_be_demoted_but_another_can(app, account):
    with app.app_context():
        own = db.session.scalar(select(Membership.id).where(Membership.user_id == account["admin"]))
        with pytest.raises(Refused, match="al menos un administrador"):
            service.remove_admin(own, account["admin"], account["account"])
        other = add_member(make_user(full_name="Berta Suplente"), account["account"], state=State.ACEPTADO)
        assert service.make_admin(other, account["admin"], account["account"]) == "Berta Suplente ahora es administrador."
        assert service.remove_admin(own, account["admin"], account["account"]).endswith("ya no es administrador.")
        db.session.expire_all()
        assert db.session.get(Membership, own).role == Role.USER
        event = db.session.scalar(select(MembershipEvent).where(MembershipEvent.membership_id == other)
                                  .order_by(MembershipEvent.id.desc()))
        assert (event.action, event.role, event.actor_id) == ("hacer_admin", "administrador", account["admin"])


def test_a_pending_user_cannot_be_made_administrator(app, account):
    with app.app_context():
        member = add_member(make_user(), account["account"])
        with pytest.raises(Refused, match="aceptado"):
            service.make_admin(member, account["admin"], account["account"])


def test_a_request_is_pending_and_a_second_one_is_refused(app, account, outbox):
    with app.app_context():
        user = make_user(full_name="Carlos Solicitante", email="carlos@correo.example")
        membership_id = service.request_access(user, account["account"])
        assert state_of(membership_id) == State.PENDIENTE
        with pytest.raises(Refused, match="Ya tiene una solicitud pendiente para esta cuenta"):
            service.request_access(user, account["account"])
    mail = outbox()
    assert [m.subject for m in mail] == ["Solicitud de acceso a Ferretería Núñez S.A.S."]
    assert "El usuario Carlos Solicitante (carlos@correo.example) está solicitando acceso" in mail[0].text
    assert "/cuenta/escritorio" in mail[0].text


def test_a_rejected_user_may_ask_again_and_an_accepted_one_is_told_they_have_access(app, account):
    with app.app_context():
        user = make_user()
        member = add_member(user, account["account"], state=State.RECHAZADO)
        assert service.request_access(user, account["account"]) == member
        assert state_of(member) == State.PENDIENTE
        service.apply("aceptar", [member], account["admin"], account["account"])
        with pytest.raises(Refused, match="Ya tiene acceso a esta cuenta"):
            service.request_access(user, account["account"])


def test_every_accepted_administrator_is_emailed_and_the_user_hears_the_decision(app, account, outbox):
    with app.app_context():
        add_member(make_user(email="segunda@correo.example"), account["account"], role=Role.ADMIN,
                   state=State.ACEPTADO)
        add_member(make_user(email="pendiente@correo.example"), account["account"], role=Role.ADMIN)
        first = service.request_access(make_user(email="uno@correo.example"), account["account"])
        second = service.request_access(make_user(email="dos@correo.example"), account["account"])
        service.apply("aceptar", [first], account["admin"], account["account"])
        service.apply("rechazar", [second], account["admin"], account["account"])
    sent = [(m.recipient, m.subject) for m in outbox()]
    assert len([s for s in sent if s[1].startswith("Solicitud de acceso")]) == 4  # two admins, two requests
    assert "pendiente@correo.example" not in {r for r, _ in sent}
    assert ("uno@correo.example", "Su solicitud de acceso a Ferretería Núñez S.A.S. fue aceptada") in sent
    assert ("dos@correo.example", "Su solicitud de acceso a Ferretería Núñez S.A.S. fue rechazada") in sent


def test_ids_of_another_account_change_nothing(app, account):
    with app.app_context():
        other_account = make_account(make_user())
        stranger = add_member(make_user(), other_account)
        outcome = service.apply("aceptar", [stranger], account["admin"], account["account"])
        assert outcome.changed == [] and state_of(stranger) == State.PENDIENTE
        with pytest.raises(NotAllowed):
            service.apply("aceptar", [stranger], account["admin"], other_account)
        with pytest.raises(NotAllowed):
            service.make_admin(stranger, account["admin"], account["account"])


def test_two_administrators_deciding_the_same_request_get_one_outcome_and_a_message(app, account):
    with app.app_context():
        second_admin = make_user()
        add_member(second_admin, account["account"], role=Role.ADMIN, state=State.ACEPTADO)
        member = add_member(make_user(full_name="Dora Duda"), account["account"])
        seen = db.session.get(Membership, member).version  # both pages show the same version
        first = service.apply("aceptar", [member], account["admin"], account["account"], {member: seen})
        second = service.apply("rechazar", [member], second_admin, account["account"], {member: seen})
        assert first.changed == [member]
        assert second.changed == [] and second.refused == [(member, "Dora Duda", service.STALE)]
        assert state_of(member) == State.ACEPTADO


def test_a_change_made_between_loading_and_writing_loses_quietly(app, account):
    """The race itself: one session loaded the row, another committed a decision, then the first writes."""
    with app.app_context():
        member = add_member(make_user(), account["account"])
        loaded = db.session.get(Membership, member)
        with app.app_context():  # another request, with its own session
            service.apply("aceptar", [member], account["admin"], account["account"])
        with pytest.raises(Refused, match="ya fue atendida"):
            service.move(loaded, "rechazar", account["admin"])
        db.session.rollback()
        db.session.expire_all()
        assert state_of(member) == State.ACEPTADO
        actions = db.session.scalars(select(MembershipEvent.action)
                                     .where(MembershipEvent.membership_id == member)).all()
        assert actions == ["solicitar", "aceptar"]


def test_the_same_decision_twice_changes_once(app, account, outbox):
    with app.app_context():
        member = add_member(make_user(), account["account"])
        service.apply("aceptar", [member], account["admin"], account["account"])
        again = service.apply("aceptar", [member], account["admin"], account["account"])
        assert again.changed == [] and "ya está Aceptado" in again.refused[0][2]
    assert len([m for m in outbox() if "aceptada" in m.subject]) == 1


def test_the_status_message_counts_the_users(app, account):
    outcome = service.Outcome("aceptar", changed=[1, 2])
    assert outcome.message == "Se aceptó el acceso de 2 usuarios."
    assert service.Outcome("cancelar", changed=[1]).message == "Se canceló el acceso de 1 usuario."
    assert set(ACTIONS) >= set(ADMIN_ACTIONS)


def test_a_cancelled_administrator_who_asks_again_comes_back_as_a_plain_user(app, account):
    """Accepting a request must not quietly hand back administrator rights the account took away."""
    with app.app_context():
        former = make_user(full_name="Exa Administradora")
        member = add_member(former, account["account"], role=Role.ADMIN, state=State.ACEPTADO)
        service.apply("cancelar", [member], account["admin"], account["account"])
        service.request_access(former, account["account"])
        db.session.expire_all()
        assert db.session.get(Membership, member).role == Role.USER  # the request reads "Usuario"
        service.apply("aceptar", [member], account["admin"], account["account"])
        assert service.accepted_admin(former, account["account"]) is None
        with pytest.raises(NotAllowed):
            service.apply("aceptar", [member], former, account["account"])
        event = db.session.scalar(select(MembershipEvent).where(MembershipEvent.membership_id == member,
                                                                MembershipEvent.action == "solicitar"))
        assert event.role == Role.USER
