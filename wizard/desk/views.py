"""The Escritorio page: the acting account, then every area's card."""
from flask import redirect, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from wizard.acting import accepted_membership, act_for, acting_membership, drop_acting_account
from wizard.desk import bp
from wizard.desk.cards import cards_for
from wizard.extensions import db
from wizard.htmx import render
from wizard.models import Membership


@bp.get("/cuenta/escritorio")
@login_required
def show():
    """Show the acting account (or the one an email named) with its cards; without one, where to go instead."""
    wanted = request.args.get("cuenta", type=int)  # the administrators' email names the account asked for
    if wanted != session.get("account_id"):
        mine = accepted_membership(current_user.id, wanted)
        if mine is not None:
            act_for(mine.account_id, mine.account.name)
    membership = acting_membership()
    if membership is None:
        drop_acting_account()
        has_any = db.session.scalar(select(Membership.id).where(Membership.user_id == current_user.id).limit(1))
        return redirect(url_for("access.switch" if has_any else "registration.entity"), 303)
    return render("desk/desk.html", membership=membership, account=membership.account,
                  cards=cards_for(membership))
