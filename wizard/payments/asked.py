"""The entity's choice of the supporting documents its contractor must attach to the contract's payment requests
("Documentos de las solicitudes de pago"): some with every request, some once with the first. Only the entity's
administrators choose, while the contract can still change; a registered contract's change is in its history."""
from flask import flash, request, url_for
from flask_login import current_user, login_required

from wizard.contracts.pages import editable, seen_version
from wizard.errors import Refused
from wizard.htmx import redirect_to, render
from wizard.payments import bp, service
from wizard.payments.forms import NO_CSRF, AskedDocumentsForm


@bp.route("/entidad/contratos/<int:contract_id>/documentos-de-pago", methods=["GET", "POST"])
@login_required
def documentos_de_pago(contract_id: int):
    """"Documentos de las solicitudes de pago": the checkboxes, "Guardar"."""
    _, contract, stop = editable(contract_id, correcting=False)  # holds for the requests not yet sent
    if stop:
        return stop
    if request.method == "GET":
        form = AskedDocumentsForm(formdata=None, data=AskedDocumentsForm.initial(contract), meta=NO_CSRF)
        return _page(contract, form)
    form = AskedDocumentsForm(meta=NO_CSRF)
    if not form.validate():
        return _page(contract, form, 422)
    try:
        changed = service.set_asked(contract, form.chosen(), current_user.id, seen_version())
    except Refused as refused:
        form.form_errors.append(refused.message)
        return _page(contract, form, 422)
    flash("Se guardaron los documentos que se piden en las solicitudes de pago." if changed
          else "No cambió ningún documento.", "success" if changed else "info")
    return redirect_to(url_for("contracts.detail", contract_id=contract.id) + "#documentos-de-pago")


def _page(contract, form, status: int = 200):
    return render("payments/documentos_de_pago.html", contract=contract, form=form, status=status)
