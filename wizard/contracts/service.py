"""Contracts without request handling: plain values in, one transaction each, every change kept.

A contract is made "En edición" by the entity step by step (saved as each step is passed), then registered ("En
ejecución"). Afterwards every correction goes through the workflow's "corregir", which keeps the state, checks the
guards other areas register (the "Plan de pagos" forbids corrections once a payment request exists) and stores
what changed. The contractor's account may not exist yet: see suppliers.py for how it joins one.
"""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from wizard import attachments
from wizard.contracts import instalments, picture, suppliers
from wizard.dbtypes import utcnow
from wizard.errors import Refused
from wizard.extensions import db
from wizard.mail import deliver_soon
from wizard.models import Account, Contract, ContractEvent, ContractState, Instalment, Membership, State, User
from wizard.models.contracts import FLOW, number_key
from wizard.reference import contract_types, funding_sources, label, modalities
from wizard.workflow import Guard

STEPS = ["datos", "contratista", "presupuesto", "cuotas", "documentos", "confirmar"]
LABELS = {"datos": "Datos del contrato", "contratista": "Contratista y supervisor",
          "presupuesto": "Información presupuestal", "cuotas": "Plan de pagos", "documentos": "Documentos",
          "confirmar": "Confirmar"}
SIGNED = "contrato_firmado"  # the signed contract's slot; other documents get a slot of their own each
ENTITY_PREFIX, SUPPLIER_PREFIX = "contrato-", "proveedor-"
DUPLICATE = "Ya existe un contrato con este número en la entidad. Revise el número"

_GUARDS: list[Guard] = []


def register_guard(guard: Guard) -> Guard:
    """A rule another area adds to the contract's transitions (its `applies` says which), e.g. no correction once a
    payment request exists; checked in the same UPDATE that changes the contract."""
    if guard not in _GUARDS:
        _GUARDS.append(guard)
    return guard


def correction_refusal(contract: Contract) -> str | None:
    """Why a registered contract's data can no longer be corrected now (the message of a registered guard that would
    refuse it, e.g. a payment request was sent), or None: said before anyone types a correction, not after."""
    return None if contract.is_draft else FLOW.refusal(contract, "corregir", _GUARDS)


# Looking up -------------------------------------------------------------------------------------------------------

def entity_contract(account_id: int, contract_id: int) -> Contract | None:
    """The entity's contract with that id; None for any other entity's (the caller answers 404)."""
    return db.session.scalar(select(Contract).where(Contract.id == contract_id, Contract.account_id == account_id))


def supervisors(account_id: int) -> list[tuple[int, str]]:
    """The entity's accepted users, who may supervise its contracts: (user id, name), by name."""
    return list(db.session.execute(
        select(User.id, User.full_name).join(Membership, Membership.user_id == User.id)
        .where(Membership.account_id == account_id, Membership.state == State.ACEPTADO)
        .order_by(User.name_key, User.id)).all())


def is_supervisor_of(account_id: int, user_id: int | None) -> bool:
    return user_id is not None and db.session.scalar(select(Membership.id).where(
        Membership.account_id == account_id, Membership.user_id == user_id,
        Membership.state == State.ACEPTADO)) is not None


def viewer(contract: Contract, user_id: int) -> Membership | None:
    """The user's accepted membership that lets them see the contract: of its entity, or of its supplier once the
    contract is registered. None: the contract is not theirs."""
    accounts = [contract.account_id]
    if contract.supplier_account_id and not contract.is_draft:
        accounts.append(contract.supplier_account_id)
    found = db.session.scalars(select(Membership).options(joinedload(Membership.account)).where(
        Membership.user_id == user_id, Membership.account_id.in_(accounts), Membership.state == State.ACEPTADO)
        .order_by(Membership.account_id)).all()
    return next((m for m in found if m.account_id == contract.account_id), found[0] if found else None)


def may_read(user_id: int, contract_id: int) -> bool:
    """The download rule of a contract's documents: whoever may see the contract."""
    contract = db.session.get(Contract, contract_id)
    return contract is not None and viewer(contract, user_id) is not None


