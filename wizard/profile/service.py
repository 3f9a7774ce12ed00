"""Changing a user's own data without request handling: each change is emailed; an email change waits for a link."""
from flask import current_app
from sqlalchemy.exc import IntegrityError

from wizard.errors import Refused
from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import send_email
from wizard.models import User
from wizard.reference import label, security_questions, timezones
from wizard.registration.service import e164, email_taken
from wizard.tokens import fingerprint, make_token, read_token

CHANGED_SUBJECT = "Cambios en sus datos de usuario del Portal SECOP"
CONFIRM_SUBJECT = "Confirme su nuevo correo electrónico en el Portal SECOP"
PURPOSE = "email-change"
TAKEN = "Ya hay un usuario con este correo electrónico: escriba otro"


def _tell(user: User, changes: list[str], to: str | None = None) -> None:
    send_email(to or user.email, CHANGED_SUBJECT, "profile_changed", user=user, changes=changes,
               link=external_url("profile.show"))


def update_data(user: User, full_name: str, mobile_phone: str, timezone: str) -> list[str]:
    """Save name, mobile and time zone; email what changed (nothing when nothing did); commits. The changes."""
    changes = []
    mobile = e164(mobile_phone, user.country or "CO")
    if full_name != user.full_name:
        changes.append(f"Nombre y apellido: {full_name}")
        user.full_name = full_name
    if mobile != user.mobile_phone:
        changes.append(f"Teléfono móvil de seguridad: {mobile}")
        user.mobile_phone = mobile
    if timezone != user.timezone:
        changes.append(f"Zona horaria: {label(timezones(), timezone)}")
        user.timezone = timezone
    if changes:
        _tell(user, changes)
    db.session.commit()
    return changes


def check_password(user: User, password: str) -> None:
    if not user.check_password(password or ""):
        raise Refused("La contraseña actual no es correcta")


def change_question(user: User, question: str, answer: str) -> None:
    user.security_question = question
    user.set_security_answer(answer)
    _tell(user, [f"Pregunta de seguridad: {label(security_questions(), question)} (y su respuesta)"])
    db.session.commit()


def change_password(user: User, password: str) -> None:
    """A new password; set_password rotates the session id, which signs out every other session; commits."""
    user.set_password(password)
    _tell(user, ["Contraseña (se cerraron sus sesiones en otros dispositivos)"])
    db.session.commit()


def email_change_token(user: User, new_email: str) -> str:
    """The link's token: voided when the current address changes first."""
    return make_token(PURPOSE, [user.id, fingerprint(user.email_key), new_email])


def request_email_change(user: User, new_email: str) -> None:
    """Email a link to the new address (the change waits for it) and a notice to the current one; commits."""
    token = email_change_token(user, new_email)
    send_email(new_email, CONFIRM_SUBJECT, "email_change", user=user, email=new_email,
               link=external_url("profile.confirm_email", token=token),
               hours=current_app.config["ACTIVATION_MAX_AGE"] // 3600)
    _tell(user, [f"Se pidió cambiar su correo electrónico a {new_email}: el cambio se hace cuando se abra el "
                 "enlace enviado a esa dirección"])
    db.session.commit()


def confirm_email(token: str) -> tuple[str, User | None]:
    """Follow the link sent to a new address: ("changed" | "expired" | "invalid", the user when changed)."""
    check = read_token(PURPOSE, token, current_app.config["ACTIVATION_MAX_AGE"])
    data = check.data
    if check.status != "valid":
        return ("expired" if check.status == "expired" else "invalid"), None
    if not (isinstance(data, list) and len(data) == 3 and isinstance(data[0], int) and all(
            isinstance(v, str) for v in data[1:])):
        return "invalid", None
    user = db.session.get(User, data[0])
    if user is None or fingerprint(user.email_key) != data[1]:
        return "invalid", None  # used already, or the address changed since
    new_email = data[2][:254]
    if email_taken(new_email):
        raise Refused(TAKEN)
    old_email = user.email
    user.email, user.email_key = new_email, User.key(new_email)
    _tell(user, [f"Correo electrónico: {new_email}"], to=old_email)
    _tell(user, [f"Correo electrónico: {new_email}"])
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refused(TAKEN) from None
    return "changed", user
