"""The Escritorio's "Pagos por revisar" card: for the entity's supervisors and administrators, with the count."""
from wizard.desk.cards import Card, card
from wizard.models import AccountKind, Membership
from wizard.payments import queries


@card(order=6)
def to_review(membership: Membership) -> Card | None:
    if membership.account.kind != AccountKind.ENTIDAD_ESTATAL or not queries.reviews_anything(membership):
        return None
    return Card("payments/_desk.html", {"count": queries.review_count(membership)})
