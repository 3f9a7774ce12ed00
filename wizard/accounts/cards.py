"""The account wizard's card on the Escritorio: an account still being registered, offered by name."""
from wizard.accounts.resume import unfinished
from wizard.desk.cards import Card, card
from wizard.models import Membership


@card(order=5)
def unfinished_account(membership: Membership) -> Card | None:
    found = unfinished(membership.user_id)
    return Card("accounts/_resume_card.html", {"resume": found}) if found else None
