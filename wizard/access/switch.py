"""The acting account: which of their accepted accounts the user works for in this session, shown in the header."""
from flask import abort, flash, g, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.access.blueprint import bp
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.models import Account, Membership, State
from wizard.routing import valid_id


def act_for(account_id: int, name: str) -> None:
    session["account_id"] = account_id
    session["account_name"] = name


def drop_acting_account() -> None:
    session.pop("account_id", None)
    session.pop("account_name", None)


@bp.before_app_request
def check_acting_account():
    """One cheap query a request: drop a session account whose membership was cancelled; pick the only one."""
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


@bp.get("/usuario/cuenta")
@login_required
def switch():
    """List the user's accounts with "Actuar por esta cuenta" on each accepted one."""
    memberships = db.session.scalars(
        select(Membership).join(Account, Account.id == Membership.account_id)
        .options(joinedload(Membership.account)).where(Membership.user_id == current_user.id)
        .order_by(Account.name_key)).all()
    return render("access/switch.html", memberships=memberships, acting=session.get("account_id"))


@bp.post("/usuario/cuenta")
@login_required
def choose():
    """Act for the chosen account, if the user's access to it is accepted."""
    membership = accepted_membership(current_user.id, request.form.get("account_id", type=int))
    if membership is None:
        abort(403)
    act_for(membership.account_id, membership.account.name)
    flash(f"Ahora actúa por {membership.account.name}.", "success")
    return redirect_to(url_for("access.desk"))
