"""The acting account: which of their accepted accounts the signed-in user works for in this session.

The account's id and name live in the (signed) session cookie; every request checks them against the database,
so a cancelled access stops acting at once, on every worker. The user and their accepted memberships (with the
accounts) come in the one query that signs the request in (load_signed_in), kept on `g` for the request:
check_acting_account and acting_membership read them there instead of asking again.
"""
from flask import Flask, abort, flash, g, request, session, url_for
from flask_login import current_user
from sqlalchemy import and_, select
from sqlalchemy.orm import contains_eager, joinedload

from wizard.extensions import db
from wizard.htmx import redirect_to
from wizard.models import Account, Membership, State, User
from wizard.routing import valid_id


def act_for(account_id: int, name: str) -> None:
    session["account_id"] = account_id
    session["account_name"] = name


def drop_acting_account() -> None:
    session.pop("account_id", None)
    session.pop("account_name", None)


def load_signed_in(session_id: str) -> User | None:
    """The user of a session id, with their accepted memberships and those accounts, in one query (Flask-Login's
    user loader); the memberships are kept on `g` by account id."""
    rows = db.session.execute(
        select(User, Membership)
        .outerjoin(Membership, and_(Membership.user_id == User.id, Membership.state == State.ACEPTADO))
        .outerjoin(Account, Account.id == Membership.account_id)
        .options(contains_eager(Membership.account))
        .where(User.session_id == session_id)).all()
    if not rows:
        return None
    user = rows[0][0]
    g.accepted_memberships = (user.id, {m.account_id: m for _, m in rows if m is not None})
    return user


def _accepted_now(user_id: int) -> dict[int, Membership]:
    """The user's accepted memberships by account id: as loaded with the user for this request, else asked."""
    known = g.get("accepted_memberships")
    if known is not None and known[0] == user_id:
        return known[1]
    found = {m.account_id: m for m in db.session.scalars(
        select(Membership).join(Account, Account.id == Membership.account_id)
        .options(contains_eager(Membership.account))
        .where(Membership.user_id == user_id, Membership.state == State.ACEPTADO))}
    g.accepted_memberships = (user_id, found)
    return found


def check_acting_account() -> None:
    """Drop a session account whose membership was cancelled; pick the only one; keep the shown name current."""
    g.account_choices = 0
    if request.endpoint in (None, "static") or not current_user.is_authenticated:
        return
    accepted = {account_id: m.account.name for account_id, m in _accepted_now(current_user.id).items()}
    g.account_choices = len(accepted)
    acting = session.get("account_id")
    if acting is not None and acting not in accepted:
        drop_acting_account()
        acting = None
    if acting is None and len(accepted) == 1:
        act_for(*next(iter(accepted.items())))
    elif acting is not None and session.get("account_name") != accepted[acting]:
        session["account_name"] = accepted[acting]


def accepted_membership(user_id: int, account_id: int | None) -> Membership | None:
    """The user's accepted membership of that account, with the account loaded; None for any other id.

    For the signed-in user, the membership loaded with them at the start of the request when it is still
    accepted (a membership changed by this request is read again from the database on access)."""
    if not valid_id(account_id):
        return None
    known = g.get("accepted_memberships")
    if known is not None and known[0] == user_id and account_id in known[1]:
        membership = known[1][account_id]
        if membership.state == State.ACEPTADO:
            return membership
    return db.session.scalar(select(Membership).options(joinedload(Membership.account)).where(
        Membership.user_id == user_id, Membership.account_id == account_id, Membership.state == State.ACEPTADO))


def acting_membership() -> Membership | None:
    """The signed-in user's accepted membership of the session's account, with the account loaded."""
    return accepted_membership(current_user.id, session.get("account_id"))


def ask_which_account() -> None:
    """A page opened before choosing among several accepted accounts (a bookmark, a link typed right after signing
    in): send the user to "Cuenta por la que actúa", which brings them back to the page once they choose."""
    if request.method == "GET" and g.get("account_choices", 0) > 1 and session.get("account_id") is None:
        flash("Elija la cuenta por la que actúa para abrir esa página.", "info")
        abort(redirect_to(url_for("access.switch", next=request.full_path.rstrip("?"))))


def acting_admin() -> Membership:
    """The acting membership when it is an administrator's; 403 otherwise (after asking which account, when the
    user has several and chose none yet)."""
    membership = acting_membership()
    if membership is None:
        ask_which_account()
    if membership is None or not membership.is_admin:
        abort(403)
    return membership


def init_app(app: Flask) -> None:
    app.before_request(check_acting_account)
