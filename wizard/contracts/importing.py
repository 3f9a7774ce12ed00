"""What "Importar contratos" needs from the database: the lookups of the CSV check (csvimport.Lookups) in a few
queries for the whole file, and the import of the checked rows in one transaction."""
from sqlalchemy import select

from wizard.contracts import suppliers
from wizard.contracts.service import commit
from wizard.extensions import db
from wizard.models import Account, Contract, Instalment, Membership, State, User
from wizard.models.contracts import FLOW
from wizard.text import fold


class EntityLookups:
    """What the CSV check asks the database, in a few queries for the whole file (see csvimport.Lookups)."""

    def __init__(self, account_id: int, entity_nit: str):
        self.account_id, self.entity_nit = account_id, entity_nit

    def used_numbers(self, keys: set[str]) -> set[str]:
        found, keys = set(), sorted(keys)
        for start in range(0, len(keys), 500):
            found.update(db.session.scalars(select(Contract.number_key).where(
                Contract.account_id == self.account_id, Contract.number_key.in_(keys[start:start + 500]))))
        return found

    def users(self) -> dict[str, int]:
        rows = db.session.execute(select(User.id, User.username, User.email).join(
            Membership, Membership.user_id == User.id).where(
            Membership.account_id == self.account_id, Membership.state == State.ACEPTADO)).all()
        return {fold(text): user_id for user_id, username, email in rows for text in (username, email)}

    def accounts(self, numbers: set[str]) -> dict[str, tuple[int, str, str]]:
        found, numbers = {}, sorted(numbers)
        for start in range(0, len(numbers), 500):
            for account_id, nit, kind, name in db.session.execute(select(
                    Account.id, Account.nit, Account.kind, Account.name).where(
                    Account.nit.in_(numbers[start:start + 500]))):
                found[nit] = (account_id, kind, name)
        return found


def import_contracts(account_id: int, actor_id: int, rows: list[dict]) -> list[Contract]:
    """Create every checked row "En ejecución" with its generated plan, in one transaction; the suppliers already
    registered are told. Refused (nothing written) when another import took a number meanwhile."""
    made = []
    for values in rows:
        values = dict(values)
        plan = values.pop("plan")
        contract = Contract(account_id=account_id, created_by_id=actor_id, **values)
        contract.instalments = [Instalment(number=i, due_on=d, value=v) for i, (d, v) in enumerate(plan, 1)]
        FLOW.create(contract, "importar", actor_id)
        made.append(contract)
    for contract in made:
        if contract.supplier_account_id:
            suppliers.notify(contract)
    commit()
    return made
