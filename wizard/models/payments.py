"""A contractor's payment request ("Plan de pagos", section 7 of a contract): a factura or a cuenta de cobro with
its values and supporting documents, and its history.

States run on the workflow engine. "En edición" is saved at every step; "Enviar" makes it "Enviado a la entidad
estatal" (the entity sees "Enviado por el Proveedor"); the supervisor approves or rejects it; a rejected request is
edited in place and sent again; an approved one is marked paid. Approved and paid requests never change: the
service writes every edit with a condition on the editable states, and each sending keeps the values as they were
in its event row.

The reviewer's values ("Fecha de recepción original", "Código de registro presupuestal", "Valor a pagar", "%
amortización de anticipo") are written by the approval itself, in the conditional UPDATE that moves the request
from "Enviado" to "Aprobado", and kept in its event. A CHECK makes them present exactly when the request is
approved or paid and absent on any other (so no edit of a request in edition can set one, and nothing after the
approval can clear them), the value to pay
positive and within the request's "Valor total", the percentage between 0 and 100. Every later write either is
conditional on an editable state (the contractor's edits: nothing after approval) or is the "pagar" transition,
which writes only the "Fecha real de pago".

"Descartar solicitud": a request "En edición" that was never sent (no "Número de radicación") can be discarded by
its contractor. It is not deleted: it moves to the terminal state "Descartada" through the engine, with its history
row (the instalment and values it had are in the event), and its documents are deleted through wizard/attachments.
A discarded request is hidden from the plan and every list, no longer holds its instalment ("Registro" is offered
again) nor its CUFE: the two unique indexes count only the requests that are not discarded. A request that was
sent, rejected, approved or paid never reaches "Descartada" (the transition leaves only from "En edición", and
a guard checks that it has no "Número de radicación").
"""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
                        text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.dbtypes import UTCDateTime, utcnow
from wizard.extensions import db
from wizard.formatting import percent, pesos
from wizard.models.contracts import Contract, Instalment
from wizard.workflow import EventColumns, Workflow, states_check, transition


class PaymentState(StrEnum):
    EN_EDICION = "en_edicion"
    ENVIADO = "enviado"
    APROBADO = "aprobado"
    RECHAZADO = "rechazado"
    PAGADO = "pagado"
    DESCARTADA = "descartada"


STATE_LABELS = {
    PaymentState.EN_EDICION: "En edición",
    PaymentState.ENVIADO: "Enviado a la entidad estatal",
    PaymentState.APROBADO: "Aprobado",
    PaymentState.RECHAZADO: "Rechazado",
    PaymentState.PAGADO: "Pagado",
    PaymentState.DESCARTADA: "Descartada",
}
ENTITY_LABELS = {**STATE_LABELS, PaymentState.ENVIADO: "Enviado por el Proveedor"}
EDITABLE = (PaymentState.EN_EDICION, PaymentState.RECHAZADO)
SENT = (PaymentState.ENVIADO, PaymentState.APROBADO, PaymentState.RECHAZADO, PaymentState.PAGADO)
REVIEWED = (PaymentState.APROBADO, PaymentState.PAGADO)  # the reviewer's values are there, and never change
NOT_DISCARDED = f"state <> '{PaymentState.DESCARTADA}'"  # the unique indexes' condition


def _reviewed_check() -> str:
    """All four reviewer's values on an approved or paid request, none on any other."""
    states = ", ".join(f"'{s}'" for s in REVIEWED)
    present = " AND ".join(f"{c} IS NOT NULL" for c in REVIEW_COLUMNS)
    absent = " AND ".join(f"{c} IS NULL" for c in REVIEW_COLUMNS)
    return f"(state IN ({states}) AND {present}) OR (state NOT IN ({states}) AND {absent})"


REVIEW_COLUMNS = ("received_on", "budget_record", "amount_to_pay", "amortization_bp")
REVIEWED_CHECK = _reviewed_check()


