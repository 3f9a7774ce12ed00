"""The acting account's "Escritorio": what waits for the administrator, a card per pending request."""
from flask import redirect, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from wizard.access.blueprint import bp
from wizard.access.switch import accepted_membership, act_for, acting_membership, drop_acting_account
from wizard.extensions import db
from wizard.htmx import render
from wizard.models import Membership, State

PER_PAGE = 20


def state_counts(account_id: int) -> dict[str, int]:
    """How many memberships of the account are in each state, in one grouped query."""
    rows = db.session.execute(select(Membership.state, func.count(Membership.id))
                              .where(Membership.account_id == account_id).group_by(Membership.state)).all()
    return {state: count for state, count in rows}


@bp.get("/cuenta/escritorio")
@login_required
def desk():
    """Show the acting account; for its administrators, the pending requests 20 at a time."""
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
    pending = counts = None
    if membership.is_admin:
        counts = state_counts(membership.account_id)
        pending = db.paginate(
            select(Membership).options(joinedload(Membership.user))
            .where(Membership.account_id == membership.account_id, Membership.state == State.PENDIENTE)
            .order_by(Membership.requested_at, Membership.id),
            page=max(1, min(request.args.get("page", 1, type=int), 100_000)), per_page=PER_PAGE, max_per_page=PER_PAGE,
            error_out=False, count=False)
        pending.total = counts.get(State.PENDIENTE, 0)
    return render("access/desk.html", membership=membership, account=membership.account, pending=pending,
                  counts=counts)
