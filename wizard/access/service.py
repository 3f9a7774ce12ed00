"""Access requests and the administrator's decisions: plain values in, one transaction each, history kept.

Every state change goes through the memberships' workflow (wizard/models/memberships.py FLOW): a conditional
UPDATE on what we saw, with the last-administrator rule as a guard in the same statement, so two administrators
acting on the same request at once get one outcome and the loser is told; nothing raises past the views.
"""
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from wizard.errors import NotAllowed, Refused
from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import deliver_soon, send_email, subject_name
from wizard.dbtypes import utcnow
from wizard.models import Account, Membership, Role, State, User
from wizard.models.memberships import ADMIN_ACTIONS, FLOW, STATE_LABELS
from wizard.workflow import Guard

STALE = FLOW.stale
PENDING_ALREADY = "Ya tiene una solicitud pendiente para esta cuenta"
MEMBER_ALREADY = "Ya tiene acceso a esta cuenta"
LAST_ADMIN = "La cuenta debe conservar al menos un administrador con acceso aceptado"
# What the person is told when an administrator's action leaves their request in a state: subject, template, link.
TOLD = {
    State.ACEPTADO: ("Su solicitud de acceso a {} fue aceptada", "access_accepted", "access.switch"),
    State.RECHAZADO: ("Su solicitud de acceso a {} fue rechazada", "access_rejected", "access.my_memberships"),
    State.PENDIENTE: ("Su solicitud de acceso a {} está pendiente de nuevo", "access_reopened", "access.my_memberships"),
}


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
        return f"{FLOW[self.action].done} de {n} usuario{'s' if n != 1 else ''}."


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


def _others_admins_remain(membership: Membership):
    """SQL condition: another accepted administrator of the same account exists (checked when the row is written)."""
    other = aliased(Membership)
    return select(func.count()).where(
        other.account_id == membership.account_id, other.id != membership.id,
        other.role == Role.ADMIN, other.state == State.ACEPTADO).scalar_subquery() >= 1


def _loses_admin(membership: Membership, change) -> bool:
    """The change leaves the account one administrator fewer: an accepted admin leaves "Aceptado" or the role."""
    return membership.is_admin and (change.target != State.ACEPTADO or change.code == "quitar_admin")


# Every account keeps at least one accepted administrator: checked in the very UPDATE that would remove one.
LAST_ADMIN_GUARD = Guard(condition=_others_admins_remain, message=LAST_ADMIN, applies=_loses_admin)


def move(membership: Membership, code: str, actor_id: int | None, seen: int | None = None, **values) -> None:
    """One membership through the workflow with the access rules as guards; raises Refused (nothing written)."""
    now = utcnow()
    change = FLOW[code]
    if change.target == State.ACEPTADO and membership.state != State.ACEPTADO:
        values.setdefault("accepted_at", now)
    FLOW.apply(membership, code, actor_id, values=values, seen_version=seen,
               guards=(LAST_ADMIN_GUARD,),
               event={"role": values.get("role", membership.role)})


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
        membership = Membership(user_id=user_id, account_id=account_id, role=Role.USER, requested_at=utcnow(),
                                state_changed_at=utcnow())
        try:
            FLOW.create(membership, "solicitar", user_id, event={"role": Role.USER})
        except IntegrityError:  # the same request sent twice at once: the other one made it
            db.session.rollback()
            raise Refused(PENDING_ALREADY) from None
    elif membership.state == State.PENDIENTE:
        raise Refused(PENDING_ALREADY)
    elif membership.state == State.ACEPTADO:
        raise Refused(MEMBER_ALREADY)
    else:
        # a new request is a plain user's, even from a cancelled administrator: only an administrator grants the role
        try:
            move(membership, "solicitar", user_id, requested_at=utcnow(), accepted_at=None, role=Role.USER)
        except Refused:
            db.session.rollback()
            raise Refused(PENDING_ALREADY) from None
    _notify_admins(membership, account, user)
    membership_id = membership.id
    _finish()
    return membership_id


def _refusal(membership: Membership, action_code: str) -> str | None:
    """Why this row cannot take the action in its state, said the way the administrator sees it, or None."""
    action = FLOW[action_code]
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
    target = FLOW[action_code].target
    told = []
    for membership in rows:
        seen = seen_versions.get(membership.id)
        reason = STALE if seen is not None and seen != membership.version else _refusal(membership, action_code)
        if reason is None:
            try:
                move(membership, action_code, actor_id, seen)
            except Refused as refused:
                reason = refused.message
        if reason:
            outcome.refused.append((membership.id, membership.user.full_name, reason))
            continue
        outcome.changed.append(membership.id)
        if target in TOLD:
            told.append(membership)
    for membership in told:
        subject, template, endpoint = TOLD[target]
        send_email(membership.user.email, subject.format(subject_name(membership.account.name)), template,
                   user=membership.user, account=membership.account, link=external_url(endpoint))
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
    code = "hacer_admin" if role == Role.ADMIN else "quitar_admin"
    try:
        move(membership, code, actor_id, seen, role=role)
    except Refused:
        db.session.rollback()
        raise
    _finish()
    return f"{name} {FLOW[code].done}."


def make_admin(membership_id: int, actor_id: int, account_id: int, seen: int | None = None) -> str:
    return set_role(membership_id, Role.ADMIN, actor_id, account_id, seen)


def remove_admin(membership_id: int, actor_id: int, account_id: int, seen: int | None = None) -> str:
    return set_role(membership_id, Role.USER, actor_id, account_id, seen)


def accepted_admin_count(account_id: int) -> int:
    return db.session.scalar(select(func.count()).where(
        Membership.account_id == account_id, Membership.role == Role.ADMIN, Membership.state == State.ACEPTADO))
