"""Registration without request handling: drafts, creating and activating users, mail cooldowns, entity search."""
from datetime import timedelta

import phonenumbers
from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from wizard import nit as nit_rules
from wizard.account_search import accounts_named
from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import send_email
from wizard.models import Account, Membership, OutboxMessage, RegistrationDraft, State, User
from wizard.dbtypes import utcnow
from wizard.tokens import checked_key, fingerprint, make_token, new_key, read_token
from wizard.upsert import upsert_now

SESSION_USER = "registro_usuario"  # the session key of the user registered in this browser, until activated
ACTIVATION_SUBJECT = "Activación de su registro en SECOP"
RESEND_COOLDOWN = timedelta(seconds=60)
# Never the passwords nor the security answer: those are secrets, stored only as hashes once the user exists.
DRAFT_FIELDS = ("full_name", "country", "email", "username", "security_question", "mobile_phone", "timezone")
DRAFT_VALUE_MAX = 300
# What section 1 shows before anything is typed: a draft holding only these is not worth a row.
DRAFT_DEFAULTS = {"country": "CO", "timezone": "America/Bogota", "mobile_phone": "+57"}
DRAFT_MAX_AGE = timedelta(days=30)
DRAFT_KEY_PURPOSE = "registro-borrador"
SEARCH_LIMIT = 20


# --- drafts ---------------------------------------------------------------------------------------------------------

def draft_key(cookie: str | None) -> str | None:
    """The draft key a browser's cookie carries, when the portal made it (new_draft_key); None otherwise, so a
    forged cookie never reaches the database and never makes a draft without the quota of new ones."""
    return checked_key(DRAFT_KEY_PURPOSE, cookie)


def new_draft_key() -> str:
    return new_key(DRAFT_KEY_PURPOSE)


def load_draft(key: str | None) -> RegistrationDraft | None:
    """The draft of a key draft_key() accepted, or None."""
    if not key:
        return None
    return db.session.scalar(select(RegistrationDraft).where(RegistrationDraft.key == key))


def worth_keeping(values: dict) -> bool:
    """True once something was typed: a field that is not empty and not what the form shows at first."""
    return any(isinstance(values.get(name), str) and values[name].strip()
               and values[name].strip() != DRAFT_DEFAULTS.get(name) for name in DRAFT_FIELDS)


def save_draft(key: str, values: dict) -> None:
    """Keep what was typed in section 1 (never the passwords) as the draft of this key, in one statement that
    makes the draft the first time and replaces its answers afterwards (nothing read first); commits."""
    data = {}
    for name in DRAFT_FIELDS:
        value = values.get(name)
        if isinstance(value, str):
            data[name] = value[:DRAFT_VALUE_MAX]
    upsert_now(RegistrationDraft, {"key": key}, {"data": data, "updated_at": utcnow()})


def purge_drafts(older_than: timedelta = DRAFT_MAX_AGE) -> int:
    """Delete drafts nobody has touched for a while (what a person typed is not kept for ever); commits."""
    result = db.session.execute(delete(RegistrationDraft).where(RegistrationDraft.updated_at < utcnow() - older_than))
    db.session.commit()
    return result.rowcount


def delete_draft(key: str | None) -> None:
    """Forget the draft of this key (in the caller's transaction)."""
    if key:
        db.session.execute(delete(RegistrationDraft).where(RegistrationDraft.key == key))


# --- users ----------------------------------------------------------------------------------------------------------

def username_taken(username: str) -> bool:
    return db.session.scalar(select(User.id).where(User.username_key == User.key(username))) is not None


def email_taken(email: str) -> bool:
    return db.session.scalar(select(User.id).where(User.email_key == User.key(email))) is not None


INVALID_PHONE = "El número no es válido: revise el indicativo del país y los dígitos, por ejemplo +57 300 123 4567"


def phone_problem(value: str, country: str) -> str | None:
    """Why a mobile number is not acceptable for the country chosen, or None."""
    digits = "".join(c for c in value if c in "0123456789")  # not isdigit(): "²" is one, and int() refuses it
    # only a country's prefix, e.g. "+57" ("+57 1" is a number, too short: "no es válido")
    if not digits or (value.strip().startswith("+") and len(digits) <= 3
                      and int(digits) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE):
        return "Escriba su número de teléfono móvil, por ejemplo +57 300 123 4567"
    try:
        number = phonenumbers.parse(value, country if country and len(country) == 2 else "CO")
    except phonenumbers.NumberParseException as refused:
        if refused.error_type in (refused.TOO_SHORT_NSN, refused.TOO_SHORT_AFTER_IDD, refused.TOO_LONG):
            return INVALID_PHONE  # a prefix and too few (or too many) digits: the number itself is wrong
        return "Escriba un número de teléfono móvil, con el indicativo del país, por ejemplo +57 300 123 4567"
    if not phonenumbers.is_valid_number(number):
        return INVALID_PHONE
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return "Escriba un número de teléfono móvil (celular), no uno fijo"
    return None


