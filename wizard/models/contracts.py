"""A contract between an Entidad Estatal and a contractor: its data, its planned instalments and its history.

The contractor may have no account yet: the contract keeps the NIT or cédula (digits only) and is attached to the
supplier account once one with that number exists. States run on the workflow engine; every correction of data
after the contract is registered is an event ("corregir") that keeps the state and stores what changed.
"""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.dbtypes import UTCDateTime, utcnow
from wizard.extensions import db
from wizard.formatting import pesos
from wizard.models.accounts import Account
from wizard.models.users import User
from wizard.text import fold
from wizard.workflow import EventColumns, Workflow, states_check, transition


class ContractState(StrEnum):
    EN_EDICION = "en_edicion"  # being created by the entity: no one else sees it
    EN_EJECUCION = "en_ejecucion"
    TERMINADO = "terminado"


STATE_LABELS = {
    ContractState.EN_EDICION: "En edición",
    ContractState.EN_EJECUCION: "En ejecución",
    ContractState.TERMINADO: "Terminado",
}


class Contract(db.Model):
    __tablename__ = "contracts"
    __table_args__ = (
        UniqueConstraint("account_id", "number_key"),  # also serves the search by number
        # "Contratos": an entity's contracts newest first, by state, by supervisor, by contractor
        Index("ix_contracts_account_created", "account_id", "created_at", "id"),
        Index("ix_contracts_account_state", "account_id", "state", "created_at"),
        Index("ix_contracts_account_supervisor", "account_id", "supervisor_id", "created_at"),
        Index("ix_contracts_account_contractor", "account_id", "contractor_key"),
        # the contracts waiting for a number, found when an account with it is created
        Index("ix_contracts_contractor_nit", "contractor_nit"),
        # "Mis contratos": a supplier's contracts newest first
        Index("ix_contracts_supplier_created", "supplier_account_id", "created_at", "id"),
        # how many a supplier sees (state != en_edicion), counted from the index alone (migration s16)
        Index("ix_contracts_supplier_state", "supplier_account_id", "state"),
        states_check(ContractState),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))  # the entity
    number: Mapped[str] = mapped_column(String(60))
    number_key: Mapped[str] = mapped_column(String(60))
    object: Mapped[str] = mapped_column(Text)
    contract_type: Mapped[str] = mapped_column(String(40))
    modality: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(BigInteger)
    signed_on: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    unspsc: Mapped[str] = mapped_column(String(8), default="")
    contractor_nit: Mapped[str] = mapped_column(String(15), default="")
    contractor_name: Mapped[str] = mapped_column(String(200), default="")
    contractor_key: Mapped[str] = mapped_column(String(200), default="")
    supplier_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cdp: Mapped[str] = mapped_column(String(40), default="")
    rp: Mapped[str] = mapped_column(String(40), default="")
    budget_item: Mapped[str] = mapped_column(String(120), default="")
    funding_source: Mapped[str] = mapped_column(String(40), default="")
    # The supporting documents its payment requests must carry (wizard/payments/rules.py's slots); None: the default
    payment_documents: Mapped[list | None] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(20), default=ContractState.EN_EDICION)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entity: Mapped[Account] = relationship(foreign_keys=[account_id])
    supplier: Mapped[Account | None] = relationship(foreign_keys=[supplier_account_id])
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])
    instalments: Mapped[list["Instalment"]] = relationship(
        back_populates="contract", order_by="Instalment.number", cascade="all, delete-orphan")

    def set_number(self, number: str) -> None:
        self.number = number
        self.number_key = number_key(number)

    def set_contractor(self, nit: str, name: str) -> None:
        self.contractor_nit = nit
        self.contractor_name = name
        self.contractor_key = fold(name)[:200]

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def value_label(self) -> str:
        return pesos(self.value)

    @property
    def is_draft(self) -> bool:
        return self.state == ContractState.EN_EDICION


def number_key(number: str) -> str:
    """What makes two contract numbers the same: case, accents and spacing aside ("ESE-CPS-045" = "ese-cps-045")."""
    return fold(number)[:60]


class Instalment(db.Model):
    """A planned monthly payment ("cuota") of the contract's "Plan de pagos": when and how much."""

    __tablename__ = "instalments"
    __table_args__ = (UniqueConstraint("contract_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(BigInteger)

    contract: Mapped[Contract] = relationship(back_populates="instalments")


# How a changed value is named and shown in the history: column or pseudo-field -> (label, formatter).
def _money(value):
    return pesos(value) if isinstance(value, int) else (value or "—")


def _day(value):
    if not value:
        return "—"
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(value)


def _text(value):
    return str(value) if value not in (None, "") else "—"


CHANGE_LABELS = {
    "number": ("Número del contrato", _text), "object": ("Objeto del contrato", _text),
    "contract_type": ("Tipo de contrato", _text), "modality": ("Modalidad de contratación", _text),
    "value": ("Valor del contrato", _money), "signed_on": ("Fecha de firma", _day),
    "starts_on": ("Fecha de inicio", _day), "ends_on": ("Fecha de terminación", _day),
    "unspsc": ("Código UNSPSC", _text), "contractor_nit": ("NIT o cédula del contratista", _text),
    "contractor_name": ("Nombre del contratista", _text), "supervisor": ("Supervisor", _text),
    "cdp": ("CDP", _text), "rp": ("RP", _text), "budget_item": ("Rubro presupuestal", _text),
    "funding_source": ("Fuente de los recursos", _text), "cuotas": ("Plan de pagos", _text),
    "proveedor": ("Cuenta del proveedor", _text), "documento": ("Documento", _text),
    "documentos_pago": ("Documentos de las solicitudes de pago", _text),
}


class ContractEvent(EventColumns, db.Model):
    """One change of a contract: who, when, from which state to which, and the values it changed."""

    __tablename__ = "contract_events"

    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"), index=True)
    # {"value": ["$ 30.000.000" or 30000000, 36000000], ...}: each changed field, before and after
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    contract: Mapped[Contract] = relationship()

    @property
    def change_lines(self) -> list[str]:
        lines = []
        for name, pair in (self.changes or {}).items():
            label, shown = CHANGE_LABELS.get(name, (name, _text))
            before, after = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            lines.append(f"{label}: {shown(before)} → {shown(after)}")
        return lines

    @property
    def detail(self) -> str:
        return "; ".join(self.change_lines)


E, X, T = ContractState.EN_EDICION, ContractState.EN_EJECUCION, ContractState.TERMINADO
FLOW = Workflow(
    Contract, ContractEvent, "contract_id", STATE_LABELS,
    stale="El contrato cambió mientras usted lo revisaba. Revise sus datos actuales e inténtelo de nuevo",
    transitions=[
        transition("crear", "Creación del contrato", [None], E, "Se creó el contrato en edición"),
        transition("importar", "Importación del contrato", [None], X, "Se importó el contrato"),
        transition("registrar", "Registro del contrato", [E], X, "Se registró el contrato"),
        transition("corregir", "Corrección de datos", [X], X, "Se corrigieron los datos del contrato"),
        transition("asociar", "Asociación con la cuenta del proveedor", [X], X,
                   "Se asoció el contrato a la cuenta del proveedor"),
        transition("terminar", "Terminación del contrato", [X], T, "Se terminó el contrato"),
    ],
)
