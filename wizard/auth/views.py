"""Entrar, Salir, "Olvidé el usuario", "Olvidé la contraseña" and the new password from the emailed link."""
from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from wizard import arrival
from wizard.auth import brake, bp, service
from wizard.auth.forms import ForgotPasswordForm, ForgotUserForm, LoginForm, ResetForm
from wizard.extensions import limiter
from wizard.links import safe_next
from wizard.htmx import client_redirect, redirect_to, render
from wizard.mail import deliver_soon
from wizard.models import User
from wizard.registration.forms import PASSWORD_HINT
from wizard.registration.service import SESSION_USER

TOKEN_MAX_LENGTH = 400
RECOVERY_LIMIT = "5 per 10 minutes"
WRONG_CREDENTIALS = "El nombre de usuario o la contraseña no son correctos. Revíselos e inténtelo de nuevo."


def _failed(response) -> bool:
    """Only failed sign-ins count towards the limits, so a typo does not lock out a user who then gets it right."""
    return response.status_code == 422


def _too_many(limit):
    """A sign-in refused for too many failures from here: say for how long, and the way in that always works."""
    # a whole page, even for htmx: app.js shows its heading and first paragraph, which htmx does not swap in
    return make_response(render_template("auth/too_many.html", minutes=brake.WAIT_MINUTES), 429)


@bp.get("/entrar")
def login():
    """Entrar: "Nombre de usuario" and "Contraseña", with the ways to recover either."""
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("main.desk"), 303)
    return render("auth/login.html", form=LoginForm(), next=target)


@bp.post("/entrar")
@limiter.limit(brake.LIMIT_ADDRESS, deduct_when=_failed, on_breach=_too_many)
@limiter.limit(brake.LIMIT_USER_ADDRESS, key_func=brake.user_address_key, deduct_when=_failed, on_breach=_too_many)
def sign_in():
    """Sign in by user name (any case); one message for any wrong pair; unactivated users are told why.

    While the user name is under attack, the password alone does not sign in: the page is the same for a right
    and a wrong one, and the right one brings a one-time link by email (wizard/auth/brake.py).
    """
    form = LoginForm()
    target = safe_next(request.args.get("next"))
    if not form.validate():
        return render("auth/login.html", status=422, form=form, next=target)
    name = User.key(form.username.data)
    attacked = brake.under_attack(name)
    user = service.authenticate(form.username.data, form.password.data)
    if user is None:
        brake.count_failure(name)
    if attacked:
        if user is not None and service.send_sign_in_link(user):
            deliver_soon(current_app._get_current_object())
        form = LoginForm(formdata=None, username=form.username.data)
        return render("auth/login.html", status=422, form=form, next=target, under_attack=True)
    if user is None:
        form.form_errors.append(WRONG_CREDENTIALS)
        return render("auth/login.html", status=422, form=form, next=target)
    if not user.is_activated:
        session[SESSION_USER] = user.id
        return render("auth/login.html", form=LoginForm(formdata=None, username=user.username), next=target,
                      unactivated=user)
    kept = arrival.keep_across_sign_in()  # the link followed before Entrar (a circular, an invitation)
    session.clear()  # a new session for the signed-in user: nothing from before survives (no fixation)
    login_user(user, remember=False)
    landing = arrival.signed_in(user, kept)
    return client_redirect(target or landing or url_for("main.desk"))


@bp.route("/entrar/enlace/<token>", methods=["GET", "POST"])
@limiter.limit(RECOVERY_LIMIT, methods=["POST"])
def link(token: str):
    """The emailed one-time link: "Entrar" signs in (a GET does not, so a mail scanner cannot spend it)."""
    status, user = service.sign_in_link_user(token) if len(token) <= TOKEN_MAX_LENGTH else ("invalid", None)
    if user is None:
        return render("auth/link.html", status=410 if status == "expired" else 404, state=status)
    if request.method == "GET":
        return render("auth/link.html", state="valid", token=token, user=user)
    service.use_sign_in_link(user)
    session.clear()
    login_user(user, remember=False)
    flash("Entró con el enlace de su correo. Si no fue usted quien intentó entrar antes, cambie su contraseña.",
          "success")
    return client_redirect(url_for("main.desk"))


@bp.post("/salir")
def logout():
    """Sign out, on the server too (a copy of the cookie stops working), and forget everything in the session."""
    if current_user.is_authenticated:
        service.sign_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("Salió del portal en este dispositivo y en los demás donde había entrado. Hasta pronto.", "info")
    return client_redirect(url_for("main.home"))


@bp.route("/entrar/olvide-usuario", methods=["GET", "POST"])
@limiter.limit(RECOVERY_LIMIT, methods=["POST"])
def forgot_username():
    """Email the user name to the address typed; the answer is the same whether or not it has a user."""
    form = ForgotUserForm()
    if request.method == "GET":
        return render("auth/forgot_username.html", form=form)
    if not form.validate():
        return render("auth/forgot_username.html", status=422, form=form)
    if service.send_username(form.email.data):
        deliver_soon(current_app._get_current_object())
    return render("auth/sent.html", what="usuario", address=form.email.data)


@bp.route("/entrar/olvide-contrasena", methods=["GET", "POST"])
@limiter.limit(RECOVERY_LIMIT, methods=["POST"])
def forgot_password():
    """Email a one-time link to choose a new password; the answer is the same whether or not the user exists."""
    form = ForgotPasswordForm()
    if request.method == "GET":
        return render("auth/forgot_password.html", form=form)
    if not form.validate():
        return render("auth/forgot_password.html", status=422, form=form)
    if service.send_reset(form.login.data):
        deliver_soon(current_app._get_current_object())
    return render("auth/sent.html", what="contrasena", address=form.login.data)


@bp.route("/entrar/restablecer/<token>", methods=["GET", "POST"])
@limiter.limit(RECOVERY_LIMIT, methods=["POST"])
def reset(token: str):
    """Choose a new password from the emailed link, which then stops working."""
    status, user = service.reset_user(token) if len(token) <= TOKEN_MAX_LENGTH else ("invalid", None)
    if user is None:
        return render("auth/reset.html", status=410 if status == "expired" else 404, state=status, form=None)
    form = ResetForm()
    if request.method == "GET":
        return render("auth/reset.html", state="valid", form=form, password_hint=PASSWORD_HINT, token=token)
    if not form.validate():
        return render("auth/reset.html", status=422, state="valid", form=form, password_hint=PASSWORD_HINT,
                      token=token)
    service.set_new_password(user, form.password.data)
    flash("Su contraseña fue cambiada. Entre con su nombre de usuario y la contraseña nueva.", "success")
    return redirect_to(url_for("auth.login"))
