"""What the entity's contracts keep waiting for a contractor's number, for a circular's "Seguimiento": a contract
not yet attached to a supplier account (it is attached the moment an account with that number is created)."""
from flask import url_for
from sqlalchemy import select

from wizard.circulars import waiting
from wizard.extensions import db
from wizard.models import Contract, ContractState


@waiting.provider
def contracts_waiting(entity_account_id: int, numbers: list[str]) -> dict[str, list[waiting.Waiting]]:
    """One query for the whole page: the entity's contracts for these numbers that no supplier account holds yet."""
    rows = db.session.execute(select(Contract.id, Contract.number, Contract.contractor_nit).where(
        Contract.account_id == entity_account_id, Contract.contractor_nit.in_(numbers),
        Contract.supplier_account_id.is_(None), Contract.state != ContractState.TERMINADO,
    ).order_by(Contract.contractor_nit, Contract.number)).all()
    found: dict[str, list[waiting.Waiting]] = {}
    for contract_id, number, nit in rows:
        found.setdefault(nit, []).append(waiting.Waiting(
            f"Contrato {number}", "espera la cuenta de proveedor con este número",
            url_for("contracts.detail", contract_id=contract_id)))
    return found
