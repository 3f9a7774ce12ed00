"""What the payment request's pages share: the steps and their progress, where a passed step goes, and the
request's page itself (answered by its view and by the actions that come back to it with a message)."""
from flask import url_for
from flask_login import current_user

from wizard import cufe
from wizard.contracts.service import money
from wizard.htmx import redirect_to, render
from wizard.models.payments import ENTITY_LABELS
from wizard.payments import queries, rules, service

STEPS = ["factura", "valores", "documentos", "confirmar"]
LABELS = {"factura": "Factura o cuenta de cobro", "valores": "Valores", "documentos": "Anexar documentos",
          "confirmar": "Confirmar"}


def progress(contract, found, current: str) -> dict:
    return {"steps": STEPS, "labels": LABELS, "current": current, "contract": contract, "found": found}


def after(found, step: str):
    """A passed step: the next one (the request is saved; "Confirmar" is where it is sent)."""
    return redirect_to(url_for(f"payments.{STEPS[STEPS.index(step) + 1]}", payment_id=found.id))


def summary_context(found) -> dict:
    return {"documents": queries.documents(found.id), "document_names": rules.DOCUMENTS,
            "dian": cufe.lookup_url(found.cufe) if found.cufe else None}


def detail_page(found, membership, status: int = 200, error: str | None = None):
    contract = found.contract
    entity_side = membership.account_id == contract.account_id
    reviewer = entity_side and queries.is_reviewer(contract, current_user.id)
    next_up, waiting = queries.next_to_review(membership, found) if reviewer else (None, 0)
    return render("payments/detail.html", status=status, found=found, contract=contract, membership=membership,
                  entity_side=entity_side, error=error, closed=service.closed_message(contract),
                  entity_labels=ENTITY_LABELS, reviewer=reviewer, next_up=next_up, waiting=waiting,
                  picture=money(contract, entity_side), events=queries.events(found.id), **summary_context(found))


def documents_page(found, form, status=200, errors=None, required=None):
    """Step 3; `required`, when the caller has it, is queries.required_documents(found)."""
    return render("payments/documentos.html", form=form, status=status, errors=errors or {},
                  required=queries.required_documents(found) if required is None else required,
                  document_hints=rules.DOCUMENT_HINTS, **summary_context(found),
                  **progress(found.contract, found, "documentos"))