def recent_draft(account_id: int, user_id: int, number: str, minutes: int = 10) -> Contract | None:
    """The user's own contract in edition with this number made in the last minutes: a repeated first step."""
    since = utcnow() - timedelta(minutes=minutes)
    return db.session.scalar(select(Contract).where(
        Contract.account_id == account_id, Contract.number_key == number_key(number.replace("\x00", "")[:60]),
        Contract.created_by_id == user_id, Contract.state == ContractState.EN_EDICION, Contract.created_at >= since))


def supplier_contracts(account_id: int):
    """The select of the contracts a supplier sees: every registered one attached to its account."""
    return select(Contract).where(Contract.supplier_account_id == account_id,
                                  Contract.state != ContractState.EN_EDICION)


def drafts_of(account_id: int, user_id: int) -> list[Contract]:
    """The user's contracts of this entity still "En edición", newest first (offered on "Crear contrato")."""
    return list(db.session.scalars(select(Contract).where(
        Contract.account_id == account_id, Contract.created_by_id == user_id,
        Contract.state == ContractState.EN_EDICION).order_by(Contract.id.desc()).limit(5)))


def events(contract_id: int) -> list[ContractEvent]:
    return list(db.session.scalars(select(ContractEvent).options(joinedload(ContractEvent.actor))
                                   .where(ContractEvent.contract_id == contract_id)
                                   .order_by(ContractEvent.id.desc())))


def money(contract: Contract, entity_side: bool = False) -> picture.Picture:
    """The contract's money picture, worded for the side that reads it."""
    return picture.picture(contract.value, picture.amounts_for([contract.id])[contract.id], entity_side)


def documents(contract_id: int) -> dict[str, list]:
    """The contract's documents: the signed one, the entity's others and the supplier's, oldest first."""
    found = {"firmado": [], "entidad": [], "proveedor": []}
    for document in attachments.all_of("contract", contract_id):
        if document.slot == SIGNED:
            found["firmado"] = [document]
        elif document.slot.startswith(SUPPLIER_PREFIX):
            found["proveedor"].append(document)
        else:
            found["entidad"].append(document)
    return found


# What the history says about a change ----------------------------------------------------------------------------

def _shown(name: str, value):
    if isinstance(value, date):
        return value.isoformat()
    if name == "contract_type":
        return label(contract_types(), value) or value
    if name == "modality":
        return label(modalities(), value) or value
    if name == "funding_source":
        return label(funding_sources(), value) or value
    return value


def _user_name(user_id: int | None) -> str | None:
    return db.session.get(User, user_id).full_name if user_id else None


def _account_name(account_id: int | None) -> str | None:
    return db.session.get(Account, account_id).name if account_id else None


HIDDEN = {"number_key", "contractor_key"}


def _changes(contract: Contract, new: dict) -> dict:
    """{field: [before, after]} of what `new` changes, as the history shows it."""
    found = {}
    for name, value in new.items():
        if name in HIDDEN:
            continue
        if name == "supervisor_id":
            found["supervisor"] = [_user_name(contract.supervisor_id), _user_name(value)]
        elif name == "supplier_account_id":
            found["proveedor"] = [_account_name(contract.supplier_account_id), _account_name(value)]
        else:
            found[name] = [_shown(name, getattr(contract, name)), _shown(name, value)]
    return found


# Writing ----------------------------------------------------------------------------------------------------------

def commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refused(DUPLICATE) from None
    deliver_soon(current_app._get_current_object())


def create(account_id: int, actor_id: int, values: dict) -> Contract:
    """A new contract "En edición" from the first step's values (see forms.DataForm.values)."""
    contract = Contract(account_id=account_id, created_by_id=actor_id, **values)
    FLOW.create(contract, "crear", actor_id)
    commit()
    return contract


def update(contract: Contract, values: dict, actor_id: int, seen_version: int | None = None) -> bool:
    """Save a step's columns: on a draft as they are; on a registered contract as a correction with its event.
    False when nothing changed. Raises Refused (nothing written) for a stale form, a guard or a duplicate number."""
    new = {name: value for name, value in values.items() if getattr(contract, name) != value}
    if not new:
        return False
    if contract.is_draft:
        for name, value in new.items():
            setattr(contract, name, value)
    else:
        changes = _changes(contract, new)
        attached = new.get("supplier_account_id")
        FLOW.apply(contract, "corregir", actor_id, values=new, guards=_GUARDS, seen_version=seen_version,
                   event={"changes": changes})
        if attached:
            suppliers.notify(contract)
    commit()
    return True


