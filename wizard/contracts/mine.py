""""Mis procesos" > "Mis contratos": the acting supplier's contracts with their state and "Detalle"."""
from flask import request, url_for
from flask_login import login_required
from sqlalchemy.orm import joinedload

from wizard.contracts import bp, service
from wizard.contracts.access import supplier_member
from wizard.extensions import db
from wizard.htmx import render
from wizard.models import Contract

PER_PAGE = 25


@bp.get("/cuenta/mis-contratos")
@login_required
def mis_contratos():
    me = supplier_member()
    number = max(1, min(request.args.get("page", 1, type=int) or 1, 100_000))
    stmt = service.supplier_contracts(me.account_id).options(joinedload(Contract.entity))
    page = db.paginate(stmt.order_by(Contract.created_at.desc(), Contract.id.desc()), page=number,
                       per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render("contracts/mine.html", page=page, account=me.account,
                  page_url=lambda n: url_for("contracts.mis_contratos", page=n if n > 1 else None))
