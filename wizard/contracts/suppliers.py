"""A contract and its contractor's supplier account: whose account a number is, attaching the contracts that waited
for it (the account wizard's hook), and telling the account's administrators, all in the caller's transaction."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import send_email
from wizard.models import Account, AccountKind, Contract, ContractState, Membership, Role, State, User
from wizard.models.contracts import FLOW
from wizard.text import fold


def supplier_for(number: str) -> Account | None:
    """The supplier account with this NIT or cédula, if the contractor is registered."""
    if not number:
        return None
    return db.session.scalar(select(Account).where(Account.nit == number, Account.kind == AccountKind.PROVEEDOR))


def account_with(number: str) -> Account | None:
    return db.session.scalar(select(Account).where(Account.nit == number)) if number else None


def contractor_values(account_id: int, number: str, name: str, supervisor_id: int) -> dict:
    """The columns the contractor step sets: the number, the name (the account's when registered), the account."""
    supplier = supplier_for(number)
    shown = supplier.name if supplier else name
    return {"contractor_nit": number, "contractor_name": shown, "contractor_key": fold(shown)[:200],
            "supplier_account_id": supplier.id if supplier else None, "supervisor_id": supervisor_id}


def admin_emails(account_id: int) -> list[str]:
    return list(db.session.scalars(select(User.email).join(Membership, Membership.user_id == User.id).where(
        Membership.account_id == account_id, Membership.role == Role.ADMIN, Membership.state == State.ACEPTADO)
        .order_by(User.id)))


def notify(contract: Contract) -> None:
    """Tell the supplier's administrators that the contract is now on their account (in the caller's transaction)."""
    entity = db.session.get(Account, contract.account_id)
    supplier = db.session.get(Account, contract.supplier_account_id)
    link = external_url("contracts.detail", contract_id=contract.id)
    for address in admin_emails(supplier.id):
        send_email(address, f"Contrato {contract.number} de {entity.name}", "contract_attached",
                   contract=contract, entity=entity, supplier=supplier, link=link)


def attach_to_new_account(account_id: int, actor_id: int | None) -> int:
    """The account wizard's hook, in its "Finalizar" transaction (no commit): the contracts waiting for this
    account's number join it and its administrators are emailed. How many joined."""
    account = db.session.get(Account, account_id)
    if account is None or account.kind != AccountKind.PROVEEDOR:
        return 0
    waiting = db.session.scalars(select(Contract).where(
        Contract.contractor_nit == account.nit, Contract.supplier_account_id.is_(None)).order_by(Contract.id)).all()
    values = {"supplier_account_id": account.id, "contractor_name": account.name,
              "contractor_key": fold(account.name)[:200]}
    for contract in waiting:
        # A plain write, not a conditional one: joining the account must not fail because the entity corrected
        # the contract meanwhile (the version still moves, so a correction form open elsewhere is told to reload).
        for name, value in values.items():
            setattr(contract, name, value)
        if not contract.is_draft:
            contract.version += 1
            FLOW.record(contract.id, "asociar", actor_id, contract.state, contract.state,
                        changes={"proveedor": [None, account.name]})
            notify(contract)
    return len(waiting)


def registered_on(account_id: int, limit: int = 5) -> list[Contract]:
    """The registered contracts on a supplier account, oldest first (what the account wizard's confirmation names: the
    contracts that waited for its number)."""
    return list(db.session.scalars(select(Contract).options(joinedload(Contract.entity)).where(
        Contract.supplier_account_id == account_id, Contract.state != ContractState.EN_EDICION)
        .order_by(Contract.id).limit(limit)))
