""""Mis datos de usuario": the page, one form per kind of change, and the link that confirms a new email."""
from flask import current_app, flash, g, request, url_for
from flask_login import current_user, login_required, login_user

from wizard.errors import Refused
from wizard.extensions import limiter
from wizard.htmx import redirect_to, render
from wizard.mail import deliver_soon
from wizard.profile import bp, service
from wizard.profile.forms import DataForm, EmailForm, PasswordForm, QuestionForm
from wizard.registration.forms import PASSWORD_HINT

PASSWORD_LIMIT = "10 per 10 minutes"  # the forms that ask for the current password


def _user_key() -> str:
    """The brake on guessing the current password is the signed-in user's own: keyed by the address, the people of
    one office (one address) shared ten tries, and their changes that went through used them up. The user's id, not
    the session's: «Salir» must not start the count again."""
    return f"mis-datos:{current_user.id}"


def _refused(response) -> bool:
    """A wrong current password was typed, whatever the answer's status (an htmx target the page does not know
    answers 400 after the check: counting 422s alone let such guesses through uncounted)."""
    return bool(g.get("password_refused"))


# One count for the three forms that ask for the current password (not ten tries each).
password_brake = limiter.shared_limit(PASSWORD_LIMIT, scope="mis-datos-clave", key_func=_user_key,
                                      deduct_when=_refused)
TOKEN_MAX_LENGTH = 600


def _forms(**given) -> dict:
    user = current_user
    forms = {
        "data_form": DataForm(formdata=None, country=user.country, full_name=user.full_name,
                              mobile_phone=user.mobile_phone, timezone=user.timezone),
        "email_form": EmailForm(formdata=None),
        "question_form": QuestionForm(formdata=None, pregunta=user.security_question),
        "password_form": PasswordForm(formdata=None),
    }
    forms.update(given)
    return forms


def _page(status: int = 200, **given):
    return render("profile/show.html", status=status, password_hint=PASSWORD_HINT, **_forms(**given))


def _done(message: str):
    deliver_soon(current_app._get_current_object())
    flash(message, "success")
    return redirect_to(url_for("profile.show"))


def _password_ok(form, field) -> bool:
    try:
        service.check_password(current_user, field.data)
    except Refused as refused:
        g.password_refused = True
        field.errors.append(refused.message)
        return False
    return True


@bp.get("/usuario/datos")
@login_required
def show():
    """Name, email, mobile, time zone, security question and password, each with its own "Guardar"."""
    return _page()


@bp.post("/usuario/datos")
@login_required
def save_data():
    form = DataForm(country=current_user.country)
    if not form.validate():
        return _page(422, data_form=form)
    changes = service.update_data(current_user, form.full_name.data, form.mobile_phone.data, form.timezone.data)
    if not changes:
        flash("No cambió ningún dato.", "info")
        return redirect_to(url_for("profile.show"))
    return _done("Guardamos sus datos y le enviamos un correo de confirmación.")


@bp.post("/usuario/datos/correo")
@login_required
@password_brake
def change_email():
    form = EmailForm()
    if not (form.validate() and _password_ok(form, form.clave_correo)):
        return _page(422, email_form=form)
    service.request_email_change(current_user, form.correo.data)
    return _done(f"Le enviamos un enlace a {form.correo.data}: ábralo para confirmar el correo nuevo. "
                 f"Mientras tanto sigue usando {current_user.email}.")


@bp.get("/usuario/datos/correo/<token>")
def confirm_email(token: str):
    """The link sent to the new address: the address changes only now."""
    if request.method == "HEAD":  # mail scanners probe links: that must not use the link up
        return "", 200
    try:
        status, _ = service.confirm_email(token) if len(token) <= TOKEN_MAX_LENGTH else ("invalid", None)
    except Refused as refused:
        return render("profile/email_confirmed.html", status=409, state="taken", message=refused.message)
    if status == "changed":
        deliver_soon(current_app._get_current_object())
    codes = {"changed": 200, "expired": 410, "invalid": 404}
    return render("profile/email_confirmed.html", status=codes[status], state=status, message=None)


@bp.post("/usuario/datos/pregunta")
@login_required
@password_brake
def change_question():
    form = QuestionForm()
    if not (form.validate() and _password_ok(form, form.clave_pregunta)):
        return _page(422, question_form=form)
    service.change_question(current_user, form.pregunta.data, form.respuesta.data)
    return _done("Cambiamos su pregunta de seguridad y le enviamos un correo de confirmación.")


@bp.post("/usuario/datos/contrasena")
@login_required
@password_brake
def change_password():
    form = PasswordForm()
    if not (form.validate() and _password_ok(form, form.clave_actual)):
        return _page(422, password_form=form)
    user = current_user._get_current_object()
    service.change_password(user, form.clave_nueva.data)
    login_user(user)  # this session carries on with the new session id; every other one is signed out
    return _done("Cambiamos su contraseña y le enviamos un correo de confirmación. Sus otras sesiones se cerraron.")
