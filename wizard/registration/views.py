"""Sections 1 and 2 of user registration, activation links, and section 3 (find or create an Entidad)."""
from flask import current_app, flash, g, make_response, redirect, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from wizard import arrival, quotas
from wizard.accounts.resume import unfinished
from wizard.extensions import db, limiter
from wizard.forms import field_check_response
from wizard.htmx import is_htmx, redirect_to, render, target_block
from wizard.mail import deliver_soon
from wizard.models import User
from wizard.reference import countries, label
from wizard.registration import bp, service
from wizard.registration.service import SESSION_USER
from wizard.registration.forms import (EMAIL_TAKEN, PASSWORD_HINT, USERNAME_HINT, EntitySearchForm, FixEmailForm,
                                      NewLinkForm, RegistrationForm)

DRAFT_MAX_AGE = int(service.DRAFT_MAX_AGE.total_seconds())  # the cookie lasts as long as purge-drafts keeps it
TOKEN_MAX_LENGTH = 400
RESEND_LIMIT = "3 per 10 minutes"
TYPING_LIMIT = "120 per minute"  # field checks and "Continuar": generous for a person, a brake on scripts
NEW_DRAFTS_LIMIT = "20 per hour"  # new section-1 drafts per address: a school's lab registering, not a script
EMAIL_ANSWER_LIMIT = "5 per 10 minutes"  # "that email has a user": as often as the recovery forms answer


def _told_email_taken(response) -> bool:
    return bool(g.get("told_email_taken"))


# One count per address for section 1's "Continuar" and section 2's correction: only the answers that said an
# email has a user use it up, and once used up both are refused for a while (429).
email_answers = limiter.shared_limit(EMAIL_ANSWER_LIMIT, scope="correo-registrado", deduct_when=_told_email_taken)


def _draft_key() -> str | None:
    """The key of this browser's draft, when its cookie carries one the portal made."""
    return service.draft_key(request.cookies.get(current_app.config["DRAFT_COOKIE"]))


def _keep_draft(response, form: RegistrationForm):
    """Keep what was typed in this browser's draft; a new draft only once something was typed, and only a few
    per address (an anonymous script dropping the cookie would otherwise make one row per request)."""
    values = form.values()
    key = _draft_key()
    if key is None:
        if not (service.worth_keeping(values) and quotas.spend(NEW_DRAFTS_LIMIT, "borrador", quotas.address())):
            return response
        key = service.new_draft_key()
    service.save_draft(key, values)
    return _with_draft(response, key)


def _with_draft(response, key: str):
    """Remember the draft in an HttpOnly cookie so this browser finds section 1 again."""
    response.set_cookie(current_app.config["DRAFT_COOKIE"], key, max_age=DRAFT_MAX_AGE, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], path=bp.url_prefix)
    return response


def _start_page(form: RegistrationForm, status: int = 200):
    return render("registration/start.html", status=status, form=form, username_hint=USERNAME_HINT,
                  password_hint=PASSWORD_HINT)


def pending_user() -> User | None:
    """The user registered in this session, waiting for activation (section 2)."""
    user_id = session.get(SESSION_USER)
    return db.session.get(User, user_id) if isinstance(user_id, int) else None


@bp.get("/")
def start():
    """Section 1, "Registrar usuario", as this browser left it; once "Continuar" made the user, section 2 (what
    the browser's Back shows, instead of an empty form that would answer that the user already exists)."""
    if pending_user() is not None:
        return redirect(url_for(".confirm"), 303)
    draft = service.load_draft(_draft_key())
    data = {k: v for k, v in draft.data.items() if k in service.DRAFT_FIELDS} if draft else None
    if data is None:  # from a circular's personal link or an invitation: start with what it knows (editable)
        data = arrival.registration_prefill() or None
    response = make_response(_start_page(RegistrationForm(data=data)))
    response.headers["Cache-Control"] = "no-store"  # Back asks the server again (no copy in the browser's cache)
    return response


@bp.post("/otro")
def another():
    """"Registrar otro usuario": forget the user registered in this browser and open an empty section 1."""
    session.pop(SESSION_USER, None)
    return redirect_to(url_for(".start"))


@bp.post("/")
@limiter.limit(TYPING_LIMIT)
@email_answers
def register():
    """Check the whole of section 1; when valid create the user, queue the activation email and go to section 2."""
    form = RegistrationForm(tell_email_taken=True)
    valid = form.validate()
    if valid:
        try:
            why = arrival.current()
            user = service.create_user(form.values(), arrival=why.token if why else None)
            arrival.registered(user)
            service.delete_draft(_draft_key())
            db.session.commit()
        except IntegrityError:  # another registration took the user name or email a moment ago
            db.session.rollback()
            _explain_conflict(form)
            valid = False
    if not valid:
        return _keep_draft(make_response(_start_page(form, 422)), form)
    deliver_soon(current_app._get_current_object())
    session[SESSION_USER] = user.id
    response = redirect_to(url_for(".confirm"))
    response.delete_cookie(current_app.config["DRAFT_COOKIE"], path=bp.url_prefix)
    return response


