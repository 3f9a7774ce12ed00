"""Signing in and recovering a user name or password, without request handling."""
from flask import current_app
from sqlalchemy import or_, select

from wizard.extensions import db
from wizard.mail import send_email
from wizard.models import User
from wizard.dbtypes import utcnow
from wizard.models.users import hash_secret, verify_secret
from wizard.links import external_url
from wizard.registration.service import recently_sent
from wizard.tokens import fingerprint, make_token, read_token

USERNAME_SUBJECT = "Su nombre de usuario en el Portal SECOP"
RESET_SUBJECT = "Restablecer su contraseña del Portal SECOP"
LINK_SUBJECT = "Su enlace para entrar al Portal SECOP"
LINK_MAX_AGE = 15 * 60
_DUMMY_HASH: list[str] = []


def authenticate(username: str, password: str) -> User | None:
    """The user with this name (any case) and password, or None; as slow for an unknown name as for a known one."""
    user = db.session.scalar(select(User).where(User.username_key == User.key(username)))
    if user is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hash_secret("no-es-una-clave-0"))
        verify_secret(_DUMMY_HASH[0], password)
        return None
    return user if user.check_password(password) else None


def send_username(email: str) -> bool:
    """Email the user name to the user with this address, if there is one; commits. True when an email was queued."""
    user = db.session.scalar(select(User).where(User.email_key == User.key(email)))
    if user is None or recently_sent(user.email, USERNAME_SUBJECT):
        return False
    send_email(user.email, USERNAME_SUBJECT, "username_reminder", user=user,
               link=external_url("auth.login"))
    db.session.commit()
    return True


def reset_token(user: User) -> str:
    return make_token("reset", [user.id, fingerprint(user.password_hash)])


def send_reset(login: str) -> bool:
    """Email a one-time reset link to the user with this name or email, if there is one; commits."""
    key = User.key(login)
    user = db.session.scalar(select(User).where(or_(User.username_key == key, User.email_key == key)))
    if user is None or recently_sent(user.email, RESET_SUBJECT):
        return False
    link = external_url("auth.reset", token=reset_token(user))
    send_email(user.email, RESET_SUBJECT, "password_reset", user=user, link=link)
    db.session.commit()
    return True


def _user_of(purpose: str, token: str, max_age: int, bound_to) -> tuple[str, User | None]:
    """("valid", user) for a live token of `purpose` whose user's `bound_to(user)` still has the fingerprint it was
    made with; ("expired" | "invalid", None) otherwise (a link is used up once that value changes)."""
    check = read_token(purpose, token, max_age)
    data = check.data
    if check.status != "valid":
        return ("expired" if check.status == "expired" else "invalid"), None
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int) and isinstance(data[1], str)):
        return "invalid", None
    user = db.session.get(User, data[0])
    if user is None or fingerprint(bound_to(user)) != data[1]:
        return "invalid", None
    return "valid", user


def reset_user(token: str) -> tuple[str, User | None]:
    """("valid", user) for a live reset link; ("expired" | "invalid", None) otherwise (used links are invalid)."""
    return _user_of("reset", token, current_app.config["RESET_MAX_AGE"], lambda user: user.password_hash)


def sign_in_token(user: User) -> str:
    return make_token("entrar", [user.id, fingerprint(user.session_id)])


def send_sign_in_link(user: User) -> bool:
    """Email a one-time link that signs the user in (while the user name is under attack), at most once a minute;
    commits. True when an email was queued."""
    if not user.is_activated or recently_sent(user.email, LINK_SUBJECT):
        return False
    send_email(user.email, LINK_SUBJECT, "sign_in_link", user=user,
               link=external_url("auth.link", token=sign_in_token(user)),
               minutes=LINK_MAX_AGE // 60)
    db.session.commit()
    return True


def sign_in_link_user(token: str) -> tuple[str, User | None]:
    """("valid", user) for a live sign-in link; ("expired" | "invalid", None) otherwise (a used link is invalid:
    using it renews the session id it is bound to)."""
    status, user = _user_of("entrar", token, LINK_MAX_AGE, lambda user: user.session_id)
    if user is not None and not user.is_activated:
        return "invalid", None
    return status, user


def use_sign_in_link(user: User) -> None:
    """Spend the link: a new session id voids it (and ends the user's other sessions); commits."""
    user.end_sessions()
    db.session.commit()


def sign_out(user: User) -> None:
    """End the user's session on the server, so a cookie kept from before (on any device) opens nothing; commits."""
    user.end_sessions()
    db.session.commit()


def set_new_password(user: User, password: str) -> None:
    """Change the password (which voids the link and signs out other sessions); the email proves the address."""
    user.set_password(password)
    if user.activated_at is None:
        user.activated_at = utcnow()
    db.session.commit()
