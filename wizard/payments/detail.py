"""The payment request's page, for the contractor and for the entity: its state (the rejection's reason on top),
its values, documents (a ZIP's file list), the contract's money picture, the actions that apply and its history."""
from flask import session
from flask_login import login_required

from wizard.acting import act_for
from wizard.payments import bp
from wizard.payments.access import viewed
from wizard.payments.pages import detail_page


@bp.get("/pagos/<int:payment_id>")
@login_required
def detail(payment_id: int):
    found, membership = viewed(payment_id)
    if session.get("account_id") != membership.account_id:  # an emailed link: act for the account it concerns
        act_for(membership.account_id, membership.account.name)
    return detail_page(found, membership)
