"""Step 3, "Anexar documentos": upload, delete and download the account's documents."""
from flask import abort, current_app, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from wizard import storage
from wizard.access.switch import accepted_membership
from wizard.accounts import service
from wizard.accounts.documents import missing_documents
from wizard.accounts.forms import DocumentsForm, UploadForm
from wizard.accounts.views import bp, guard, progress
from wizard.extensions import db
from wizard.htmx import is_htmx, redirect_to, render
from wizard.models import AccountDraft, Document

# Without JavaScript an upload or deletion redirects to the list with ?<outcome>=<slot>, said on that row.
OUTCOMES = {"anexo": "Documento anexo", "guardado": "Cambios guardados", "borrado": "Documento borrado"}


def documents_page(draft, form=None, status=200, errors=None, notices=None):
    rules = service.rules_for(draft)
    if form is None:
        form = DocumentsForm(formdata=None, meta=service.NO_CSRF,
                             data={"sin_contabilidad": bool(service.answers(draft, "documentos").get("sin_contabilidad"))})
    return render("accounts/documentos.html", form=form, rules=rules, attached=service.draft_documents(draft),
                  natural=service.is_natural_person(service.organization(draft)), errors=errors or {},
                  notices=notices or {}, max_label=storage.max_label(), status=status,
                  **progress("documentos", draft))


@bp.route("/cuenta/nueva/documentos", methods=["GET", "POST"])
@login_required
def documentos():
    """Step 3: the list of documents; "Continuar" checks that every required one is attached."""
    draft, redirect = guard("documentos")
    if redirect:
        return redirect
    if request.method == "GET":  # after an upload without JavaScript, say so on the document's row
        notices = {request.args.get(arg, ""): text for arg, text in OUTCOMES.items()}
        return documents_page(draft, notices=notices)
    form = DocumentsForm(meta=service.NO_CSRF)
    service.save(draft, "documentos", {"sin_contabilidad": bool(form.sin_contabilidad.data)})
    if "continuar" not in request.form:  # "Aplicar": the list changes with the checkbox
        return documents_page(draft, form)
    missing = missing_documents(service.rules_for(draft), set(service.draft_documents(draft)))
    if missing:
        errors = {r.slot: "Anexe este documento: es obligatorio" for r in missing}
        return documents_page(draft, form, status=422, errors=errors)
    service.save(draft, "documentos", {"sin_contabilidad": bool(form.sin_contabilidad.data)}, passed=True)
    return redirect_to(url_for("accounts.finalizar"))


def _row(draft, slot: str, status=200, error=None, notice=None):
    """One document's row: the htmx answer to an upload or a deletion, or the whole page without JavaScript."""
    if not is_htmx():
        if error:
            return documents_page(draft, status=status, errors={slot: error})
        outcome = next((arg for arg, text in OUTCOMES.items() if text == notice), "anexo")
        return redirect_to(url_for("accounts.documentos", **{outcome: slot}) + f"#doc-{slot}")
    rule = next(r for r in service.rules_for(draft) if r.slot == slot)
    return render_template("accounts/_document_row.html", rule=rule, document=service.draft_documents(draft).get(slot),
                           error=error, notice=notice, max_label=storage.max_label()), status


def _slot_or_404(draft, slot: str) -> None:
    if slot not in {r.slot for r in service.rules_for(draft)}:
        abort(404)


@bp.post("/cuenta/nueva/documentos/<slot>")
@login_required
def anexar(slot: str):
    """Attach (or replace) one document, refusing executables, empty and too large files."""
    draft, redirect = guard("documentos")
    if redirect:
        return redirect
    _slot_or_404(draft, slot)
    form = UploadForm(meta=service.NO_CSRF)
    existing = service.draft_documents(draft).get(slot)
    upload = request.files.get("archivo")
    if (upload is None or not upload.filename) and existing is not None:
        existing.confidential = bool(form.confidencial.data)
        db.session.commit()
        return _row(draft, slot, notice="Cambios guardados")
    if upload is None:
        return _row(draft, slot, 422, error="Elija el archivo que quiere anexar")
    checked = storage.check(upload.stream, upload.filename or "", storage.max_bytes())
    if checked.problem:
        return _row(draft, slot, 422, error=checked.problem)
    key = storage.save(checked.data)
    replaced = [d for d in service.all_draft_documents(draft) if d.slot == slot]
    old_keys = [d.storage_key for d in replaced]
    for document in replaced:
        db.session.delete(document)
    db.session.flush()
    db.session.add(Document(draft_id=draft.id, slot=slot, original_name=storage.display_name(upload.filename),
                            storage_key=key, size=len(checked.data), content_type=checked.content_type,
                            confidential=bool(form.confidencial.data), uploaded_by_id=current_user.id))
    db.session.commit()
    for old_key in old_keys:
        storage.delete(old_key)
    return _row(draft, slot, notice="Documento anexo")


@bp.post("/cuenta/nueva/documentos/<slot>/borrar")
@login_required
def borrar(slot: str):
    """"Borrar documento": remove the attached file of this row."""
    draft, redirect = guard("documentos")
    if redirect:
        return redirect
    _slot_or_404(draft, slot)
    removed = [d for d in service.all_draft_documents(draft) if d.slot == slot]
    keys = [d.storage_key for d in removed]
    for document in removed:
        db.session.delete(document)
    db.session.commit()
    for key in keys:
        storage.delete(key)
    return _row(draft, slot, notice="Documento borrado")


@bp.errorhandler(413)
def too_large(error):
    """A file over the request limit: say so on the row (htmx) or on the page, never a bare error."""
    message = (f"El archivo supera el tamaño máximo de {storage.max_label()}. "
               "Redúzcalo (por ejemplo en un ZIP) e inténtelo de nuevo")
    draft = service.get_draft(current_user.id) if current_user.is_authenticated else None
    slot = (request.view_args or {}).get("slot")
    if draft is None or slot not in {r.slot for r in service.rules_for(draft)}:
        return message, 413
    if is_htmx():
        return _row(draft, slot, 422, error=message)
    return documents_page(draft, status=413, errors={slot: message})


@bp.get("/cuenta/documentos/<int:document_id>")
@login_required
def descargar(document_id: int):
    """Serve a document to its uploader while drafting, and to the account's accepted members afterwards."""
    document = db.session.get(Document, document_id)
    if document is None:
        abort(404)
    allowed = False
    if document.draft_id is not None:
        draft = db.session.get(AccountDraft, document.draft_id)
        allowed = draft is not None and draft.user_id == current_user.id
    elif document.account_id is not None:
        allowed = accepted_membership(current_user.id, document.account_id) is not None
    if not allowed:
        abort(404)
    try:
        path = storage.path(document.storage_key)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        current_app.logger.warning("documento %s sin archivo", document.id)
        abort(404)
    return send_file(path, as_attachment=True, download_name=document.original_name,
                     mimetype=document.content_type, max_age=0)