def set_plan(contract: Contract, plan: list[tuple[date, int]], actor_id: int, seen_version: int | None = None) -> bool:
    """Replace the planned instalments (kept in place, so their ids stay); a correction once registered."""
    old = [(i.due_on, i.value) for i in contract.instalments]
    if old == plan:
        return False
    if not contract.is_draft:
        FLOW.apply(contract, "corregir", actor_id, guards=_GUARDS, seen_version=seen_version,
                   event={"changes": {"cuotas": [instalments.summary(old), instalments.summary(plan)]}})
    rows = list(contract.instalments)
    for index, (due_on, value) in enumerate(plan):
        if index < len(rows):
            rows[index].due_on, rows[index].value = due_on, value
        else:
            contract.instalments.append(Instalment(number=index + 1, due_on=due_on, value=value))
    for row in rows[len(plan):]:
        contract.instalments.remove(row)
    commit()
    return True


def plan_problems(contract: Contract, plan: list[tuple[date, int]] | None = None) -> list[str]:
    """Why the plan (the saved one by default) does not fit the contract; empty when it does."""
    plan = [(i.due_on, i.value) for i in contract.instalments] if plan is None else plan
    if not plan:
        return ["Falta el plan de pagos: pulse «Generar cuotas»"]
    found = []
    if any(not contract.starts_on <= due <= contract.ends_on for due, _ in plan):
        found.append("Hay cuotas con fecha estimada fuera del plazo del contrato")
    total = instalments.total_problem([v for _, v in plan], contract.value)
    if total:
        found.append(total)
    return found


def missing(contract: Contract) -> list[tuple[str, str]]:
    """(step, what is missing) before the contract can be registered."""
    found = []
    if not contract.contractor_nit or not contract.contractor_name:
        found.append(("contratista", "Falta el NIT o la cédula del contratista"))
    if not is_supervisor_of(contract.account_id, contract.supervisor_id):
        found.append(("contratista", "Elija el supervisor: un usuario con acceso aceptado a la entidad"))
    if not contract.cdp or not contract.budget_item or not contract.funding_source:
        found.append(("presupuesto", "Falta la información presupuestal (CDP, rubro y fuente de los recursos)"))
    found.extend(("cuotas", problem) for problem in plan_problems(contract))
    if not documents(contract.id)["firmado"]:
        found.append(("documentos", "Anexe el contrato firmado"))
    return found


def register(contract: Contract, actor_id: int) -> None:
    """"Crear contrato": the draft becomes "En ejecución"; the supplier's administrators are told if it has one."""
    problems = missing(contract)
    if problems:
        raise Refused(problems[0][1])
    FLOW.apply(contract, "registrar", actor_id, guards=_GUARDS)
    if contract.supplier_account_id:
        suppliers.notify(contract)
    commit()


def terminate(contract: Contract, actor_id: int, reason: str, seen_version: int | None = None) -> None:
    if not reason.strip():
        raise Refused("Escriba el motivo de la terminación")
    FLOW.apply(contract, "terminar", actor_id, reason=reason.strip(), guards=_GUARDS, seen_version=seen_version)
    commit()


def discard(contract: Contract) -> None:
    """"Descartar borrador": a contract still "En edición" goes, with its plan and its documents."""
    if not contract.is_draft:
        raise Refused("Solo se puede descartar un contrato en edición")
    for document in attachments.all_of("contract", contract.id):
        attachments.discard(document)
    db.session.execute(delete(ContractEvent).where(ContractEvent.contract_id == contract.id))
    db.session.delete(contract)
    db.session.commit()


def record_document(contract: Contract, actor_id: int, before: str | None, after: str | None) -> None:
    """A change of a registered contract's documents is a correction too (flushed; the attachment commits it)."""
    if not contract.is_draft:
        FLOW.apply(contract, "corregir", actor_id, guards=_GUARDS, event={"changes": {"documento": [before, after]}})


def state_counts(account_id: int) -> dict[str, int]:
    rows = db.session.execute(select(Contract.state, func.count())
                              .where(Contract.account_id == account_id).group_by(Contract.state)).all()
    return dict(rows)
