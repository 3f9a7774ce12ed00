"""The supervisor's review: "Pagos por revisar" (every request "Enviado por el Proveedor" of the contracts they
supervise, oldest first), "Aprobar" after a confirmation (it cannot be undone) that records the reviewer's values
("Fecha de recepción original", "Código de registro presupuestal", "Valor a pagar", "% amortización de anticipo",
each proposed), "Rechazar" with its "Motivo del rechazo", and "Marcar como pagado" with the "Fecha real de pago"
and an optional support. Two supervisors or a double tap get one outcome: the loser sees the request as it now is,
with a message."""
from flask import flash, request, url_for
from flask_login import current_user, login_required

from wizard.contracts.access import entity_member
from wizard.contracts.rules import parse_date
from wizard.errors import Refused
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.models import PaymentState
from wizard.models.payments import FLOW
from wizard.payments import bp, queries, rules, service
from wizard.payments.access import reviewers_request
from wizard.payments.forms import NO_CSRF, ApproveForm, PaidForm, RejectForm
from wizard.payments.pages import detail_page, summary_context


def _version() -> int | None:
    return request.form.get("version", type=int)


def _lost(found, membership, refused: Refused):
    """The action did not happen (someone acted first, or it no longer applies): the request as it is now."""
    db.session.rollback()
    again = db.session.get(type(found), found.id)
    return detail_page(again, membership, status=422, error=refused.message)


@bp.get("/entidad/pagos")
@login_required
def por_revisar():
    me = entity_member()
    page = queries.to_review(me, request.args.get("page", 1, type=int))
    return render("payments/list.html", page=page, membership=me)


def _approval_page(found, form, first_sent, status=200):
    return render("payments/aprobar.html", status=status, found=found, contract=found.contract, form=form,
                  first_sent=first_sent, today=rules.today(), **summary_context(found))


@bp.route("/pagos/<int:payment_id>/aprobar", methods=["GET", "POST"])
@login_required
def aprobar(payment_id: int):
    found, membership = reviewers_request(payment_id)
    if request.method == "GET":
        if found.state != PaymentState.ENVIADO:
            return detail_page(found, membership)
        first_sent = queries.first_sent_on(found)
        initial = ApproveForm.initial(found, first_sent)
        return _approval_page(found, ApproveForm(formdata=None, data=initial, found=found, meta=NO_CSRF), first_sent)
    version = _version()
    if found.state != PaymentState.ENVIADO or (version is not None and version != found.version):
        return _lost(found, membership, Refused(FLOW.stale))  # a double tap, or someone acted first
    form = ApproveForm(found=found, meta=NO_CSRF)
    if not form.validate():
        return _approval_page(found, form, queries.first_sent_on(found), 422)
    try:
        service.approve(found, current_user.id, form.values(), version)
    except Refused as refused:
        if refused.message == FLOW.stale:
            return _lost(found, membership, refused)
        db.session.rollback()
        form.form_errors.append(refused.message)
        return _approval_page(found, form, queries.first_sent_on(found), 422)
    flash(f"Solicitud {found.number} aprobada: valor a pagar {found.to_pay_label}. Se avisó al contratista por "
          "correo.", "success")
    return redirect_to(url_for("payments.detail", payment_id=found.id))


@bp.route("/pagos/<int:payment_id>/rechazar", methods=["GET", "POST"])
@login_required
def rechazar(payment_id: int):
    found, membership = reviewers_request(payment_id)
    if request.method == "GET":
        if found.state != "enviado":
            return detail_page(found, membership)
        return render("payments/rechazar.html", found=found, form=RejectForm(formdata=None, meta=NO_CSRF))
    form = RejectForm(meta=NO_CSRF)
    if not form.validate() or not (form.motivo.data or "").strip():
        if not form.motivo.errors:
            form.motivo.errors = ["Escriba el motivo del rechazo: el contratista lo necesita para corregir la "
                                  "solicitud"]
        return render("payments/rechazar.html", found=found, form=form, status=422)
    try:
        service.reject(found, current_user.id, form.motivo.data, _version())
    except Refused as refused:
        return _lost(found, membership, refused)
    flash(f"Solicitud {found.number} rechazada. Se avisó al contratista por correo con el motivo.", "success")
    return redirect_to(url_for("payments.detail", payment_id=found.id))


def _support_problem() -> str | None:
    upload = request.files.get("archivo")
    if upload is None or not upload.filename:
        return None
    try:
        service.check_upload(upload)
    except Refused as refused:
        return refused.message
    return None


@bp.route("/pagos/<int:payment_id>/pagar", methods=["GET", "POST"])
@login_required
def pagar(payment_id: int):
    found, membership = reviewers_request(payment_id)
    if request.method == "GET":
        if found.state != "aprobado":
            return detail_page(found, membership)
        return render("payments/pagar.html", found=found, form=PaidForm(formdata=None, found=found, meta=NO_CSRF),
                      error=None)
    form = PaidForm(found=found, meta=NO_CSRF)
    if not form.validate():  # the support's own problem is said with the date's: the file must be chosen again
        return render("payments/pagar.html", found=found, form=form, error=_support_problem(), status=422)
    try:
        service.mark_paid(found, current_user.id, parse_date(form.fecha.data), request.files.get("archivo"),
                          _version())
    except Refused as refused:
        if refused.message == FLOW.stale:
            return _lost(found, membership, refused)
        db.session.rollback()  # the support document was refused: nothing moved
        return render("payments/pagar.html", found=found, form=form, error=refused.message, status=422)
    flash(f"Solicitud {found.number} marcada como pagada. Se avisó al contratista por correo.", "success")
    return redirect_to(url_for("payments.detail", payment_id=found.id))
