"""Answers saved as they are given, so a user can leave a wizard and come back."""
import secrets
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizard.extensions import db
from wizard.dbtypes import UTCDateTime, utcnow


def new_draft_key() -> str:
    return secrets.token_urlsafe(32)


class RegistrationDraft(db.Model):
    """Section 1 as typed so far (never the passwords), found again through a browser cookie."""

    __tablename__ = "registration_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, default=new_draft_key)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)


class AccountDraft(db.Model):
    """The supplier-account wizard in progress: one per user, with the furthest step reached."""

    __tablename__ = "account_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    step: Mapped[str] = mapped_column(String(30), default="tipo")
    reached: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