def _explain_conflict(form: RegistrationForm) -> None:
    if service.username_taken(form.username.data):
        form.username.errors.append("Ese usuario ya existe: elija otro")
    if service.email_taken(form.email.data):
        g.told_email_taken = True
        form.email.errors.append(EMAIL_TAKEN)
    if not form.username.errors and not form.email.errors:
        form.form_errors.append("No pudimos completar el registro. Pulse «Continuar» de nuevo.")


@bp.post("/validar")
@limiter.limit(TYPING_LIMIT)
def check():
    """Check one field of section 1 as the user leaves it, and keep what was typed."""
    form = RegistrationForm()
    return _keep_draft(make_response(field_check_response(form, request.args.get("campo", ""))), form)


@bp.get("/confirmar")
def confirm():
    """Section 2, "Confirmar registro": where the activation email went, and "Reenviar"."""
    return render("registration/confirm.html", user=pending_user(), form=NewLinkForm(), fix_form=FixEmailForm())


def _still_pending():
    """The user of this session still waiting for activation, or where to send a request with nothing to do here."""
    user = pending_user()
    if user is None:
        return None, redirect_to(url_for(".confirm"))
    if user.is_activated:
        flash("Su usuario ya está activado. Entre con su nombre de usuario y contraseña.", "success")
        return None, redirect_to(url_for("auth.login"))
    return user, None


@bp.post("/confirmar/correo")
@limiter.limit(RESEND_LIMIT, deduct_when=lambda response: response.status_code != 422)  # count the emails sent
@email_answers
def fix_email():
    """Correct a mistyped address of the user registered in this session and send the activation email there."""
    user, elsewhere = _still_pending()
    if elsewhere:
        return elsewhere
    fix_form = FixEmailForm()
    fix_form.sent_to_key = user.email_key
    if fix_form.validate():
        try:
            service.change_email(user, fix_form.email.data)
        except IntegrityError:  # another registration took the address a moment ago
            db.session.rollback()
            g.told_email_taken = True
            fix_form.email.errors.append(EMAIL_TAKEN)
        else:
            deliver_soon(current_app._get_current_object())
            flash(f"Le enviamos el correo a {user.email}.", "success")
            return redirect_to(url_for(".confirm"))
    return render("registration/confirm.html", status=422, user=db.session.get(User, user.id), form=NewLinkForm(),
                  fix_form=fix_form)


@bp.post("/confirmar/reenviar")
@limiter.limit(RESEND_LIMIT)
def resend():
    """Send the activation email again to the user registered in this session, at most once a minute."""
    user, elsewhere = _still_pending()
    if elsewhere:
        return elsewhere
    if service.resend_activation(user):
        deliver_soon(current_app._get_current_object())
        flash(f"Le enviamos de nuevo el correo a {user.email}.", "success")
    else:
        flash("Ya le enviamos el correo hace menos de un minuto. Espere un momento antes de pedirlo de nuevo y "
              "revise la carpeta de correo no deseado.", "warning")
    return redirect_to(url_for(".confirm"))


@bp.get("/activar/<token>")
def activate(token: str):
    """Open the emailed link: activate once, or say that it was used, expired or is not valid."""
    if request.method == "HEAD":  # mail scanners probe links with HEAD: that must not use up the link
        return "", 200
    status, user = service.activate(token) if len(token) <= TOKEN_MAX_LENGTH else ("invalid", None)
    if user is not None and status in ("activated", "used"):
        arrival.activated(user)  # opened in another browser: the reason for registering comes along
    if status == "activated":
        flash("Su usuario quedó activado. Entre con su nombre de usuario y contraseña.", "success")
        return redirect(url_for("auth.login"), 303)
    codes = {"used": 200, "expired": 410, "invalid": 404}
    return render("registration/activate.html", status=codes[status], state=status, form=NewLinkForm())


@bp.post("/activar/nuevo")
@limiter.limit(RESEND_LIMIT)
def new_link():
    """Send a new activation link to an address, answering the same whether or not it has an account."""
    form = NewLinkForm()
    if not form.validate():
        return render("registration/activate.html", status=422, state="ask", form=form)
    user = service.user_by_email(form.email.data)
    if user is not None and service.resend_activation(user):
        deliver_soon(current_app._get_current_object())
    return render("registration/activate.html", state="sent", form=form, email=form.email.data)


@bp.get("/entidad")
@login_required
def entity():
    """Section 3: "Validar si mi entidad ya existe", with the results in the page (or alone for htmx)."""
    searched = any(name in request.args for name in ("pais", "nombre", "nit"))  # not utm_source and the like
    form = EntitySearchForm(request.args if searched else None)
    accounts = None
    status = 200
    if searched:
        if form.validate():
            accounts = service.search_accounts(form.pais.data, form.nombre.data or "", form.nit.data or "")
        else:
            status = 422
    return render("registration/entity.html", status=status, form=form, accounts=accounts,
                  swap_fields=is_htmx() and target_block() == "results", resume=unfinished(current_user.id),
                  pending=service.pending_requests(current_user.id),
                  country_name=label(countries(), form.pais.data),
                  search_url=url_for(".entity", pais=form.pais.data, nombre=form.nombre.data, nit=form.nit.data))
