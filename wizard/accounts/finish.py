"""Step 4, "Finalizar": check your answers, accept the terms, create the account; then the confirmation."""
from flask import abort, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from wizard.accounts import service
from wizard.accounts.financial import SOURCE, indicators
from wizard.accounts.forms import FinishForm
from wizard.accounts.views import bp, guard, progress
from wizard.extensions import db
from wizard.htmx import redirect_to, render
from wizard.models import Account, Membership, State
from wizard.reference import countries, label, municipality, organization_types, tax_regimes


def summary(draft) -> dict:
    kind = service.kind_form(draft)
    entity = service.entity_form(draft)
    org = organization_types().get(kind.organizacion.data)
    return {"kind": kind, "entity": entity, "org_name": org.name if org else "",
            "country": label(countries(), kind.pais.data), "regime": label(tax_regimes(), entity.regimen.data),
            "place": municipality(entity.municipio.data), "rows": entity.rows(), "indicators": indicators,
            "source": SOURCE, "documents": service.draft_documents(draft), "rules": service.rules_for(draft)}


@bp.route("/cuenta/nueva/finalizar", methods=["GET", "POST"])
@login_required
def finalizar():
    """Step 4: the summary with links to change each part; "Finalizar" creates everything in one transaction."""
    draft, redirect = guard("finalizar")
    if redirect:
        return redirect
    form = FinishForm(meta=service.NO_CSRF) if request.method == "POST" else FinishForm(formdata=None, meta=service.NO_CSRF)
    if request.method == "POST" and form.validate():
        try:
            account_id = service.finalize(draft, current_user.id)
        except service.Refusal as refusal:
            form.form_errors.append(refusal.message)
        else:
            session["account_id"] = account_id
            return redirect_to(url_for("accounts.creada", account_id=account_id))
        draft = service.get_draft(current_user.id)
        if draft is None:  # another tab finished it meanwhile
            return redirect_to(url_for("main.desk"))
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
    if account is None:
        abort(404)
    return render("accounts/creada.html", account=account)


@bp.get("/terminos")
def terminos():
    """What the "Términos y condiciones de uso" say."""
    return render_template("accounts/terminos.html")
