"""The contracts' cards on the Escritorio: the entity's contracts by state; the supplier's own, one tap from each."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from wizard.contracts import service
from wizard.desk.cards import Card, card
from wizard.extensions import db
from wizard.models import AccountKind, Contract, ContractState, Membership

SHOWN = 3  # a supplier with this many contracts or fewer reaches each from the Escritorio in one tap


@card(order=5)
def contracts(membership: Membership) -> Card | None:
    kind = membership.account.kind
    if kind == AccountKind.ENTIDAD_ESTATAL:
        supervised = db.session.scalar(select(func.count()).where(
            Contract.account_id == membership.account_id, Contract.supervisor_id == membership.user_id,
            Contract.state == ContractState.EN_EJECUCION))
        return Card("contracts/_desk_entity.html", {"counts": service.state_counts(membership.account_id),
                                                    "supervised": supervised})
    if kind == AccountKind.PROVEEDOR:
        mine = service.supplier_contracts(membership.account_id)
        total = db.session.scalar(select(func.count()).select_from(mine.subquery()))
        shown = db.session.scalars(mine.options(joinedload(Contract.entity))
                                   .order_by(Contract.created_at.desc(), Contract.id.desc()).limit(SHOWN)).all()
        return Card("contracts/_desk_supplier.html", {"total": total, "shown": shown})
    return None
