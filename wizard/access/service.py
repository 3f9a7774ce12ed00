"""Access requests and the administrator's decisions: plain values in, one transaction each, history kept.

Every state change is a conditional UPDATE (WHERE id, account, state and version are what we saw), so two
administrators acting on the same request at once get one outcome; the loser is told, nothing raises.
"""
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from wizard.errors import NotAllowed, Refused  # noqa: F401 - the access views catch them here
from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import deliver_soon, send_email, subject_name
from wizard.models import ACTIONS, Account, Membership, MembershipEvent, Role, State, User
from wizard.models.memberships import ADMIN_ACTIONS, STATE_LABELS
from wizard.models.types import utcnow

STALE = "La solicitud ya fue atendida por otro administrador"
PENDING_ALREADY = "Ya tiene una solicitud pendiente para esta cuenta"
MEMBER_ALREADY = "Ya tiene acceso a esta cuenta"
LAST_ADMIN = "La cuenta debe conservar al menos un administrador con acceso aceptado"


@dataclass
class Outcome:
    """What a batch action did: the ids it changed and, per refused row, the person's name and the reason."""

    action: str
    changed: list[int] = field(default_factory=list)
    refused: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def touched(self) -> list[int]:
        return self.changed + [membership_id for membership_id, _, _ in self.refused]

    @property
    def message(self) -> str:
        if not self.changed:
            return "No se cambió ningún acceso."
        n = len(self.changed)
        return f"{ACTIONS[self.action].done} de {n} usuario{'s' if n != 1 else ''}."


def accepted_admin(user_id: int, account_id: int) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.user_id == user_id, Membership.account_id == account_id,
        Membership.role == Role.ADMIN, Membership.state == State.ACEPTADO))


def lock_account(account_id: int) -> None:
    """Serialise the changes to one account's users: on PostgreSQL two administrators removing each other would
    each see the other still accepted (write skew) and leave none; SQLite serialises writers by itself."""
    # FOR NO KEY UPDATE: excludes another such lock, but not the key-share lock a new membership row takes
    db.session.execute(select(Account.id).where(Account.id == account_id).with_for_update(key_share=True))


def require_admin(user_id: int, account_id: int) -> Membership:
    membership = accepted_admin(user_id, account_id)
    if membership is None:
        raise NotAllowed("Solo los administradores de la cuenta pueden administrar sus usuarios.")
    return membership


def admin_emails(account_id: int) -> list[str]:
    return list(db.session.scalars(
        select(User.email).join(Membership, Membership.user_id == User.id).where(
            Membership.account_id == account_id, Membership.role == Role.ADMIN, Membership.state == State.ACEPTADO)
        .order_by(User.id)))


def _record(membership_id: int, actor_id: int | None, action: str, from_state: str | None, to_state: str,
            role: str) -> None:
    db.session.add(MembershipEvent(membership_id=membership_id, actor_id=actor_id, action=action,
                                   from_state=from_state, to_state=to_state, role=role, created_at=utcnow()))


def _others_admins_remain(membership: Membership):
    """SQL condition: another accepted administrator of the same account exists (checked when the row is written)."""
    other = aliased(Membership)
    return select(func.count(other.id)).where(
        other.account_id == membership.account_id, other.id != membership.id,
        other.role == Role.ADMIN, other.state == State.ACEPTADO).scalar_subquery() >= 1


def transition(membership: Membership, action_code: str, actor_id: int | None, **also) -> bool:
    """Move one loaded membership by an action if nobody changed it since it was loaded; record the event.

    False when the row changed meanwhile (another administrator, or a double click); nothing is written then.
    """
    action = ACTIONS[action_code]
    now = utcnow()
    values = {"state": action.target, "state_changed_at": now, "version": membership.version + 1, **also}
    if action.target == State.ACEPTADO:
        values["accepted_at"] = now
    conditions = [Membership.id == membership.id, Membership.account_id == membership.account_id,
                  Membership.state == membership.state, Membership.version == membership.version]
    if membership.role == Role.ADMIN and membership.state == State.ACEPTADO and action.target != State.ACEPTADO:
        conditions.append(_others_admins_remain(membership))
    result = db.session.execute(
        update(Membership).where(and_(*conditions)).values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    _record(membership.id, actor_id, action.code, membership.state, action.target, also.get("role", membership.role))
    return True


def _notify_admins(membership: Membership, account: Account, user: User) -> None:
    for address in admin_emails(account.id):
        send_email(address, f"Solicitud de acceso a {subject_name(account.name)}", "access_request",
                   user=user, account=account, link=external_url("desk.show", cuenta=account.id))


def _finish() -> None:
    db.session.commit()
    db.session.expire_all()
    deliver_soon(current_app._get_current_object())


def request_access(user_id: int, account_id: int) -> int:
    """Ask for access: a new pending membership, or an old rejected/cancelled one back to pending. Its id."""
    account = db.session.get(Account, account_id)
    user = db.session.get(User, user_id)
    if account is None or user is None:
        raise Refused("La cuenta no existe.")
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == user_id, Membership.account_id == account_id))
    if membership is None:
        membership = Membership(user_id=user_id, account_id=account_id, role=Role.USER, state=State.PENDIENTE,
                                requested_at=utcnow(), state_changed_at=utcnow())
        db.session.add(membership)
        try:
            db.session.flush()
        except IntegrityError:  # the same request sent twice at once: the other one made it
            db.session.rollback()
            raise Refused(PENDING_ALREADY) from None
        _record(membership.id, user_id, "solicitar", None, State.PENDIENTE, Role.USER)
    elif membership.state == State.PENDIENTE:
        raise Refused(PENDING_ALREADY)
    elif membership.state == State.ACEPTADO:
        raise Refused(MEMBER_ALREADY)
    else:
        # a new request is a plain user's, even from a cancelled administrator: only an administrator grants the role
        if not transition(membership, "solicitar", user_id, requested_at=utcnow(), accepted_at=None, role=Role.USER):
            db.session.rollback()
            raise Refused(PENDING_ALREADY)
    _notify_admins(membership, account, user)
    membership_id = membership.id
    _finish()
    return membership_id


