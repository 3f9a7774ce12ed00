"""A person's login: personal, not transferable, possibly a member of several accounts."""
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from wizard.extensions import db
from wizard.dbtypes import UTCDateTime, utcnow
from wizard.text import fold


EMAIL_MAX = 254
# case folding turns one character into at most three ('ΐ' -> 'ΐ'): the key of any address fits
EMAIL_KEY_MAX = 3 * EMAIL_MAX


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def _folded_name(context) -> str:
    # cut to the column: folding can lengthen a name ('ß' -> 'ss'), and PostgreSQL refuses what does not fit
    return fold(context.get_current_parameters().get("full_name") or "")[:120]


def _hasher() -> PasswordHasher:
    return PasswordHasher(**current_app.config["PASSWORD_HASH"])


def hash_secret(value: str) -> str:
    return _hasher().hash(value)


def verify_secret(hashed: str, value: str) -> bool:
    try:
        return _hasher().verify(hashed, value)
    except (VerificationError, InvalidHashError):
        return False


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_id)
    full_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), default=_folded_name)  # for searches; set on bulk inserts too
    country: Mapped[str] = mapped_column(String(2), default="CO")
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    email_key: Mapped[str] = mapped_column(String(EMAIL_KEY_MAX), unique=True)
    username: Mapped[str] = mapped_column(String(40))
    username_key: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    security_question: Mapped[str] = mapped_column(String(40))
    security_answer_hash: Mapped[str] = mapped_column(String(255))
    mobile_phone: Mapped[str] = mapped_column(String(20))
    timezone: Mapped[str] = mapped_column(String(64), default="America/Bogota")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # why the person registered (a circular's link, an invitation): a signed token of wizard/arrival.py, so the
    # context comes back after activation and "Entrar" on any device
    arrival: Mapped[str | None] = mapped_column(String(600))

    @staticmethod
    def key(value: str) -> str:
        """The form of a user name or email that uniqueness is checked on."""
        return value.strip().casefold()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.email_key = self.key(self.email)
        self.username_key = self.key(self.username)

    def get_id(self) -> str:
        return self.session_id

    @property
    def is_activated(self) -> bool:
        return self.activated_at is not None

    def set_password(self, password: str) -> None:
        self.password_hash = hash_secret(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """Refuse every session cookie issued so far: users are loaded by this id, which each cookie carries."""
        self.session_id = new_session_id()

    def check_password(self, password: str) -> bool:
        return verify_secret(self.password_hash, password)

    def set_security_answer(self, answer: str) -> None:
        self.security_answer_hash = hash_secret(fold(answer))

    def __repr__(self) -> str:
        return f"<User {self.username}>"
