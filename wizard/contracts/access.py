"""Who may do what with contracts, for the views: the acting account must be the entity (or the supplier).

Only the entity's administrators create, correct, import and terminate its contracts (the contracting office);
its other accepted users, supervisors among them, see every contract of the entity. A contract of another account
is answered with 404 whatever the id, so ids confirm nothing.
"""
from flask import abort
from flask_login import current_user

from wizard.acting import acting_membership
from wizard.contracts import service
from wizard.models import AccountKind, Contract, Membership


def entity_member() -> Membership:
    """The acting membership, which must be of an Entidad Estatal; 403 otherwise."""
    membership = acting_membership()
    if membership is None or membership.account.kind != AccountKind.ENTIDAD_ESTATAL:
        abort(403)
    return membership


def entity_admin() -> Membership:
    membership = entity_member()
    if not membership.is_admin:
        abort(403)
    return membership


def admins_contract(contract_id: int) -> tuple[Membership, Contract]:
    """The acting entity administrator and its contract with that id (404 for any other)."""
    membership = entity_admin()
    contract = service.entity_contract(membership.account_id, contract_id)
    if contract is None:
        abort(404)
    return membership, contract


def supplier_member() -> Membership:
    """The acting membership, which must be of a Proveedor; 403 otherwise."""
    membership = acting_membership()
    if membership is None or membership.account.kind != AccountKind.PROVEEDOR:
        abort(403)
    return membership


def viewer_of(contract: Contract | None) -> Membership:
    """The signed-in user's membership that shows them this contract; 404 when there is none."""
    membership = service.viewer(contract, current_user.id) if contract is not None else None
    if membership is None:
        abort(404)
    return membership