def _refusal(membership: Membership, action_code: str, seen: int | None) -> str | None:
    """Why this row cannot take the action now, or None."""
    action = ACTIONS[action_code]
    if seen is not None and seen != membership.version:
        return STALE
    if action.allows(membership.state):
        return None
    label = STATE_LABELS.get(membership.state, membership.state)
    if membership.state == action.target:
        return f"el acceso ya está {label}"
    return f"no se puede {action.label.split()[0].lower()} un acceso {label}"


def apply(action_code: str, membership_ids, actor_id: int, account_id: int,
          seen_versions: dict[int, int] | None = None) -> Outcome:
    """An administrator's action on selected memberships of their account; ids of other accounts change nothing."""
    if action_code not in ADMIN_ACTIONS:
        raise Refused("Elija una acción de la lista.")
    lock_account(account_id)
    require_admin(actor_id, account_id)
    seen_versions = seen_versions or {}
    ids = {int(i) for i in membership_ids}
    rows = db.session.scalars(
        select(Membership).options(joinedload(Membership.user), joinedload(Membership.account))
        .where(Membership.id.in_(ids), Membership.account_id == account_id).order_by(Membership.id)).all()
    outcome = Outcome(action_code)
    accepted, rejected = [], []
    admins_left = accepted_admin_count(account_id)
    for membership in rows:
        name = membership.user.full_name
        reason = _refusal(membership, action_code, seen_versions.get(membership.id))
        if reason is None and membership.is_admin and ACTIONS[action_code].target != State.ACEPTADO:
            if admins_left <= 1:
                reason = LAST_ADMIN
        if reason is None and not transition(membership, action_code, actor_id):
            reason = LAST_ADMIN if membership.is_admin and admins_left <= 1 else STALE
        if reason:
            outcome.refused.append((membership.id, name, reason))
            continue
        if membership.is_admin:
            admins_left -= 1
        outcome.changed.append(membership.id)
        target = ACTIONS[action_code].target
        if target == State.ACEPTADO:
            accepted.append(membership)
        elif target == State.RECHAZADO:
            rejected.append(membership)
    for membership, template, subject in (
        *((m, "access_accepted", "Su solicitud de acceso a {} fue aceptada") for m in accepted),
        *((m, "access_rejected", "Su solicitud de acceso a {} fue rechazada") for m in rejected),
    ):
        send_email(membership.user.email, subject.format(subject_name(membership.account.name)), template,
                   user=membership.user, account=membership.account, link=external_url("access.switch"))
    _finish()
    return outcome


def set_role(membership_id: int, role: str, actor_id: int, account_id: int, seen: int | None = None) -> str:
    """Make an accepted user an administrator, or demote one (never the last); the status message."""
    if role not in (Role.ADMIN, Role.USER):
        raise Refused("Elija un rol válido.")
    lock_account(account_id)
    require_admin(actor_id, account_id)
    membership = db.session.scalar(select(Membership).options(joinedload(Membership.user)).where(
        Membership.id == membership_id, Membership.account_id == account_id))
    if membership is None:
        raise NotAllowed("Ese usuario no pertenece a la cuenta.")
    name = membership.user.full_name
    if seen is not None and seen != membership.version:
        raise Refused(STALE)
    if membership.role == role:
        raise Refused(f"{name} ya tiene el rol {membership.role_label}.")
    if membership.state != State.ACEPTADO:
        raise Refused(f"{name} necesita el acceso aceptado para cambiar de rol.")
    conditions = [Membership.id == membership.id, Membership.version == membership.version,
                  Membership.state == State.ACEPTADO, Membership.role == membership.role]
    if role == Role.USER:
        conditions.append(_others_admins_remain(membership))
    result = db.session.execute(update(Membership).where(*conditions)
                                .values(role=role, version=membership.version + 1)
                                .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise Refused(LAST_ADMIN if role == Role.USER and accepted_admin_count(account_id) <= 1 else STALE)
    action = "hacer_admin" if role == Role.ADMIN else "quitar_admin"
    _record(membership.id, actor_id, action, membership.state, membership.state, role)
    _finish()
    return f"{name} {'ahora es administrador' if role == Role.ADMIN else 'ya no es administrador'}."


def make_admin(membership_id: int, actor_id: int, account_id: int, seen: int | None = None) -> str:
    return set_role(membership_id, Role.ADMIN, actor_id, account_id, seen)


def remove_admin(membership_id: int, actor_id: int, account_id: int, seen: int | None = None) -> str:
    return set_role(membership_id, Role.USER, actor_id, account_id, seen)


def accepted_admin_count(account_id: int) -> int:
    return db.session.scalar(select(func.count(Membership.id)).where(
        Membership.account_id == account_id, Membership.role == Role.ADMIN, Membership.state == State.ACEPTADO))
