"""Step 3's documents through `wizard.attachments`: each document the contract asks for ("Informe de actividades",
"Planilla de pago de seguridad social", the "Cuenta de cobro" of who does not invoice... see rules.DOCUMENTS)
attached by its own form (a PDF or a ZIP inspected without unpacking it), and "Borrar documento". A refused file
answers 422 with the message on its field; nothing is stored. A document the request is not asked for is a 404."""
from flask import abort, flash, request, url_for
from flask_login import login_required

from wizard.errors import Refused
from wizard.extensions import db
from wizard.htmx import redirect_to
from wizard.models import Document
from wizard.payments import bp, queries, rules, service
from wizard.payments.access import editable_or_back, suppliers_request
from wizard.payments.chosen import attach_chosen
from wizard.payments.forms import NO_CSRF, PayrollForm
from wizard.payments.pages import documents_page


def _back(found):
    return redirect_to(url_for("payments.documentos", payment_id=found.id))


def keep_typed(found, required: list[str]) -> PayrollForm | None:
    """The payroll's number and day typed in the step's form, which travel with every upload and deletion: saved
    when they are right (like a step passed), else returned to be shown again as typed, without a message (the user
    asked for a document, not for this check). None when nothing needs showing beyond what is saved. Refused
    (IMMUTABLE) when the request can no longer change."""
    if "planilla" not in required or not ("planilla" in request.form or "fecha_pago" in request.form):
        return None
    form = PayrollForm(meta=NO_CSRF)
    if form.validate():
        if form.values() != PayrollForm.initial_values(found):
            service.save(found, form.values())
        return None
    if {"planilla": form.planilla.data or "", "fecha_pago": form.fecha_pago.data or ""} == PayrollForm.initial(found):
        return None  # nothing typed beyond what is saved
    return PayrollForm(meta=NO_CSRF)  # fresh: no messages


def _done(found, kept: PayrollForm | None):
    """After an upload or a deletion: the step again, with what was typed and not yet saved when there is some."""
    if kept is None:
        return _back(found)
    return documents_page(found, kept)


@bp.route("/pagos/<int:payment_id>/documentos/<slug>", methods=["GET", "POST"])
@login_required
def anexar(payment_id: int, slug: str):
    """Attach one document: /documentos/informe, /documentos/cuenta-cobro... (the slot, "-" for "_"), with any
    other file chosen in the step's form."""
    slot = slug.replace("-", "_")
    if slot not in rules.DOCUMENTS:
        abort(404)
    found, _ = suppliers_request(payment_id)
    if request.method == "GET":  # the upload's address reloaded or reopened (after a refused file): its step
        return _back(found)
    stop = editable_or_back(found)
    if stop:
        return stop
    required = queries.required_documents(found)
    if slot not in required:
        abort(404)
    try:
        kept = keep_typed(found, required)
    except Refused:
        return editable_or_back(db.session.get(type(found), found.id))
    errors = attach_chosen(found, required, asked=slot)
    if errors is None:
        return editable_or_back(db.session.get(type(found), found.id))
    if errors:
        form = kept or PayrollForm(formdata=None, data=PayrollForm.initial(found), meta=NO_CSRF)
        return documents_page(found, form, 422, errors, required)
    return _done(found, kept)


@bp.route("/pagos/<int:payment_id>/documentos/<int:document_id>/borrar", methods=["GET", "POST"])
@login_required
def borrar(payment_id: int, document_id: int):
    """"Borrar documento"."""
    found, _ = suppliers_request(payment_id)
    if request.method == "GET":
        return _back(found)
    stop = editable_or_back(found)
    if stop:
        return stop
    document = db.session.get(Document, document_id)
    if document is None or document.payment_request_id != found.id:
        abort(404)
    try:
        kept = keep_typed(found, queries.required_documents(found))
        service.remove(found, document)
    except Refused:
        return editable_or_back(db.session.get(type(found), found.id))
    flash(f"Documento borrado: {document.original_name}", "success")
    return _done(found, kept)
