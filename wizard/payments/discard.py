"""«Descartar solicitud»: the contractor discards a request "En edición" that was never sent (the wrong month, a
payment begun twice) after a confirmation page that works without JavaScript. The request becomes "Descartada"
(kept with its history, hidden from the plan), its documents are deleted, and its instalment offers "Registro"
again. A request ever sent (rejected, approved, paid...) is never discarded: a rejected one is corrected in place."""
from flask import flash, request, url_for
from flask_login import current_user, login_required

from wizard.errors import Refused
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.models import PaymentRequest, PaymentState
from wizard.payments import bp, queries, service
from wizard.payments.access import suppliers_request
from wizard.payments.pages import detail_page


def discardable(found: PaymentRequest) -> bool:
    return found.state == PaymentState.EN_EDICION and not found.filing_number


def _plan(found: PaymentRequest) -> str:
    return url_for("contracts.detail", contract_id=found.contract_id) + "#plan-de-pagos"


def _already(found: PaymentRequest):
    name = f"La solicitud de pago {found.number}" if found.number else "La solicitud de pago"
    flash(f"{name} ya estaba descartada.", "warning")
    return redirect_to(_plan(found))


def _done_message(number: str, instalment: int | None, documents: int) -> str:
    what = f"Se descartó la solicitud de pago {number}" if number else "Se descartó la solicitud de pago"
    if documents:
        what += " y se borraron sus documentos anexos" if documents > 1 else " y se borró su documento anexo"
    if instalment is not None:
        return f"{what}. La cuota {instalment} del plan de pagos vuelve a ofrecer «Registro»."
    return f"{what}."


@bp.route("/pagos/<int:payment_id>/descartar", methods=["GET", "POST"])
@login_required
def descartar(payment_id: int):
    found, membership = suppliers_request(payment_id)
    if found.state == PaymentState.DESCARTADA:
        return _already(found)
    if not discardable(found):
        return detail_page(found, membership, status=422 if request.method == "POST" else 200,
                           error=service.NOT_DISCARDABLE)
    documents = queries.documents(found.id)
    if request.method == "GET":
        return render("payments/descartar.html", found=found, contract=found.contract, documents=documents)
    number, instalment = found.number, found.instalment.number if found.instalment else None
    try:
        service.discard(found, current_user.id, request.form.get("version", type=int))
    except Refused as refused:
        db.session.rollback()
        again = db.session.get(PaymentRequest, found.id)
        if again.state == PaymentState.DESCARTADA:  # a second tap
            return _already(again)
        message = refused.message if discardable(again) else service.NOT_DISCARDABLE  # sent meanwhile
        return detail_page(again, membership, status=422, error=message)
    flash(_done_message(number, instalment, len(documents)), "success")
    return redirect_to(_plan(found))
