"""Which circulars a signed-in user reaches: those of the Entidades Estatales they are an accepted user of."""
from flask import abort, session
from flask_login import current_user

from wizard.acting import act_for
from wizard.circulars import service
from wizard.errors import NotAllowed
from wizard.models import Circular, Membership


def acting_entity() -> Membership:
    """The acting account's membership when the account is an Entidad Estatal; 403 otherwise."""
    membership = service.entity_membership(current_user.id, session.get("account_id"))
    if membership is None:
        abort(403)
    return membership


def load(circular_id: int) -> tuple[Circular, Membership]:
    """The circular and the user's membership of its entity, acting for it from now on; 404 for anyone else (an id
    changed in the address reaches nothing)."""
    try:
        circular, membership = service.for_member(current_user.id, circular_id)
    except NotAllowed:
        abort(404)
    if session.get("account_id") != circular.account_id:
        act_for(circular.account_id, circular.account.name)
    return circular, membership
