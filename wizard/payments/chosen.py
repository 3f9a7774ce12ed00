"""The files chosen in step 3's one form (each travels with every button): which one a slot got, and attaching
them all. Shared by the step's "Continuar" (wizard/payments/steps.py) and its "Anexar documento" (documents.py)."""
from flask import flash, request
from flask_login import current_user

from wizard.errors import Refused
from wizard.extensions import db
from wizard.payments import rules, service


def chosen_file(slot: str):
    """The file chosen for `slot`: "archivo-SLOT" in the step's one form, "archivo" from a form of its own."""
    upload = request.files.get(f"archivo-{slot}")
    return upload if upload is not None and upload.filename else request.files.get("archivo")


def attach_chosen(found, required: list[str], asked: str | None = None) -> dict[str, str] | None:
    """Attach every file chosen in the step's one form (each travels with every button), and the `asked` slot's
    even without a file (its own "Anexar documento": the message says to choose one). The messages of the refused
    ones by slot; None when the request can no longer change."""
    errors = {}
    for slot in required:
        upload = chosen_file(slot) if slot == asked else request.files.get(f"archivo-{slot}")
        if slot != asked and (upload is None or not upload.filename):
            continue
        try:
            document = service.attach(found, slot, upload, current_user.id)
        except Refused as refused:
            db.session.rollback()
            if refused.message == service.IMMUTABLE:
                return None
            errors[slot] = refused.message
        else:
            flash(f"Documento anexo: {rules.DOCUMENTS[slot]} ({document.original_name})", "success")
    return errors
