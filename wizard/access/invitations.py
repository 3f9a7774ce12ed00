""""Crear usuarios": an administrator invites a person by email; the emailed link makes them an accepted user."""
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wizard.access.service import MEMBER_ALREADY, _finish, accepted_admin, move, require_admin
from wizard.errors import Refused
from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import send_email, subject_name
from wizard.models import Account, Membership, Role, State, User
from wizard.models.memberships import FLOW
from wizard.dbtypes import utcnow
from wizard.tokens import TokenCheck, fingerprint, make_token, read_token

PURPOSE = "invite"
WRONG_EMAIL = "Esta invitación se envió a otro correo electrónico. Entre con el usuario de ese correo."
GONE = "La invitación ya no es válida: pida una nueva al administrador de la cuenta."


def invite(account_id: int, inviter_id: int, email: str) -> None:
    """Email `email` a link that joins the account; refused when that person already has access."""
    require_admin(inviter_id, account_id)
    account = db.session.get(Account, account_id)
    key = User.key(email)
    member = db.session.scalar(select(Membership).join(User, User.id == Membership.user_id).where(
        User.email_key == key, Membership.account_id == account_id, Membership.state == State.ACEPTADO))
    if member is not None:
        raise Refused(f"{email} ya tiene acceso a esta cuenta.")
    # "m": the address itself, so a person without a user starts section 1 with it (the link goes only there)
    token = make_token(PURPOSE, {"a": account_id, "e": fingerprint(key), "i": inviter_id, "m": email,
                                 "t": utcnow().timestamp()})  # to the microsecond
    inviter = db.session.get(User, inviter_id)
    send_email(email, f"Invitación para unirse a {subject_name(account.name)} en SECOP", "access_invite",
               account=account, inviter=inviter, link=external_url("access.invitation", token=token),
               days=current_app.config["INVITE_MAX_AGE"] // 86400)
    _finish()


def read(token: str) -> tuple[TokenCheck, Account | None]:
    """The token's check and the account it invites to (None when the token is not valid)."""
    check = read_token(PURPOSE, token, current_app.config["INVITE_MAX_AGE"])
    if not check.valid or not isinstance(check.data, dict):
        return TokenCheck("invalid" if check.status == "valid" else check.status), None
    try:
        account = db.session.get(Account, int(check.data["a"]))
    except (KeyError, TypeError, ValueError):
        return TokenCheck("invalid"), None
    return check, account


def accept(data: dict, user_id: int) -> int:
    """Join the invited account as an accepted user; the membership id. Refused for another email or a used link."""
    user = db.session.get(User, user_id)
    account_id, inviter_id = int(data["a"]), int(data["i"])
    if fingerprint(user.email_key) != data.get("e"):
        raise Refused(WRONG_EMAIL)
    if accepted_admin(inviter_id, account_id) is None:
        raise Refused(GONE)
    issued = datetime.fromtimestamp(float(data.get("t", 0)), UTC)
    membership = db.session.scalar(
        select(Membership).where(Membership.user_id == user_id, Membership.account_id == account_id))
    if membership is None:
        now = utcnow()
        membership = Membership(user_id=user_id, account_id=account_id, role=Role.USER, requested_at=now,
                                accepted_at=now, state_changed_at=now)
        try:
            FLOW.create(membership, "invitar", inviter_id, event={"role": Role.USER})
        except IntegrityError:
            db.session.rollback()
            raise Refused(MEMBER_ALREADY) from None
    elif membership.state == State.ACEPTADO:
        raise Refused(MEMBER_ALREADY)
    elif membership.state in (State.RECHAZADO, State.CANCELADO) and membership.state_changed_at > issued:
        raise Refused(GONE)  # refused after the invitation was sent: the administrator's later word stands
    else:
        try:
            move(membership, "invitar", inviter_id, role=Role.USER)  # invited as a user, never back as admin
        except Refused:
            db.session.rollback()
            raise Refused(MEMBER_ALREADY) from None
    membership_id = membership.id
    _finish()
    return membership_id