class PaymentRequest(db.Model):
    __tablename__ = "payment_requests"
    __table_args__ = (
        Index("ix_payment_requests_contract_state", "contract_id", "state"),
        # "Pagos por revisar": the requests sent, oldest first (joined to the supervised contracts)
        Index("ix_payment_requests_state_sent", "state", "sent_at", "id"),
        # a CUFE is one invoice, in the whole portal; one request per planned payment (a discarded one frees both)
        Index("ix_payment_requests_cufe", "cufe", unique=True,
              sqlite_where=text(NOT_DISCARDED), postgresql_where=text(NOT_DISCARDED)),
        Index("ix_payment_requests_instalment", "instalment_id", unique=True,
              sqlite_where=text(NOT_DISCARDED), postgresql_where=text(NOT_DISCARDED)),
        Index("ix_payment_requests_filing", "filing_number", unique=True),
        states_check(PaymentState),
        CheckConstraint("net IS NULL OR net > 0", name="net_positive"),
        CheckConstraint("total IS NULL OR net IS NULL OR total >= net", name="total_not_below_net"),
        CheckConstraint("invoices OR cufe IS NULL", name="cufe_only_invoices"),
        CheckConstraint(REVIEWED_CHECK, name="reviewed_when_approved"),
        CheckConstraint("amount_to_pay IS NULL OR (amount_to_pay > 0 AND amount_to_pay <= total)",
                        name="to_pay_within_total"),
        CheckConstraint("amortization_bp IS NULL OR (amortization_bp >= 0 AND amortization_bp <= 10000)",
                        name="amortization_percent"),
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
    # The reviewer's, at the approval (all four or none, see REVIEWED_CHECK):
    received_on: Mapped[date | None] = mapped_column(Date)  # "Fecha de recepción original"
    budget_record: Mapped[str | None] = mapped_column(String(40))  # "Código de registro presupuestal" (RP)
    amount_to_pay: Mapped[int | None] = mapped_column(BigInteger)  # "Valor a pagar"
    amortization_bp: Mapped[int | None] = mapped_column(Integer)  # "% amortización de anticipo", 1250 = 12,5 %
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
    def to_pay_label(self) -> str:
        return pesos(self.amount_to_pay) if self.amount_to_pay is not None else "—"

    @property
    def amortization_label(self) -> str:
        return percent(self.amortization_bp)

    @property
    def kind_label(self) -> str:
        return {True: "Factura electrónica", False: "Cuenta de cobro"}.get(self.invoices, "—")


VALUE_LABELS = {"number": "Número", "net": "Valor neto", "total": "Valor total", "cufe": "CUFE",
                "due_on": "Fecha de vencimiento", "paid_on": "Fecha real de pago", "documents": "Documentos",
                "received_on": "Fecha de recepción original", "budget_record": "Código de registro presupuestal",
                "amount_to_pay": "Valor a pagar", "amortization_bp": "% amortización de anticipo",
                "instalment": "Cuota del plan", "notes": "Notas", "payroll_number": "Número de planilla",
                "payroll_paid_on": "Fecha de pago de la planilla"}
MONEY_VALUES = ("net", "total", "amount_to_pay")
DATE_VALUES = ("due_on", "paid_on", "received_on", "payroll_paid_on")


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
            if name in MONEY_VALUES and isinstance(value, int):
                value = pesos(value)
            elif name == "amortization_bp" and isinstance(value, int):
                value = percent(value)
            elif name in DATE_VALUES and value:
                value = date.fromisoformat(value).strftime("%d/%m/%Y") if len(str(value)) == 10 else value
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value) or "—"
            lines.append(f"{VALUE_LABELS.get(name, name)}: {value}")
        return "; ".join(lines)


E, S, A, R, P, D = (PaymentState.EN_EDICION, PaymentState.ENVIADO, PaymentState.APROBADO, PaymentState.RECHAZADO,
                    PaymentState.PAGADO, PaymentState.DESCARTADA)
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
        transition("descartar", "Descarte de la solicitud", [E], D, "Se descartó la solicitud en edición"),
    ],
)
