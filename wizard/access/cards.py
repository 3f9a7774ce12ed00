"""The access area's card on the Escritorio: for administrators, the pending requests 20 at a time."""
from flask import request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from wizard.desk.cards import Card, card
from wizard.extensions import db
from wizard.models import Membership, State

PER_PAGE = 20


def state_counts(account_id: int) -> dict[str, int]:
    """How many memberships of the account are in each state, in one grouped query."""
    rows = db.session.execute(select(Membership.state, func.count())
                              .where(Membership.account_id == account_id).group_by(Membership.state)).all()
    return {state: count for state, count in rows}


@card(order=10)
def access_requests(membership: Membership) -> Card | None:
    if not membership.is_admin:
        return None
    counts = state_counts(membership.account_id)
    pending = db.paginate(
        select(Membership).options(joinedload(Membership.user))
        .where(Membership.account_id == membership.account_id, Membership.state == State.PENDIENTE)
        .order_by(Membership.requested_at, Membership.id),
        page=max(1, min(request.args.get("page", 1, type=int), 100_000)), per_page=PER_PAGE, max_per_page=PER_PAGE,
        error_out=False, count=False)
    pending.total = counts.get(State.PENDIENTE, 0)
    return Card("access/_desk_card.html", {"counts": counts, "pending": pending})
