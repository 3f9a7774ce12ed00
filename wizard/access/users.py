""""Administración de usuarios": search, filter, select rows and act on them; roles; each row's history."""
from flask import abort, flash, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import contains_eager, joinedload

from wizard.access import bp, service
from wizard.acting import acting_admin, acting_membership
from wizard.errors import NotAllowed, Refused
from wizard.extensions import db
from wizard.forms import strip
from wizard.htmx import client_redirect, is_htmx, redirect_to, render
from wizard.models import Membership, MembershipEvent, Role, State, User
from wizard.models.memberships import ADMIN_ACTIONS, FLOW, STATE_LABELS, allowed_actions
from wizard.routing import valid_id
from wizard.text import contains

PER_PAGE = 25
FILTERS = [("", "Todos")] + [(state.value, label) for state, label in STATE_LABELS.items()]


@bp.context_processor
def row_helpers() -> dict:
    return {"allowed_actions": allowed_actions}


def _filters(source) -> dict:
    """The list's search, state filter and page, cleaned (anything odd falls back to the default)."""
    q = strip(source.get("q") or "")[:100]  # without NULs, which PostgreSQL refuses in a query (a 500)
    estado = source.get("estado") or ""
    if estado not in {code for code, _ in FILTERS}:
        estado = ""
    page = source.get("page", 1, type=int) or 1
    return {"q": q, "estado": estado, "page": max(1, min(page, 100_000))}


def _matches(q: str):
    """Name or email contains q, without regard to case or accents."""
    return or_(contains(User.name_key, q), contains(User.email_key, q))


def _list_url(filters: dict) -> str:
    return url_for("access.users", **{k: v for k, v in filters.items() if v and not (k == "page" and v == 1)})


def _seen_versions(ids) -> dict[int, int]:
    seen = {}
    for membership_id in ids:
        version = request.form.get(f"v{membership_id}", type=int)
        if version is not None:
            seen[membership_id] = version
    return seen


def _rows(account_id: int, ids) -> list[Membership]:
    return list(db.session.scalars(select(Membership).options(joinedload(Membership.user)).where(
        Membership.account_id == account_id, Membership.id.in_(list(ids))).order_by(Membership.id)))


def _answer(account_id: int, filters: dict, message: str, refused=(), touched=(), status: int = 200):
    """htmx: the status message plus the changed rows out of band; otherwise a flash and 303 to the same list."""
    if is_htmx():
        rows = _rows(account_id, touched) if touched else []
        total, admin_count = _counts(account_id, filters)
        return render_template("access/_user_result.html", message=message, refused=refused, rows=rows,
                               ok=status == 200 and not refused and bool(rows), total=total, filters=filters,
                               admin_count=admin_count), status
    # as with htmx: a success only when nothing was refused ("No se cambió ningún acceso." is no success)
    flash(message, "error" if status != 200 else "warning" if refused or not touched else "success")
    for _, name, reason in refused:
        flash(f"{name}: {reason}", "warning")
    return redirect_to(_list_url(filters))


def _no_longer_admin(account) -> bool:
    """The administrator's own action took away their role or their access (another administrator remains)."""
    return service.accepted_admin(current_user.id, account.id) is None


def _left(account, message: str):
    """After removing themselves, the list is no longer theirs (it answered 403): the Escritorio says where they are
    now, a whole page so the header's account changes too."""
    flash(message, "success")
    flash(f"Ya no administra los usuarios de {account.name}.", "info")
    return client_redirect(url_for("desk.show"))


def _switched_elsewhere():
    """The list was drawn for one account and the session now acts for another (changed in another tab): the
    answer that says so and shows the list of the account acted for now, or None when they agree. Without it, the
    ids of the first account changed nothing with no reason given, or a role change answered 403."""
    shown = request.form.get("cuenta", type=int)
    acting = acting_membership()
    if shown is None or (acting is not None and acting.account_id == shown):
        return None
    now = f"Ahora actúa por {acting.account.name}" if acting is not None else "Ya no actúa por esa cuenta"
    flash(f"{now} (se cambió en otra pestaña o ventana): no se cambió ningún acceso. Revise la lista y vuelva a "
          "elegir.", "error")
    return client_redirect(url_for("access.users" if acting is not None and acting.is_admin else "main.desk"))


def _listed(account_id: int, filters: dict):
    """The list's statement: the account's memberships with their users, filtered and searched."""
    stmt = (select(Membership).join(User, User.id == Membership.user_id).options(contains_eager(Membership.user))
            .where(Membership.account_id == account_id))
    if filters["estado"]:
        stmt = stmt.where(Membership.state == filters["estado"])
    if filters["q"]:
        stmt = stmt.where(_matches(filters["q"]))
    return stmt


