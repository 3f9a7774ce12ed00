"""Signed, expiring tokens for emailed links, and signed keys for cookies; one salt per purpose."""
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, Signer, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, base64_encode


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of reading a token: "valid" with its data, or "expired" or "invalid"."""

    status: str
    data: Any = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def fingerprint(value: str) -> str:
    """A short digest binding a token to a value (an email, a password hash) that voids it when changed."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"portal-{purpose}")


def make_token(purpose: str, data: Any) -> str:
    return _serializer(purpose).dumps(data)


def read_token(purpose: str, token: str, max_age: int) -> TokenCheck:
    try:
        return TokenCheck("valid", _serializer(purpose).loads(token, max_age=max_age))
    except SignatureExpired as exc:
        try:
            payload = _serializer(purpose).loads_unsafe(token)[1]
        except Exception:  # noqa: BLE001 - an expired token that cannot be decoded is simply expired
            payload = None
        return TokenCheck("expired", payload if exc.payload is not None else None)
    except BadSignature:
        return TokenCheck("invalid")


def _signer(purpose: str) -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=f"portal-{purpose}")


def new_key(purpose: str) -> str:
    """A random key signed for a purpose (50 characters): what a cookie carries to name a row the portal made."""
    return _signer(purpose).sign(secrets.token_urlsafe(16)).decode()


def checked_key(purpose: str, value) -> str | None:
    """`value` when new_key() made it for this purpose; None for anything forged, altered or not a key at all.

    Only the spelling new_key() gave: the signature's last base64 character carries two unused bits, so four
    spellings decode to the same signature, and each would otherwise name a row of its own (a draft outside the
    quota of new ones)."""
    if not isinstance(value, str) or len(value) > 64 or not value.isascii():
        return None
    signer = _signer(purpose)
    if not signer.validate(value):
        return None
    signature = value.rpartition(".")[2]
    return value if base64_encode(base64_decode(signature)).decode() == signature else None
