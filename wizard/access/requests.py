"""The user's side: "Solicitud de acceso" and "Finalizar", "Mis registros" and "Nuevo registro"."""
from flask import abort, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.access import service
from wizard.access import bp
from wizard.access.forms import AccountSearchForm
from wizard.errors import Refused
from wizard.extensions import db, limiter
from wizard.links import safe_next
from wizard.htmx import is_htmx, redirect_to, render, target_block
from wizard.models import Account, Membership, State
from wizard.account_search import accounts_named

RESULTS = 20


def _standing(account_id: int) -> Membership | None:
    """The user's membership of the account when it is already pending or accepted (nothing to ask for)."""
    return db.session.scalar(select(Membership).where(
        Membership.user_id == current_user.id, Membership.account_id == account_id,
        Membership.state.in_([State.PENDIENTE, State.ACEPTADO])))


@bp.route("/cuenta/<int:account_id>/solicitud", methods=["GET", "POST"])
@login_required
def request_access(account_id: int):
    """Confirm the account the user asks to join, with "Finalizar" and "Volver a la búsqueda"."""
    account = db.get_or_404(Account, account_id)
    back = safe_next(request.values.get("volver"))
    return render("access/request.html", account=account, back=back, error=None, existing=_standing(account.id))


@bp.post("/cuenta/<int:account_id>/solicitud/finalizar")
@login_required
@limiter.limit("20 per minute", methods=["POST"])
def finish_request(account_id: int):
    """Create the pending request and tell the account's administrators."""
    account = db.get_or_404(Account, account_id)
    try:
        service.request_access(current_user.id, account.id)
    except Refused as refused:
        back = safe_next(request.form.get("volver"))
        existing = _standing(account.id)
        if existing is not None:  # a second tap, or another tab: the request is there, say so calmly
            return render("access/request.html", account=account, back=back, error=None, existing=existing)
        return render("access/request.html", account=account, back=back, error=refused.message, status=422,
                      existing=None)
    return redirect_to(url_for("access.request_sent", account_id=account.id))


@bp.get("/cuenta/<int:account_id>/solicitud/enviada")
@login_required
def request_sent(account_id: int):
    """Say the request is "Pendiente" and the administrator was told."""
    membership = db.session.scalar(select(Membership).options(joinedload(Membership.account)).where(
        Membership.user_id == current_user.id, Membership.account_id == account_id))
    if membership is None:
        abort(404)
    return render("access/request_sent.html", membership=membership)


@bp.get("/usuario/registros")
@login_required
def my_memberships():
    """"Mis registros": every account the user belongs to or asked to join, with dates and state."""
    memberships = db.session.scalars(
        select(Membership).options(joinedload(Membership.account)).where(Membership.user_id == current_user.id)
        .order_by(Membership.requested_at.desc(), Membership.id.desc())).all()
    return render("access/my_memberships.html", memberships=memberships)


@bp.get("/usuario/registros/nuevo")
@login_required
def new_membership():
    """"Nuevo registro": search accounts by name ("Buscar"), each result with "Solicitar"."""
    form = AccountSearchForm(request.args)
    results, mine, searched = [], {}, "nombre" in request.args
    if searched and form.validate():
        results = accounts_named(form.nombre.data, limit=RESULTS + 1)
        if results:
            mine = {m.account_id: m for m in db.session.scalars(select(Membership).where(
                Membership.user_id == current_user.id,
                Membership.account_id.in_([a.id for a in results])))}
    status = 422 if searched and form.errors else 200
    return render("access/new_membership.html", form=form,
                  results=results[:RESULTS], more=len(results) > RESULTS, mine=mine, searched=searched,
                  back=request.full_path.rstrip("?"), status=status,
                  swap_fields=is_htmx() and target_block() == "results")  # the field's message, out of band
