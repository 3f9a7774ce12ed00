"""Step 4, "Finalizar": check your answers, accept the terms, create the account; then the confirmation."""
from datetime import timedelta

from flask import abort, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from wizard.accounts import service
from wizard.accounts.financial import SOURCE, indicators
from wizard.accounts.forms import FinishForm
from wizard.accounts import bp
from wizard.contracts.suppliers import registered_on
from wizard.accounts.steps import JUST_CREATED, guard, progress
from wizard.errors import Refused
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.models import Account, AccountKind, Membership, State
from wizard.dbtypes import utcnow
from wizard.text import fold
from wizard.reference import countries, label, municipality, organization_types, tax_regimes

CONTRACTS_NAMED = 5  # the contracts that waited for the account, named on «Entidad creada»; the rest in Mis contratos


def summary(draft) -> dict:
    kind = service.kind_form(draft)
    entity = service.entity_form(draft)
    org = organization_types().get(kind.organizacion.data)
    return {"kind": kind, "entity": entity, "org_name": org.name if org else "",
            "country": label(countries(), kind.pais.data), "regime": label(tax_regimes(), entity.regimen.data),
            "place": municipality(entity.municipio.data), "rows": entity.rows(), "indicators": indicators,
            "source": SOURCE, "documents": service.draft_documents(draft), "rules": service.rules_for(draft)}


def after_finish():
    """Where a repeated "Finalizar" lands: the confirmation of the account just created, not a new wizard."""
    since = utcnow() - timedelta(minutes=15)
    account_id = db.session.scalar(select(Account.id).join(Membership).where(
        Account.created_by_id == current_user.id, Account.created_at >= since, Membership.user_id == current_user.id,
        Membership.state == State.ACEPTADO).order_by(Account.id.desc()).limit(1))
    if account_id is None:
        return redirect_to(url_for("accounts.tipo"))
    session["account_id"] = account_id  # the first click's cookie may never have reached the browser
    return redirect_to(url_for("accounts.creada", account_id=account_id))


@bp.route("/cuenta/nueva/finalizar", methods=["GET", "POST"])
@login_required
def finalizar():
    """Step 4: the summary with links to change each part; "Finalizar" creates everything in one transaction."""
    if request.method == "POST" and service.get_draft(current_user.id) is None:
        return after_finish()
    draft, redirect = guard("finalizar")
    if redirect:
        return redirect
    form = FinishForm(meta=service.NO_CSRF) if request.method == "POST" else FinishForm(formdata=None, meta=service.NO_CSRF)
    if request.method == "POST" and form.validate():
        try:
            account_id = service.finalize(draft, current_user.id)
        except Refused as refused:
            form.form_errors.append(refused.message)
        else:
            session["account_id"] = account_id
            session[JUST_CREATED] = account_id
            return redirect_to(url_for("accounts.creada", account_id=account_id))
        draft = service.get_draft(current_user.id)
        if draft is None:  # a double click or another tab finished it meanwhile
            return after_finish()
    status = 422 if request.method == "POST" else 200
    return render("accounts/finalizar.html", form=form, status=status, **summary(draft),
                  **progress("finalizar", draft))


@bp.get("/cuenta/<int:account_id>/creada")
@login_required
def creada(account_id: int):
    """The confirmation: "Felicitaciones ...", leading to the account's Escritorio."""
    if account_id >= 2**63:  # beyond any database integer
        abort(404)
    allowed = db.session.scalar(select(Membership.id).where(
        Membership.account_id == account_id, Membership.user_id == current_user.id,
        Membership.state == State.ACEPTADO))
    account = db.session.get(Account, account_id) if allowed else None
    # only its creator: "Su usuario es el usuario administrador" said to any other member (a plain user who opened
    # the address) was false
    if account is None or account.created_by_id != current_user.id:
        abort(404)
    # a persona natural's account bears the person's own name: "Felicitaciones Pedro …, Pedro …" says it twice
    natural = service.is_natural_person(account.organization_type)
    own = natural or fold(account.name) == fold(current_user.full_name)
    contracts = registered_on(account.id, CONTRACTS_NAMED + 1) if account.kind == AccountKind.PROVEEDOR else []
    return render("accounts/creada.html", account=account, own_account=own, natural=natural,
                  contracts=contracts[:CONTRACTS_NAMED], more_contracts=len(contracts) > CONTRACTS_NAMED)


@bp.get("/terminos")
def terminos():
    """What the "Términos y condiciones de uso" say."""
    return render_template("accounts/terminos.html")
