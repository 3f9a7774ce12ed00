"""Step 3, "Anexar documentos": attach, replace and delete the draft's documents through `wizard.attachments`."""
from flask import abort, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from wizard import attachments
from wizard.accounts import service
from wizard.accounts.documents import missing_documents
from wizard.accounts.forms import DocumentsForm, UploadForm
from wizard.accounts import bp
from wizard.accounts.steps import guard, progress
from wizard.errors import Refused
from wizard.htmx import is_htmx, redirect_to, render

# Without JavaScript an upload or deletion redirects to the list with ?<outcome>=<slot>, said on that row.
MISSING = "Anexe este documento: es obligatorio"
OUTCOMES = {"anexo": "Documento anexo", "guardado": "Cambios guardados", "borrado": "Documento borrado"}


def documents_page(draft, form=None, status=200, errors=None, notices=None):
    rules = service.rules_for(draft)
    if form is None:
        form = DocumentsForm(formdata=None, meta=service.NO_CSRF,
                             data={"sin_contabilidad": bool(service.answers(draft, "documentos").get("sin_contabilidad"))})
    return render("accounts/documentos.html", form=form, rules=rules, attached=service.draft_documents(draft),
                  natural=service.is_natural_person(service.organization(draft)), errors=errors or {},
                  notices=notices or {}, max_label=attachments.max_label(), status=status,
                  **progress("documentos", draft))


@bp.route("/cuenta/nueva/documentos", methods=["GET", "POST"])
@login_required
def documentos():
    """Step 3: the list of documents; "Continuar" checks that every required one is attached."""
    draft, redirect = guard("documentos")
    if redirect:
        return redirect
    if service.is_entity(draft):  # an Entidad Estatal has no supplier documents: the step is passed as it is
        service.save(draft, "documentos", {}, passed=True)
        return redirect_to(url_for("accounts.finalizar"))
    if request.method == "GET":  # after an upload without JavaScript, say so on the document's row
        notices = {request.args.get(arg, ""): text for arg, text in OUTCOMES.items()}
        return documents_page(draft, notices=notices)
    form = DocumentsForm(meta=service.NO_CSRF)
    service.save(draft, "documentos", {"sin_contabilidad": bool(form.sin_contabilidad.data)})
    if "continuar" not in request.form:  # "Aplicar": the list changes with the checkbox
        return documents_page(draft, form)
    missing = missing_documents(service.rules_for(draft), set(service.draft_documents(draft)))
    if missing:
        errors = {r.slot: MISSING for r in missing}
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
    rules = service.rules_for(draft)
    rule = next(r for r in rules if r.slot == slot)
    attached = service.draft_documents(draft)
    summary, flagged = _summary(rules, attached, slot, error)
    return render_template("accounts/_document_row.html", rule=rule, document=attached.get(slot), error=error,
                           notice=notice, answer=True, summary=summary, flagged=",".join(flagged)), status


def _summary(rules, attached, slot: str, error: str | None):
    """The page's error summary after a row changed (htmx), when "Continuar" had flagged documents (the rows'
    forms carry them as "senalados"): those still missing, and this row's own error; None when none were flagged."""
    try:
        typed = request.form.get("senalados", "")[:2000]
    except RequestEntityTooLarge:  # the 413 answer of a file over the limit: the form cannot be read
        typed = ""
    flagged = set(typed.split(",")) & {r.slot for r in rules}
    if not flagged:
        return None, []
    missing = {r.slot for r in missing_documents(rules, set(attached))}
    problems, still = [], []
    for r in rules:
        if r.slot == slot and error:
            problems.append((f"archivo-{r.slot}", r.name, error))
            still.append(r.slot)
        elif r.slot in flagged and r.slot in missing:
            problems.append((f"archivo-{r.slot}", r.name, MISSING))
            still.append(r.slot)
    return problems, still


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
    upload = request.files.get("archivo")
    existing = service.draft_documents(draft).get(slot)
    if (upload is None or not upload.filename) and existing is not None:
        attachments.set_confidential(existing, bool(form.confidencial.data))
        return _row(draft, slot, notice="Cambios guardados")
    try:
        attachments.attach("draft", draft.id, slot, upload, current_user.id, confidential=bool(form.confidencial.data))
    except Refused as refused:
        return _row(draft, slot, 422, error=refused.message)
    return _row(draft, slot, notice="Documento anexo")


@bp.post("/cuenta/nueva/documentos/<slot>/borrar")
@login_required
def borrar(slot: str):
    """"Borrar documento": remove the attached file of this row."""
    draft, redirect = guard("documentos")
    if redirect:
        return redirect
    _slot_or_404(draft, slot)
    attachments.remove("draft", draft.id, slot)
    return _row(draft, slot, notice="Documento borrado")


@bp.errorhandler(413)
def too_large(error):
    """A file over the request limit: say so on the row (htmx) or on the page, never a bare error."""
    message = attachments.too_large_message()
    draft = service.get_draft(current_user.id) if current_user.is_authenticated else None
    slot = (request.view_args or {}).get("slot")
    if draft is None or slot not in {r.slot for r in service.rules_for(draft)}:
        return message, 413
    if is_htmx():
        return _row(draft, slot, 422, error=message)
    return documents_page(draft, status=413, errors={slot: message})