def _counts(account_id: int, filters: dict) -> tuple[int, int]:
    """(the rows the list's filter gives, the account's accepted administrators), in one query: without a search,
    from the memberships' index alone (the users are joined only to search them)."""
    listed = Membership.state == filters["estado"] if filters["estado"] else true()
    admins = and_(Membership.role == Role.ADMIN, Membership.state == State.ACEPTADO)
    stmt = select(func.count().filter(listed), func.count().filter(admins)).where(Membership.account_id == account_id)
    if filters["q"]:
        stmt = select(func.count().filter(and_(listed, _matches(filters["q"]))), func.count().filter(admins)) \
            .select_from(Membership).join(User, User.id == Membership.user_id).where(Membership.account_id == account_id)
    total, admin_count = db.session.execute(stmt).one()
    return total, admin_count


def offered(rows) -> set[str]:
    """The administrator's actions that apply to at least one of these rows."""
    return {code for m in rows for code in allowed_actions(m.state)}


@bp.get("/cuenta/usuarios")
@login_required
def users():
    """The account's users, searchable by name or email, filtered by state, a page at a time; `sel` (a row the
    Escritorio's "Aceptar usuarios" names) comes selected, shown first when it is not on the page."""
    me = acting_admin()
    filters = _filters(request.args)
    page = db.paginate(_listed(me.account_id, filters).order_by(Membership.requested_at.desc(), Membership.id.desc()),
                       page=filters["page"], per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False, count=False)
    page.total, admin_count = _counts(me.account_id, filters)
    rows = list(page.items)
    selected = request.args.get("sel", type=int)
    if valid_id(selected) and selected not in {m.id for m in rows}:
        rows = _rows(me.account_id, [selected]) + rows
    selected = selected if selected in {m.id for m in rows} else None
    return render("access/users.html", account=me.account, page=page, rows=rows, selected=selected,
                  filters=filters, filter_options=FILTERS, actions=[FLOW[code] for code in ADMIN_ACTIONS],
                  offered=offered(rows), me=me, admin_count=admin_count,
                  page_url=lambda n: _list_url({**filters, "page": n}))


@bp.post("/cuenta/usuarios/acciones")
@login_required
def user_actions():
    """Apply "Aceptar", "Rechazar", "Cancelar" or "Revertir rechazo" to the selected rows of the acting account."""
    elsewhere = _switched_elsewhere()
    if elsewhere is not None:
        return elsewhere
    me = acting_admin()
    filters = _filters(request.form)
    ids = [i for i in request.form.getlist("ids", type=int) if valid_id(i)][:PER_PAGE * 4]
    action = request.form.get("accion", "")
    if action not in ADMIN_ACTIONS:
        return _answer(me.account_id, filters, "Elija una de las acciones de la lista.", status=422)
    if not ids:
        return _answer(me.account_id, filters, "Seleccione al menos un usuario de la lista.", status=422)
    try:
        outcome = service.apply(action, ids, current_user.id, me.account_id, _seen_versions(ids))
    except NotAllowed:
        abort(403)
    if outcome.changed and _no_longer_admin(me.account):
        return _left(me.account, outcome.message)
    return _answer(me.account_id, filters, outcome.message, outcome.refused, outcome.touched)


@bp.post("/cuenta/usuarios/<int:membership_id>/rol")
@login_required
def change_role(membership_id: int):
    """"Hacer administrador" or "Quitar administrador" for one row of the acting account."""
    elsewhere = _switched_elsewhere()
    if elsewhere is not None:
        return elsewhere
    me = acting_admin()
    filters = _filters(request.form)
    seen = _seen_versions([membership_id]).get(membership_id)
    try:
        message = service.set_role(membership_id, request.form.get("rol", ""), current_user.id, me.account_id, seen)
    except NotAllowed:
        abort(403)
    except Refused as refused:
        return _answer(me.account_id, filters, refused.message, touched=[membership_id], status=422)
    if _no_longer_admin(me.account):
        return _left(me.account, message)
    return _answer(me.account_id, filters, message, touched=[membership_id])


@bp.get("/cuenta/usuarios/<int:membership_id>/historial")
@login_required
def history(membership_id: int):
    """The row's history: who changed what, when, from which state to which."""
    me = acting_admin()
    membership = db.session.scalar(select(Membership).options(joinedload(Membership.user)).where(
        Membership.id == membership_id, Membership.account_id == me.account_id))
    if membership is None:
        abort(404)
    events = db.session.scalars(select(MembershipEvent).options(joinedload(MembershipEvent.actor))
                                .where(MembershipEvent.membership_id == membership.id)
                                .order_by(MembershipEvent.id.desc())).all()
    return render("access/history.html", membership=membership, events=events)

