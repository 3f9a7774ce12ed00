"""Step 3's documents through `wizard.attachments`: each document the contract asks for ("Informe de actividades",
"Planilla de pago de seguridad social", the "Cuenta de cobro" of who does not invoice... see rules.DOCUMENTS)
attached by its own form (a PDF or a ZIP inspected without unpacking it), and "Borrar documento". A refused file
answers 422 with the message on its field; nothing is stored. A document the request is not asked for is a 404."""
from flask import abort, flash, request, url_for
from flask_login import current_user, login_required

from wizard.errors import Refused
from wizard.extensions import db
from wizard.htmx import redirect_to
from wizard.models import Document
from wizard.payments import bp, queries, rules, service
from wizard.payments.access import editable_or_back, suppliers_request
from wizard.payments.forms import NO_CSRF, PayrollForm
from wizard.payments.pages import documents_page


def _back(found):
    return redirect_to(url_for("payments.documentos", payment_id=found.id))


def _payroll_form(found):
    """What was typed in the step's own fields travels with an upload (so nothing typed is lost without JS)."""
    if "planilla" in request.form or "fecha_pago" in request.form:
        return PayrollForm(meta=NO_CSRF)
    return PayrollForm(formdata=None, data=PayrollForm.initial(found), meta=NO_CSRF)


@bp.post("/pagos/<int:payment_id>/documentos/<slug>")
@login_required
def anexar(payment_id: int, slug: str):
    """Attach one document: /documentos/informe, /documentos/cuenta-cobro... (the slot, "-" for "_")."""
    slot = slug.replace("-", "_")
    if slot not in rules.DOCUMENTS:
        abort(404)
    found, _ = suppliers_request(payment_id)
    stop = editable_or_back(found)
    if stop:
        return stop
    if slot not in queries.required_documents(found):
        abort(404)
    form = _payroll_form(found)
    try:
        document = service.attach(found, slot, request.files.get("archivo"), current_user.id)
    except Refused as refused:
        db.session.rollback()
        if refused.message == service.IMMUTABLE:
            return editable_or_back(db.session.get(type(found), found.id))
        return documents_page(found, form, 422, {slot: refused.message})
    flash(f"Documento anexo: {rules.DOCUMENTS[slot]} ({document.original_name})", "success")
    return _back(found)


@bp.post("/pagos/<int:payment_id>/documentos/<int:document_id>/borrar")
@login_required
def borrar(payment_id: int, document_id: int):
    """"Borrar documento"."""
    found, _ = suppliers_request(payment_id)
    stop = editable_or_back(found)
    if stop:
        return stop
    document = db.session.get(Document, document_id)
    if document is None or document.payment_request_id != found.id:
        abort(404)
    try:
        service.remove(found, document)
    except Refused:
        return editable_or_back(db.session.get(type(found), found.id))
    flash(f"Documento borrado: {document.original_name}", "success")
    return _back(found)
