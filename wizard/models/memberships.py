"""A user's tie to an account (its "registro"): role, state, and the history of every change."""
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.extensions import db
from wizard.models.accounts import Account
from wizard.models.types import UTCDateTime, utcnow
from wizard.models.users import User


class Role(StrEnum):
    ADMIN = "administrador"
    USER = "usuario"


class State(StrEnum):
    PENDIENTE = "pendiente"
    ACEPTADO = "aceptado"
    RECHAZADO = "rechazado"
    CANCELADO = "cancelado"


STATE_LABELS = {
    State.PENDIENTE: "Pendiente",
    State.ACEPTADO: "Aceptado",
    State.RECHAZADO: "Rechazado",
    State.CANCELADO: "Cancelado",
}
ROLE_LABELS = {Role.ADMIN: "Administrador", Role.USER: "Usuario"}


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    sources: frozenset[State]
    target: State
    done: str = ""  # what the status message says was done: "Se aceptó el acceso"

    def allows(self, state: str) -> bool:
        return state in self.sources


# The administrator's options in "Administración de usuarios", and the user's own new request.
ACTIONS = {
    a.code: a
    for a in (
        Action("aceptar", "Aceptar acceso", frozenset({State.PENDIENTE, State.CANCELADO}), State.ACEPTADO,
               "Se aceptó el acceso"),
        Action("rechazar", "Rechazar acceso", frozenset({State.PENDIENTE}), State.RECHAZADO, "Se rechazó el acceso"),
        Action("cancelar", "Cancelar acceso", frozenset({State.ACEPTADO}), State.CANCELADO, "Se canceló el acceso"),
        Action("revertir", "Revertir rechazo del acceso", frozenset({State.RECHAZADO}), State.PENDIENTE,
               "Se revirtió el rechazo del acceso"),
        Action("solicitar", "Solicitud de acceso", frozenset({State.RECHAZADO, State.CANCELADO}), State.PENDIENTE,
               "Se envió la solicitud de acceso"),
        Action("invitar", "Invitación", frozenset({State.PENDIENTE, State.RECHAZADO, State.CANCELADO}),
               State.ACEPTADO, "Se aceptó la invitación"),
    )
}
# The actions an administrator applies to selected rows of "Administración de usuarios", in the order shown.
ADMIN_ACTIONS = ("aceptar", "rechazar", "cancelar", "revertir")
# Role changes are recorded as events too, with the state unchanged.
ROLE_ACTIONS = {"hacer_admin": Role.ADMIN, "quitar_admin": Role.USER}
EVENT_LABELS = {
    **{code: action.label for code, action in ACTIONS.items()},
    "hacer_admin": "Hacer administrador",
    "quitar_admin": "Quitar administrador",
    "alta": "Alta",
    "demo": "Datos de demostración",
    "crear_cuenta": "Registro de la cuenta",
}


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "account_id"),
        Index("ix_memberships_account_state", "account_id", "state"),
        # "Administración de usuarios" lists an account's users newest request first, a page at a time.
        Index("ix_memberships_account_requested", "account_id", "requested_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20), default=Role.USER)
    state: Mapped[str] = mapped_column(String(20), default=State.PENDIENTE)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    user: Mapped[User] = relationship()
    account: Mapped[Account] = relationship()
    events: Mapped[list["MembershipEvent"]] = relationship(
        back_populates="membership", order_by="MembershipEvent.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN and self.state == State.ACEPTADO


def allowed_actions(state: str) -> list[str]:
    """The administrator's actions that apply to a membership in this state."""
    return [code for code in ADMIN_ACTIONS if ACTIONS[code].allows(state)]


class MembershipEvent(db.Model):
    """One change of a membership: who made it, when, from which state to which."""

    __tablename__ = "membership_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    membership: Mapped[Membership] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    @property
    def action_label(self) -> str:
        return EVENT_LABELS.get(self.action, self.action)

    @property
    def from_label(self) -> str:
        return STATE_LABELS.get(self.from_state, self.from_state or "—")

    @property
    def to_label(self) -> str:
        return STATE_LABELS.get(self.to_state, self.to_state)
