"""What the contract's pages share: the steps' progress, whether a contract may still change, where a passed step
goes, and the contract's page itself (answered by its view and by the actions that come back to it)."""
from flask import flash, request, session, url_for

from wizard.acting import act_for
from wizard.contracts import service
from wizard.contracts.access import admins_contract
from wizard.contracts.service import LABELS, STEPS
from wizard.htmx import redirect_to, render
from wizard.models import ContractState
from wizard.reference import contract_types, funding_sources, label, modalities

# Where a correction returns on the contract's page.
SECTIONS = {"datos": "informacion-general", "contratista": "condiciones", "presupuesto": "informacion-presupuestal",
            "cuotas": "ejecucion", "documentos": "documentos-contrato"}


def progress(contract, current: str) -> dict:
    return {"steps": STEPS, "labels": LABELS, "current": current, "contract": contract,
            "correcting": contract is not None and not contract.is_draft}


def editable(contract_id: int, correcting: bool = True):
    """The administrator's contract, if it can still change: a terminated one cannot (a redirect says so), nor can a
    correction be opened once the contract's guards refuse one (`correcting`; a form already open and sent still
    gets the refusal on itself, with what was typed)."""
    membership, contract = admins_contract(contract_id)
    if contract.state == ContractState.TERMINADO:
        flash("Este contrato está terminado: sus datos ya no se pueden corregir.", "warning")
        return membership, contract, redirect_to(url_for("contracts.detail", contract_id=contract.id))
    if correcting and request.method == "GET" and service.correction_refusal(contract):
        # the contract's page says why, once (a flash would say it twice)
        return membership, contract, redirect_to(url_for("contracts.detail", contract_id=contract.id))
    return membership, contract, None


def seen_version() -> int | None:
    return request.form.get("version", type=int)


def after(contract, step: str, changed: bool):
    """A passed step: the next one while creating; the contract's page (with what happened) when correcting."""
    if contract.is_draft:
        return redirect_to(url_for(f"contracts.{STEPS[STEPS.index(step) + 1]}", contract_id=contract.id))
    flash("Se corrigieron los datos del contrato y quedó registrado en su historial." if changed
          else "No cambió ningún dato.", "success" if changed else "info")
    return redirect_to(url_for("contracts.detail", contract_id=contract.id) + "#" + SECTIONS[step])


def detail_page(contract, membership, status: int = 200, upload_error: str | None = None):
    """The seven sections on one page, for the entity's users or the supplier's."""
    if session.get("account_id") != membership.account_id:  # an emailed link: act for the account it concerns
        act_for(membership.account_id, membership.account.name)
    entity_side = membership.account_id == contract.account_id
    can_manage = entity_side and membership.is_admin and contract.state == ContractState.EN_EJECUCION
    refusal = service.correction_refusal(contract) if can_manage else None
    return render("contracts/detail.html", status=status, contract=contract, membership=membership,
                  entity_side=entity_side, can_correct=can_manage and not refusal, can_terminate=can_manage,
                  correction_refusal=refusal,
                  can_attach=not entity_side and contract.state == ContractState.EN_EJECUCION,
                  documents=service.documents(contract.id), picture=service.money(contract, entity_side),
                  events=service.events(contract.id), upload_error=upload_error,
                  plan_problems=service.plan_problems(contract) if entity_side else [],
                  **choice_labels(contract))


def choice_labels(contract) -> dict:
    """The words of the contract's chosen options, as its pages show them."""
    return {"type_label": label(contract_types(), contract.contract_type),
            "modality_label": label(modalities(), contract.modality),
            "source_label": label(funding_sources(), contract.funding_source)}
