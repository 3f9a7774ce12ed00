""""Contratos": the entity's contracts, filtered by state and supervisor, searched by number or contractor, a page at
a time in a constant number of queries; and the actions on one contract ("Terminar contrato", "Descartar")."""
from flask import flash, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from wizard.contracts import bp, rules, service
from wizard.contracts.access import admins_contract, entity_member
from wizard.contracts.forms import NO_CSRF, TerminateForm
from wizard.contracts.pages import seen_version
from wizard.errors import Refused
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.models import Contract, ContractState
from wizard.models.contracts import STATE_LABELS
from wizard.text import contains

PER_PAGE = 25
STATES = [("", "Todos")] + [(state.value, label) for state, label in STATE_LABELS.items()]


def filters(source) -> dict:
    """The list's search, filters and page, cleaned: anything odd falls back to the default."""
    q = (source.get("q") or "").replace("\x00", "").strip()[:100]
    estado = source.get("estado") or ""
    supervisor = source.get("supervisor") or ""
    page = source.get("page", 1, type=int) or 1
    return {"q": q, "estado": estado if estado in dict(STATES) else "",
            "supervisor": supervisor if supervisor.isdecimal() and len(supervisor) < 10 else "",
            "page": max(1, min(page, 100_000))}


def list_url(f: dict) -> str:
    return url_for("contracts.contratos", **{k: v for k, v in f.items() if v and not (k == "page" and v == 1)})


def matching(q: str):
    """Number or contractor's name contains q (no case, no accents); a number typed is also the contractor's NIT."""
    number = rules.contractor_number(q)
    found = [contains(Contract.number_key, q), contains(Contract.contractor_key, q)]
    if number.isascii() and number.isdigit():
        found.append(Contract.contractor_nit == number)
    return or_(*found)


@bp.get("/entidad/contratos")
@login_required
def contratos():
    me = entity_member()
    f = filters(request.args)
    stmt = select(Contract).options(joinedload(Contract.supervisor), joinedload(Contract.supplier)).where(
        Contract.account_id == me.account_id)
    if f["estado"]:
        stmt = stmt.where(Contract.state == f["estado"])
    if f["supervisor"]:
        stmt = stmt.where(Contract.supervisor_id == int(f["supervisor"]))
    if f["q"]:
        stmt = stmt.where(matching(f["q"]))
    page = db.paginate(stmt.order_by(Contract.created_at.desc(), Contract.id.desc()), page=f["page"],
                       per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False)
    return render("contracts/list.html", page=page, filters=f, states=STATES, me=me, account=me.account,
                  supervisors=service.supervisors(me.account_id), page_url=lambda n: list_url({**f, "page": n}))


@bp.route("/entidad/contratos/<int:contract_id>/terminar", methods=["GET", "POST"])
@login_required
def terminar(contract_id: int):
    """"Terminar contrato", with the reason, after a page that asks for confirmation."""
    _, contract = admins_contract(contract_id)
    if contract.state != ContractState.EN_EJECUCION:
        flash("Solo se puede terminar un contrato en ejecución.", "warning")
        return redirect_to(url_for("contracts.detail", contract_id=contract.id))
    form = TerminateForm(meta=NO_CSRF) if request.method == "POST" else TerminateForm(formdata=None, meta=NO_CSRF)
    if request.method == "POST" and form.validate():
        try:
            service.terminate(contract, current_user.id, form.motivo.data, seen_version())
        except Refused as refused:
            form.form_errors.append(refused.message)
        else:
            flash(f"Contrato {contract.number} terminado.", "success")
            return redirect_to(url_for("contracts.detail", contract_id=contract.id))
    return render("contracts/terminar.html", form=form, contract=contract,
                  status=422 if request.method == "POST" else 200)


@bp.post("/entidad/contratos/<int:contract_id>/descartar")
@login_required
def descartar(contract_id: int):
    """"Descartar borrador": a contract still in edition is deleted with its plan and documents."""
    _, contract = admins_contract(contract_id)
    number = contract.number
    try:
        service.discard(contract)
    except Refused as refused:
        flash(refused.message, "warning")
        return redirect_to(url_for("contracts.detail", contract_id=contract_id))
    flash(f"Se descartó el contrato en edición {number}.", "success")
    return redirect_to(url_for("contracts.contratos"))
