"""The acting account: which of their accepted accounts the signed-in user works for in this session.

The account's id and name live in the (signed) session cookie; one cheap query a request checks them against
the database, so a cancelled access stops acting at once, on every worker.
"""
from flask import Flask, abort, g, request, session
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.extensions import db
from wizard.models import Account, Membership, State
from wizard.routing import valid_id


def act_for(account_id: int, name: str) -> None:
    session["account_id"] = account_id
    session["account_name"] = name


def drop_acting_account() -> None:
    session.pop("account_id", None)
    session.pop("account_name", None)


def check_acting_account() -> None:
    """Drop a session account whose membership was cancelled; pick the only one; keep the shown name current."""
    g.account_choices = 0
    if request.endpoint in (None, "static") or not current_user.is_authenticated:
        return
    accepted = dict(db.session.execute(
        select(Membership.account_id, Account.name).join(Account, Account.id == Membership.account_id)
        .where(Membership.user_id == current_user.id, Membership.state == State.ACEPTADO)).all())
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
    """The user's accepted membership of that account, with the account loaded; None for any other id."""
    if not valid_id(account_id):
        return None
    return db.session.scalar(select(Membership).options(joinedload(Membership.account)).where(
        Membership.user_id == user_id, Membership.account_id == account_id, Membership.state == State.ACEPTADO))


def acting_membership() -> Membership | None:
    """The signed-in user's accepted membership of the session's account, with the account loaded."""
    return accepted_membership(current_user.id, session.get("account_id"))


def acting_admin() -> Membership:
    """The acting membership when it is an administrator's; 403 otherwise."""
    membership = acting_membership()
    if membership is None or not membership.is_admin:
        abort(403)
    return membership


def init_app(app: Flask) -> None:
    app.before_request(check_acting_account)
