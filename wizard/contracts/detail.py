"""The contract's page: its seven sections with a table of contents, for the entity's users and the supplier's."""
from flask_login import login_required

from wizard.contracts import bp
from wizard.contracts.access import viewer_of
from wizard.contracts.pages import detail_page
from wizard.extensions import db
from wizard.models import Contract


@bp.get("/contratos/<int:contract_id>")
@login_required
def detail(contract_id: int):
    """"Detalle": the same page whatever side the user is on; a contract that is not theirs is a 404."""
    contract = db.session.get(Contract, contract_id)
    return detail_page(contract, viewer_of(contract))
