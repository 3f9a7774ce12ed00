"""The contract's documents through `wizard.attachments`: the entity's (the signed contract and others, step 5 and
"5. Documentos del contrato") and the supplier's ("4. Documentos del proveedor").

Without JavaScript an upload or a deletion answers 303 back to its page with the outcome said at the top; htmx gets
the same page loaded into <main>. A refused file answers 422 with the message on its field, and nothing is stored.
"""
import secrets

from flask import abort, flash, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException

from wizard import attachments, filechecks
from wizard.contracts import bp, service
from wizard.contracts.access import viewer_of
from wizard.contracts.pages import after, detail_page, editable, progress
from wizard.contracts.service import ENTITY_PREFIX, SIGNED, SUPPLIER_PREFIX
from wizard.errors import Refused, too_large_answer
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.models import AccountKind, Contract, ContractState, Document


def page(contract, status=200, errors=None):
    return render("contracts/documentos.html", documents=service.documents(contract.id), errors=errors or {},
                  max_label=attachments.max_label(), status=status, **progress(contract, "documentos"))


@bp.route("/entidad/contratos/<int:contract_id>/documentos", methods=["GET", "POST"])
@login_required
def documentos(contract_id: int):
    """Step 5: the signed contract (required) and other documents of the contract; "Continuar" checks the first."""
    _, contract, stop = editable(contract_id)
    if stop:
        return stop
    if request.method == "POST":
        if not service.documents(contract.id)["firmado"]:
            return page(contract, 422, {"firmado": "Anexe el contrato firmado: es obligatorio"})
        return after(contract, "documentos", False) if contract.is_draft else \
            redirect_to(url_for("contracts.detail", contract_id=contract.id) + "#documentos-contrato")
    return page(contract)


@bp.route("/entidad/contratos/<int:contract_id>/documentos/firmado", methods=["GET", "POST"])
@login_required
def anexar_firmado(contract_id: int):
    """Attach the signed contract, replacing the one there."""
    return anexar(contract_id, "firmado")


@bp.route("/entidad/contratos/<int:contract_id>/documentos/otro", methods=["GET", "POST"])
@login_required
def anexar_otro(contract_id: int):
    """Attach another document of the contract."""
    return anexar(contract_id, "otro")


@bp.errorhandler(413)
def too_large(error):
    """A file far over the limit on one of the contract's upload forms: its field says so, as for one a little over."""
    # Raised while CSRFProtect reads the form, before the view's own login_required: whoever may not edit the
    # contract (signed out, another entity) gets the general answer, never the contract's page nor a 500.
    args = request.view_args or {}
    which = {"contracts.anexar_firmado": "firmado", "contracts.anexar_otro": "otro"}.get(request.endpoint)
    if not current_user.is_authenticated or "contract_id" not in args:
        return too_large_answer()
    try:
        if which is not None:
            _, contract, stop = editable(args["contract_id"])
            return stop or page(contract, 422, {which: attachments.too_large_message()})
        if request.endpoint == "contracts.anexar_proveedor":
            contract, membership = supplier_contract(args["contract_id"])
            return detail_page(contract, membership, status=422, upload_error=attachments.too_large_message())
    except HTTPException:
        return too_large_answer()
    return too_large_answer()


def anexar(contract_id: int, which: str):
    _, contract, stop = editable(contract_id)
    if stop:
        return stop
    if request.method == "GET":  # the upload's address reloaded or reopened (after a refused file): its step
        return redirect_to(url_for("contracts.documentos", contract_id=contract.id))
    upload = request.files.get("archivo")
    slot = SIGNED if which == "firmado" else ENTITY_PREFIX + secrets.token_hex(8)
    before = service.documents(contract.id)["firmado"]
    try:
        if upload is not None and upload.filename:
            service.record_document(contract, current_user.id, before[0].original_name if which == "firmado" and before
                                    else None, filechecks.display_name(upload.filename))
        document = attachments.attach("contract", contract.id, slot, upload, current_user.id)
    except Refused as refused:
        db.session.rollback()
        return page(contract, 422, {which: refused.message})
    flash(f"Documento anexo: {document.original_name}", "success")
    return redirect_to(url_for("contracts.documentos", contract_id=contract.id))


def _document(contract: Contract, document_id: int, prefix: str | None) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.contract_id != contract.id:
        abort(404)
    supplier = document.slot.startswith(SUPPLIER_PREFIX)
    if (prefix == SUPPLIER_PREFIX) != supplier:
        abort(404)
    return document


@bp.post("/entidad/contratos/<int:contract_id>/documentos/<int:document_id>/borrar")
@login_required
def borrar(contract_id: int, document_id: int):
    """"Borrar documento": an entity's document; the signed contract of a registered contract is only replaced."""
    _, contract, stop = editable(contract_id)
    if stop:
        return stop
    document = _document(contract, document_id, ENTITY_PREFIX)
    if document.slot == SIGNED and not contract.is_draft:
        return page(contract, 422, {"firmado": "El contrato firmado de un contrato en ejecución no se borra: "
                                               "anexe el nuevo para reemplazarlo"})
    try:
        service.record_document(contract, current_user.id, document.original_name, None)
    except Refused as refused:
        db.session.rollback()
        return page(contract, 422, {"otro": refused.message})
    attachments.discard(document)
    db.session.commit()
    flash(f"Documento borrado: {document.original_name}", "success")
    return redirect_to(url_for("contracts.documentos", contract_id=contract.id))


# The supplier's documents, from the contract's page ----------------------------------------------------------------

def supplier_contract(contract_id: int):
    """The contract and the signed-in user's membership of its supplier (403 for the entity's users)."""
    contract = db.session.get(Contract, contract_id)
    membership = viewer_of(contract)
    if membership.account.kind != AccountKind.PROVEEDOR or membership.account_id != contract.supplier_account_id:
        abort(403)
    return contract, membership


def back_to_supplier_documents(contract: Contract):
    return redirect_to(url_for("contracts.detail", contract_id=contract.id) + "#documentos-proveedor")


@bp.route("/contratos/<int:contract_id>/documentos-proveedor", methods=["GET", "POST"])
@login_required
def anexar_proveedor(contract_id: int):
    """The supplier attaches a document of its own to the contract (certificates and the like)."""
    contract, membership = supplier_contract(contract_id)
    if request.method == "GET":  # the upload's address reloaded after a refused file: the contract's documents
        return back_to_supplier_documents(contract)
    if contract.state == ContractState.TERMINADO:
        flash("El contrato está terminado: ya no recibe documentos.", "warning")
        return back_to_supplier_documents(contract)
    try:
        document = attachments.attach("contract", contract.id, SUPPLIER_PREFIX + secrets.token_hex(8),
                                      request.files.get("archivo"), current_user.id)
    except Refused as refused:
        return detail_page(contract, membership, status=422, upload_error=refused.message)
    flash(f"Documento anexo: {document.original_name}", "success")
    return back_to_supplier_documents(contract)


@bp.post("/contratos/<int:contract_id>/documentos-proveedor/<int:document_id>/borrar")
@login_required
def borrar_proveedor(contract_id: int, document_id: int):
    contract, _ = supplier_contract(contract_id)
    document = _document(contract, document_id, SUPPLIER_PREFIX)
    attachments.discard(document)
    db.session.commit()
    flash(f"Documento borrado: {document.original_name}", "success")
    return back_to_supplier_documents(contract)
