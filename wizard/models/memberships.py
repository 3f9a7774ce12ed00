"""A user's tie to an account (its "registro"): role, state, and the history of every change, on the workflow engine."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.dbtypes import UTCDateTime, utcnow
from wizard.extensions import db
from wizard.models.accounts import Account
from wizard.models.users import User
from wizard.workflow import EventColumns, Workflow, states_check, transition


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
# The same states said of "la solicitud" (feminine): "Su solicitud de acceso a … está Cancelada".
REQUEST_LABELS = {
    State.PENDIENTE: "Pendiente",
    State.ACEPTADO: "Aceptada",
    State.RECHAZADO: "Rechazada",
    State.CANCELADO: "Cancelada",
}
ROLE_LABELS = {Role.ADMIN: "Administrador", Role.USER: "Usuario"}


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "account_id"),
        Index("ix_memberships_account_state", "account_id", "state"),
        # "Administración de usuarios" lists an account's users newest request first, a page at a time.
        Index("ix_memberships_account_requested", "account_id", "requested_at", "id"),
        states_check(State),
        states_check(Role, "role"),
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
    def request_label(self) -> str:
        """The state as said of the request: "Su solicitud … está Rechazada" (state_label stays "Rechazado")."""
        return REQUEST_LABELS.get(self.state, self.state)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN and self.state == State.ACEPTADO


class MembershipEvent(EventColumns, db.Model):
    """One change of a membership: who made it, when, from which state to which, and the role it left."""

    __tablename__ = "membership_events"

    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    membership: Mapped[Membership] = relationship(back_populates="events")

    @property
    def detail(self) -> str:
        return ROLE_LABELS.get(self.role, self.role) if self.action in ROLE_ACTIONS else ""


P, A, R, C = State.PENDIENTE, State.ACEPTADO, State.RECHAZADO, State.CANCELADO
FLOW = Workflow(
    Membership, MembershipEvent, "membership_id", STATE_LABELS,
    stale="La solicitud ya fue atendida por otro administrador",
    transitions=[
        # creation actions (None: no membership yet)
        transition("crear_cuenta", "Registro de la cuenta", [None], A, "Se registró la cuenta"),
        # the administrator's options in "Administración de usuarios"
        transition("aceptar", "Aceptar acceso", [P, C], A, "Se aceptó el acceso"),
        transition("rechazar", "Rechazar acceso", [P], R, "Se rechazó el acceso"),
        transition("cancelar", "Cancelar acceso", [A], C, "Se canceló el acceso"),
        transition("revertir", "Revertir rechazo del acceso", [R], P, "Se revirtió el rechazo del acceso"),
        # the user's own request, and an administrator's invitation accepted by the person
        transition("solicitar", "Solicitud de acceso", [None, R, C], P, "Se envió la solicitud de acceso"),
        transition("invitar", "Invitación", [None, P, R, C], A, "Se aceptó la invitación"),
        # role changes keep the state
        transition("hacer_admin", "Hacer administrador", [A], A, "ahora es administrador"),
        transition("quitar_admin", "Quitar administrador", [A], A, "ya no es administrador"),
    ],
)
# The actions an administrator applies to selected rows of "Administración de usuarios", in the order shown.
ADMIN_ACTIONS = ("aceptar", "rechazar", "cancelar", "revertir")
ROLE_ACTIONS = {"hacer_admin": Role.ADMIN, "quitar_admin": Role.USER}
ACTIONS = {code: FLOW[code] for code in ADMIN_ACTIONS}


def allowed_actions(state: str) -> list[str]:
    """The administrator's actions that apply to a membership in this state."""
    return [t.code for t in FLOW.allowed(state, ADMIN_ACTIONS)]
