"""Where a signed-in user stands, for the home page: their accounts, their requests, an unfinished account."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.accounts.resume import Unfinished, unfinished
from wizard.extensions import db
from wizard.models import Membership, State


@dataclass(frozen=True)
class Situation:
    accepted: list[Membership]
    waiting: list[Membership]  # requests not (yet) accepted: Pendiente, Rechazado, Cancelado
    resume: Unfinished | None


def situation(user_id: int) -> Situation:
    memberships = db.session.scalars(select(Membership).options(joinedload(Membership.account))
                                     .where(Membership.user_id == user_id)
                                     .order_by(Membership.requested_at.desc(), Membership.id.desc())).all()
    accepted = [m for m in memberships if m.state == State.ACEPTADO]
    waiting = [m for m in memberships if m.state != State.ACEPTADO][:5]
    return Situation(accepted, waiting, unfinished(user_id))
