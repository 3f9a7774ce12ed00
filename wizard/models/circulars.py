"""An entity's circular to its contractors (seed 004): the letter, its public link, its list, and its history.

A circular is written as a "Borrador" and then "Publicada" (the workflow engine keeps each step in its history).
Its public link carries a random token; each person on the list has a personal token of their own. A person who
registers through the generic link gets a row too (`listed` false), so "Seguimiento" is one list. What a row's
person has done ("Sin registrarse" ... "Cuenta de Proveedor creada") is never stored: it is read from the facts
(the user linked to the row, or the user with the row's email; the supplier account with the row's number), see
wizard/circulars/follow.py.
"""
import secrets
from datetime import date, datetime
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.dbtypes import UTCDateTime, utcnow
from wizard.extensions import db
from wizard.models.accounts import Account
from wizard.models.users import EMAIL_KEY_MAX, User
from wizard.text import fold
from wizard.workflow import EventColumns, Workflow, states_check, transition


def new_token() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits: a short link and a small QR code


class CircularState(StrEnum):
    BORRADOR = "borrador"
    PUBLICADA = "publicada"


STATE_LABELS = {CircularState.BORRADOR: "Borrador", CircularState.PUBLICADA: "Publicada"}


class Circular(db.Model):
    __tablename__ = "circulars"
    __table_args__ = (
        UniqueConstraint("account_id", "number"),
        # the entity's list of circulars and its Escritorio card, newest first
        Index("ix_circulars_account_created", "account_id", "created_at", "id"),
        states_check(CircularState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(30))  # "0014-2026"
    subject: Mapped[str] = mapped_column(String(200))  # "ASUNTO"
    addressees: Mapped[str] = mapped_column(String(200))  # "Destinatarios": "Contratistas de la ESE"
    body: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)  # "Fecha límite de inscripción"
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_position: Mapped[str] = mapped_column(String(120))
    links: Mapped[list] = mapped_column(JSON, default=list)  # [{"title": ..., "url": ...}], checked addresses
    public_token: Mapped[str] = mapped_column(String(40), unique=True, default=new_token)
    state: Mapped[str] = mapped_column(String(20), default=CircularState.BORRADOR)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship()
    created_by: Mapped[User | None] = relationship()
    events: Mapped[list["CircularEvent"]] = relationship(
        back_populates="circular", order_by="CircularEvent.id.desc()", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def is_published(self) -> bool:
        return self.state == CircularState.PUBLICADA

    @property
    def title(self) -> str:
        return f"CIRCULAR No. {self.number}"

    @property
    def guides(self) -> list[tuple[str, str, str]]:
        """(title, address, host) of each guide or video: the host is shown beside the link."""
        return [(link["title"], link["url"], urlsplit(link["url"]).hostname or "") for link in self.links or []]

    def deadline_passed(self, today: date | None = None) -> bool:
        return (today or date.today()) > self.deadline


class CircularRecipient(db.Model):
    """A contractor the circular is addressed to (`listed`), or a person who registered through its generic link."""

    __tablename__ = "circular_recipients"
    __table_args__ = (
        # NULL numbers and users (a listed person not registered yet) are all distinct
        UniqueConstraint("circular_id", "number", name="uq_circular_recipients_number"),
        UniqueConstraint("circular_id", "user_id", name="uq_circular_recipients_user"),
        # "Seguimiento" pages through a circular's rows in their order
        Index("ix_circular_recipients_circular_order", "circular_id", "listed", "id"),
        # a listed person who registers with the list's email without the personal link is still recognised
        Index("ix_circular_recipients_circular_email", "circular_id", "email_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    circular_id: Mapped[int] = mapped_column(ForeignKey("circulars.id", ondelete="CASCADE"))
    listed: Mapped[bool] = mapped_column(Boolean, default=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), default="")
    number: Mapped[str | None] = mapped_column(String(15))  # cédula or NIT, without DV
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(EMAIL_KEY_MAX))
    token: Mapped[str] = mapped_column(String(40), unique=True, default=new_token)  # the personal link's
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when a user came through a link of it
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the personal invitation email
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the last reminder
    reminders: Mapped[int] = mapped_column(Integer, default=0)

    circular: Mapped[Circular] = relationship()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.set_contact(self.name, self.email)

    def set_contact(self, name: str, email: str) -> None:
        self.name, self.email = name, email
        self.name_key = fold(name)[:120]
        self.email_key = User.key(email)


class CircularEvent(EventColumns, db.Model):
    """One step of a circular: created, edited, published, invitations or reminders sent (how many: `count`)."""

    __tablename__ = "circular_events"

    circular_id: Mapped[int] = mapped_column(ForeignKey("circulars.id", ondelete="CASCADE"), index=True)
    count: Mapped[int | None] = mapped_column(Integer)

    circular: Mapped[Circular] = relationship(back_populates="events")

    @property
    def detail(self) -> str:
        if self.count is None:
            return ""
        noun = {"invitar": ("invitación", "invitaciones"), "recordar": ("recordatorio", "recordatorios"),
                "agregar": ("contratista", "contratistas")}.get(self.action)
        if noun is None:
            return ""
        return f"{self.count} {noun[0] if self.count == 1 else noun[1]}"


B, P = CircularState.BORRADOR, CircularState.PUBLICADA
FLOW = Workflow(
    Circular, CircularEvent, "circular_id", STATE_LABELS,
    stale="Otra persona cambió la circular mientras usted la veía. Revise cómo quedó.",
    transitions=[
        transition("crear", "Crear circular", [None], B, "Se guardó la circular como borrador"),
        transition("editar", "Editar", [B], B, "Se guardaron los cambios"),
        transition("publicar", "Publicar", [B], P, "Se publicó la circular"),
        transition("agregar", "Agregar contratistas", [P], P, "Se agregaron contratistas"),
        transition("invitar", "Enviar invitaciones", [P], P, "Se enviaron las invitaciones"),
        transition("recordar", "Enviar recordatorio", [P], P, "Se enviaron los recordatorios"),
    ],
)
