"""The account chooser: "Actuar por esta cuenta" on each of the user's accepted accounts."""
from flask import abort, flash, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.access import bp
from wizard.accounts.resume import unfinished
from wizard.acting import accepted_membership, act_for
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.links import safe_next
from wizard.text import sentence
from wizard.models import Account, Membership


@bp.get("/usuario/cuenta")
@login_required
def switch():
    """List the user's accounts with "Actuar por esta cuenta" on each accepted one."""
    memberships = db.session.scalars(
        select(Membership).join(Account, Account.id == Membership.account_id)
        .options(joinedload(Membership.account)).where(Membership.user_id == current_user.id)
        .order_by(Account.name_key)).all()
    return render("access/switch.html", memberships=memberships, acting=session.get("account_id"),
                  resume=unfinished(current_user.id), next=safe_next(request.args.get("next")))


@bp.post("/usuario/cuenta")
@login_required
def choose():
    """Act for the chosen account, if the user's access to it is accepted."""
    membership = accepted_membership(current_user.id, request.form.get("account_id", type=int))
    if membership is None:
        abort(403)
    act_for(membership.account_id, membership.account.name)
    flash(sentence(f"Ahora actúa por {membership.account.name}"), "success")
    return redirect_to(safe_next(request.form.get("next")) or url_for("desk.show"))
