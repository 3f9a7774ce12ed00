""""Crear usuarios": the invitation form, and the emailed link that joins the account."""
from flask import abort, flash, request, url_for
from flask_login import current_user, login_required

from wizard import arrival
from wizard.access import invitations, service
from wizard.access import bp
from wizard.access.forms import InviteForm
from wizard.acting import acting_admin
from wizard.errors import NotAllowed, Refused
from wizard.extensions import db, limiter
from wizard.htmx import redirect_to, render
from wizard.text import sentence


@bp.route("/cuenta/usuarios/invitar", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", methods=["POST"])
def invite():
    """Email a person a link to join the acting account directly."""
    me = acting_admin()
    form = InviteForm()
    error = None
    if form.validate_on_submit():
        try:
            invitations.invite(me.account_id, current_user.id, form.correo.data)
        except NotAllowed:
            abort(403)
        except Refused as refused:
            error = refused.message
        else:
            flash(f"Se envió la invitación a {form.correo.data}.", "success")
            return redirect_to(url_for("access.users"))
    status = 422 if request.method == "POST" else 200
    return render("access/invite.html", form=form, account=me.account, error=error, status=status)


@bp.get("/invitacion/<token>")
def invitation(token: str):
    """Show the invitation: "Unirse a la cuenta" when signed in, "Entrar" or "Registro" otherwise."""
    check, account = invitations.read(token)
    if check.valid and account is not None and not current_user.is_authenticated:
        # "Registro" from here carries the invitation through section 1, activation and Entrar, back to this page
        arrival.remember(arrival.for_invitation(token))
    return render("access/invitation.html", check=check, account=account, token=token, error=None,
                  status=200 if check.valid and account else 400)


@bp.post("/invitacion/<token>")
@login_required
def accept_invitation(token: str):
    """Join the invited account as an accepted user, when the link was sent to this user's email."""
    check, account = invitations.read(token)
    if not check.valid or account is None:
        return render("access/invitation.html", check=check, account=account, token=token, error=None, status=400)
    try:
        invitations.accept(check.data, current_user.id)
    except Refused as refused:
        return render("access/invitation.html", check=check, account=account, token=token,
                      error=refused.message, status=422)
    arrival.forget(current_user._get_current_object())  # the invitation is spent: no page says it again
    db.session.commit()
    flash(sentence(f"Ya tiene acceso a {account.name}"), "success")
    return redirect_to(url_for("access.switch"))
