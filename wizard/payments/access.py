"""Who may do what with payment requests, for the views. Only the supplier account's accepted users create, edit
and send its requests; only the contract's supervisor (or the entity's administrators) approve, reject and mark
paid. A request that is not the user's is a 404 whatever the id (a request still "En edición", or discarded
before it was ever sent, is not the entity's to see); a request the user sees but may not act on is a 403."""
from flask import abort, flash, url_for
from flask_login import current_user

from wizard.contracts.access import viewer_of
from wizard.extensions import db
from wizard.htmx import redirect_to
from wizard.models import AccountKind, Contract, Membership, PaymentRequest, PaymentState
from wizard.payments import queries, service


def supplier_of(contract: Contract | None) -> Membership:
    """The signed-in user's membership of the contract's supplier (404 if not theirs, 403 for the entity's)."""
    membership = viewer_of(contract)
    if membership.account.kind != AccountKind.PROVEEDOR or membership.account_id != contract.supplier_account_id:
        abort(403)
    return membership


def viewed(payment_id: int) -> tuple[PaymentRequest, Membership]:
    """The request and the membership that shows it to the signed-in user."""
    found = db.session.get(PaymentRequest, payment_id)
    if found is None:
        abort(404)
    membership = viewer_of(found.contract)
    entity_side = membership.account_id == found.contract.account_id
    if entity_side and found.state in (PaymentState.EN_EDICION, PaymentState.DESCARTADA):
        abort(404)
    return found, membership


def suppliers_request(payment_id: int) -> tuple[PaymentRequest, Membership]:
    found, membership = viewed(payment_id)
    return found, supplier_of(found.contract)


def reviewers_request(payment_id: int) -> tuple[PaymentRequest, Membership]:
    found, membership = viewed(payment_id)
    if membership.account_id != found.contract.account_id or not queries.is_reviewer(found.contract,
                                                                                       current_user.id):
        abort(403)
    return found, membership


def editable_or_back(found: PaymentRequest):
    """None while the request may change; otherwise a redirect to it saying why it no longer can (sent, approved or
    paid; or its contract no longer receives requests, so editing it could never end in "Enviar")."""
    closed = service.closed_message(found.contract)
    if found.editable and not closed:
        return None
    flash(f"Esta solicitud está «{found.state_label}»: ya no se puede cambiar." if not found.editable
          else closed + ".", "warning")
    return redirect_to(url_for("payments.detail", payment_id=found.id))
