"""State entities' contracts: "Contratos" and "Crear contrato" for the entity, "Mis contratos" for the supplier,
the contract's seven sections, "Importar contratos", and the contract's documents."""
from flask import Blueprint

from wizard import attachments
from wizard.contracts import rules, service

bp = Blueprint("contracts", __name__)


@bp.app_template_filter("dia")
def dia(value) -> str:
    """A date as 01/02/2026."""
    return rules.day(value)


# A contract's files are for whoever may see the contract: the entity's accepted users, and the supplier's once the
# contract is registered and attached to its account.
attachments.register_owner("contract", "contract_id", service.may_read)

from wizard.contracts import cards, detail, documents, entity, imports, mine, steps, waiting  # noqa: E402,F401,E501 - routes and hooks join
