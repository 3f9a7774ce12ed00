"""The circulars' card on an Entidad Estatal's Escritorio: its latest circulars with who has registered."""
from sqlalchemy import func, select

from wizard.circulars import follow
from wizard.desk.cards import Card, card
from wizard.extensions import db
from wizard.models import AccountKind, Circular, Membership

SHOWN = 5


@card(order=20)
def circulars(membership: Membership) -> Card | None:
    if membership.account.kind != AccountKind.ENTIDAD_ESTATAL:
        return None
    latest = db.session.scalars(select(Circular).where(Circular.account_id == membership.account_id)
                                .order_by(Circular.created_at.desc(), Circular.id.desc()).limit(SHOWN)).all()
    total = db.session.scalar(select(func.count()).where(Circular.account_id == membership.account_id)) \
        if len(latest) == SHOWN else len(latest)
    return Card("circulars/_desk_card.html", {"circulars": latest, "total": total,
                                              "counts": follow.counts_of([c.id for c in latest])})
