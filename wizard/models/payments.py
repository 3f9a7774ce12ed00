"""A contractor's payment request ("Plan de pagos", section 7 of a contract): a factura or a cuenta de cobro with
its values and supporting documents, and its history.

States run on the workflow engine. "En edición" is saved at every step; "Enviar" makes it "Enviado a la entidad
estatal" (the entity sees "Enviado por el Proveedor"); the supervisor approves or rejects it; a rejected request is
edited in place and sent again; an approved one is marked paid. Approved and paid requests never change: the
service writes every edit with a condition on the editable states, and each sending keeps the values as they were
in its event row.
"""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.dbtypes import UTCDateTime, utcnow
from wizard.extensions import db
from wizard.formatting import pesos
from wizard.models.contracts import Contract, Instalment
from wizard.workflow import EventColumns, Workflow, states_check, transition


class PaymentState(StrEnum):
    EN_EDICION = "en_edicion"
    ENVIADO = "enviado"
    APROBADO = "aprobado"
    RECHAZADO = "rechazado"
    PAGADO = "pagado"


STATE_LABELS = {
    PaymentState.EN_EDICION: "En edición",
    PaymentState.ENVIADO: "Enviado a la entidad estatal",
    PaymentState.APROBADO: "Aprobado",
    PaymentState.RECHAZADO: "Rechazado",
    PaymentState.PAGADO: "Pagado",
}
ENTITY_LABELS = {**STATE_LABELS, PaymentState.ENVIADO: "Enviado por el Proveedor"}
EDITABLE = (PaymentState.EN_EDICION, PaymentState.RECHAZADO)
SENT = (PaymentState.ENVIADO, PaymentState.APROBADO, PaymentState.RECHAZADO, PaymentState.PAGADO)


class PaymentRequest(db.Model):
    __tablename__ = "payment_requests"
    __table_args__ = (
        Index("ix_payment_requests_contract_state", "contract_id", "state"),
        # "Pagos por revisar": the requests sent, oldest first (joined to the supervised contracts)
        Index("ix_payment_requests_state_sent", "state", "sent_at", "id"),
        Index("ix_payment_requests_cufe", "cufe", unique=True),  # a CUFE is one invoice, in the whole portal
        Index("ix_payment_requests_instalment", "instalment_id", unique=True),  # one request per planned payment
        Index("ix_payment_requests_filing", "filing_number", unique=True),
        states_check(PaymentState),
        CheckConstraint("net IS NULL OR net > 0", name="net_positive"),
        CheckConstraint("total IS NULL OR net IS NULL OR total >= net", name="total_not_below_net"),
        CheckConstraint("invoices OR cufe IS NULL", name="cufe_only_invoices"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    instalment_id: Mapped[int | None] = mapped_column(ForeignKey("instalments.id", ondelete="SET NULL"))
    invoices: Mapped[bool | None] = mapped_column(Boolean)  # "¿Está obligado a facturar electrónicamente?"
    number: Mapped[str] = mapped_column(String(60), default="")  # "Número de factura o pago"
    cufe: Mapped[str | None] = mapped_column(String(96))
    issued_on: Mapped[date] = mapped_column(Date)  # "Fecha de emisión", set by the portal
    due_on: Mapped[date | None] = mapped_column(Date)  # "Fecha de vencimiento"
    net: Mapped[int | None] = mapped_column(BigInteger)
    total: Mapped[int | None] = mapped_column(BigInteger)
    notes: Mapped[str] = mapped_column(Text, default="")
    payroll_number: Mapped[str] = mapped_column(String(30), default="")  # "Número de planilla"
    payroll_paid_on: Mapped[date | None] = mapped_column(Date)  # its "Fecha de pago"
    filing_number: Mapped[str | None] = mapped_column(String(30))  # "Número de radicación", at the first sending
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    paid_on: Mapped[date | None] = mapped_column(Date)  # "Fecha real de pago"
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20), default=PaymentState.EN_EDICION)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contract: Mapped[Contract] = relationship()
    instalment: Mapped[Instalment | None] = relationship()

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def entity_state_label(self) -> str:
        return ENTITY_LABELS.get(self.state, self.state)

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE

    @property
    def total_label(self) -> str:
        return pesos(self.total) if self.total is not None else "—"

    @property
    def kind_label(self) -> str:
        return {True: "Factura electrónica", False: "Cuenta de cobro"}.get(self.invoices, "—")


VALUE_LABELS = {"number": "Número", "net": "Valor neto", "total": "Valor total", "cufe": "CUFE",
                "due_on": "Fecha de vencimiento", "paid_on": "Fecha real de pago", "documents": "Documentos"}


class PaymentEvent(EventColumns, db.Model):
    """One change of a payment request; a sending keeps the values sent (number, values, documents)."""

    __tablename__ = "payment_events"

    payment_request_id: Mapped[int] = mapped_column(ForeignKey("payment_requests.id", ondelete="CASCADE"),
                                                    index=True)
    values: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def detail(self) -> str:
        lines = []
        for name, value in (self.values or {}).items():
            if name in ("net", "total") and isinstance(value, int):
                value = pesos(value)
            elif name in ("due_on", "paid_on") and value:
                value = date.fromisoformat(value).strftime("%d/%m/%Y") if len(str(value)) == 10 else value
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value) or "—"
            lines.append(f"{VALUE_LABELS.get(name, name)}: {value}")
        return "; ".join(lines)


E, S, A, R, P = (PaymentState.EN_EDICION, PaymentState.ENVIADO, PaymentState.APROBADO, PaymentState.RECHAZADO,
                 PaymentState.PAGADO)
FLOW = Workflow(
    PaymentRequest, PaymentEvent, "payment_request_id", STATE_LABELS,
    stale="Esta solicitud de pago cambió mientras usted la revisaba (otra persona ya actuó sobre ella). "
          "Revise su estado actual",
    transitions=[
        transition("crear", "Creación de la solicitud de pago", [None], E, "Se creó la solicitud en edición"),
        transition("enviar", "Envío a la entidad estatal", [E], S, "Se envió la solicitud a la entidad estatal"),
        transition("reenviar", "Reenvío a la entidad estatal", [R], S, "Se envió de nuevo la solicitud corregida"),
        transition("aprobar", "Aprobación", [S], A, "Se aprobó la solicitud de pago"),
        transition("rechazar", "Rechazo", [S], R, "Se rechazó la solicitud de pago"),
        transition("pagar", "Pago", [A], P, "Se marcó la solicitud como pagada"),
    ],
)