def e164(value: str, country: str) -> str:
    number = phonenumbers.parse(value, country if country and len(country) == 2 else "CO")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def create_user(values: dict, arrival: str | None = None) -> User:
    """Add an unactivated user and queue its activation email; the caller commits both at once. `arrival` is why
    the person registered (wizard/arrival.py's token), kept on the user and said in the email."""
    user = User(
        full_name=values["full_name"], country=values["country"], email=values["email"],
        username=values["username"], security_question=values["security_question"],
        mobile_phone=e164(values["mobile_phone"], values["country"]), timezone=values["timezone"],
        arrival=arrival,
    )
    user.set_password(values["password"])
    user.set_security_answer(values["security_answer"])
    db.session.add(user)
    db.session.flush()
    queue_activation(user)
    return user


def user_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username_key == User.key(username)))


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email_key == User.key(email)))


# --- activation -----------------------------------------------------------------------------------------------------

def activation_token(user: User) -> str:
    return make_token("activate", [user.id, fingerprint(user.email_key)])


def queue_activation(user: User) -> None:
    link = external_url("registration.activate", token=activation_token(user))
    send_email(user.email, ACTIVATION_SUBJECT, "activation", user=user, link=link)


def recently_sent(recipient: str, subject: str, within: timedelta = RESEND_COOLDOWN) -> bool:
    """True when an email with this subject went to this address a moment ago (the per-user cooldown)."""
    last = db.session.scalar(
        select(OutboxMessage.created_at)
        .where(OutboxMessage.recipient == recipient, OutboxMessage.subject == subject)
        .order_by(OutboxMessage.created_at.desc())
        .limit(1)
    )
    return last is not None and utcnow() - last < within


def resend_activation(user: User) -> bool:
    """Queue the activation email again unless the user is active or one was sent a moment ago; commits."""
    if user.is_activated or recently_sent(user.email, ACTIVATION_SUBJECT):
        return False
    queue_activation(user)
    db.session.commit()
    return True


def change_email(user: User, email: str) -> None:
    """Correct the address of a user not yet activated and send the link there (the old link stops working); commits."""
    user.email, user.email_key = email, User.key(email)
    queue_activation(user)
    db.session.commit()


def activate(token: str) -> tuple[str, User | None]:
    """Read an activation link: ("activated" | "used" | "expired" | "invalid", the user when known)."""
    check = read_token("activate", token, current_app.config["ACTIVATION_MAX_AGE"])
    user = _token_user(check.data)
    if check.status == "invalid" or user is None:
        return "invalid", None
    if user.is_activated:
        return "used", user
    if check.status == "expired":
        return "expired", user
    user.activated_at = utcnow()
    db.session.commit()
    return "activated", user


def _token_user(data) -> User | None:
    if not (isinstance(data, list) and len(data) == 2 and isinstance(data[0], int) and isinstance(data[1], str)):
        return None
    user = db.session.get(User, data[0])
    if user is None or fingerprint(user.email_key) != data[1]:
        return None
    return user


# --- section 3 ------------------------------------------------------------------------------------------------------


def search_accounts(country: str, name: str = "", nit: str = "") -> list[Account]:
    """Accounts of the country with exactly this NIT (its DV typed or not, with or without a dash: nit.candidates),
    then those whose name contains `name`, ignoring case, accents, spaces, punctuation, "&"/"y" and the legal form (wizard/names.py), those that start
    with it first (wizard/account_search.py)."""
    found = []
    if nit:
        found = list(db.session.scalars(select(Account).where(Account.country == country,
                                                              Account.nit.in_(nit_rules.candidates(nit)))))
    if name:
        others = [Account.id.not_in([a.id for a in found])] if found else []
        found += accounts_named(name, Account.country == country, *others, limit=SEARCH_LIMIT - len(found))
    return found


def pending_requests(user_id: int) -> list[Membership]:
    """The user's access requests still waiting for an administrator (section 3 says so: no duplicate entity)."""
    return list(db.session.scalars(select(Membership).options(joinedload(Membership.account)).where(
        Membership.user_id == user_id, Membership.state == State.PENDIENTE)
        .order_by(Membership.requested_at.desc(), Membership.id.desc()).limit(SEARCH_LIMIT)))
