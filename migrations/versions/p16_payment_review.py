"""The reviewer's values of an approved payment request, and "Descartada" for a request discarded before sending

payment_requests gets "Fecha de recepción original" (received_on), "Código de registro presupuestal"
(budget_record), "Valor a pagar" (amount_to_pay) and "% amortización de anticipo" (amortization_bp, hundredths of a
percent), written by the approval. Requests approved or paid before this revision get what the approval would have
proposed: the day they were sent (in Bogotá), the contract's RP, their total and 0 %. Then CHECKs: the four are
there when a request is approved or paid and absent otherwise, the value to pay is positive and within the total, the
percentage between 0 and 100; the state may be 'descartada'. The unique indexes on the CUFE and the instalment
count only requests that are not discarded, so a discarded draft frees both.

Revision ID: p16_payment_review
Revises: s16_contracts_supplier_state
"""
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "p16_payment_review"
down_revision = "s16_contracts_supplier_state"
branch_labels = None
depends_on = None

STATES = ("en_edicion", "enviado", "aprobado", "rechazado", "pagado")
NEW_STATES = (*STATES, "descartada")
COLUMNS = ("received_on", "budget_record", "amount_to_pay", "amortization_bp")
REVIEWED = ("(state IN ('aprobado', 'pagado') AND " + " AND ".join(f"{c} IS NOT NULL" for c in COLUMNS) + ") OR "
            "(state NOT IN ('aprobado', 'pagado') AND " + " AND ".join(f"{c} IS NULL" for c in COLUMNS) + ")")
NOT_DISCARDED = "state <> 'descartada'"
UTC, BOGOTA = ZoneInfo("UTC"), ZoneInfo("America/Bogota")


def _states(states) -> str:
    return "state IN (" + ", ".join(f"'{s}'" for s in states) + ")"


def _backfill() -> None:
    bind = op.get_bind()
    requests = sa.table("payment_requests", sa.column("id"), sa.column("state"), sa.column("contract_id"),
                        sa.column("sent_at", sa.DateTime()), sa.column("issued_on", sa.Date()),
                        sa.column("total"), sa.column("received_on", sa.Date()), sa.column("budget_record"),
                        sa.column("amount_to_pay"), sa.column("amortization_bp"))
    contracts = sa.table("contracts", sa.column("id"), sa.column("rp"))
    rows = bind.execute(sa.select(requests.c.id, requests.c.sent_at, requests.c.issued_on, requests.c.total,
                                  contracts.c.rp)
                        .join(contracts, contracts.c.id == requests.c.contract_id)
                        .where(requests.c.state.in_(("aprobado", "pagado")))).all()
    for row in rows:
        sent = row.sent_at.replace(tzinfo=UTC).astimezone(BOGOTA).date() if row.sent_at else row.issued_on
        bind.execute(requests.update().where(requests.c.id == row.id).values(
            received_on=max(sent, row.issued_on), budget_record=(row.rp or "")[:40], amount_to_pay=row.total,
            amortization_bp=0))


def _unique_indexes(where: str | None) -> None:
    options = {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)} if where else {}
    for name, column in (("ix_payment_requests_cufe", "cufe"), ("ix_payment_requests_instalment", "instalment_id")):
        op.drop_index(name, table_name="payment_requests")
        op.create_index(name, "payment_requests", [column], unique=True, **options)


def upgrade():
    with op.batch_alter_table("payment_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("budget_record", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("amount_to_pay", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("amortization_bp", sa.Integer(), nullable=True))
    _backfill()
    with op.batch_alter_table("payment_requests", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_payment_requests_state"), type_="check")
        batch_op.create_check_constraint(op.f("ck_payment_requests_state"), _states(NEW_STATES))
        batch_op.create_check_constraint(op.f("ck_payment_requests_reviewed_when_approved"),
                                         REVIEWED)
        batch_op.create_check_constraint(op.f("ck_payment_requests_to_pay_within_total"),
                                         "amount_to_pay IS NULL OR (amount_to_pay > 0 AND amount_to_pay <= total)")
        batch_op.create_check_constraint(
            op.f("ck_payment_requests_amortization_percent"),
            "amortization_bp IS NULL OR (amortization_bp >= 0 AND amortization_bp <= 10000)")
    _unique_indexes(NOT_DISCARDED)


def downgrade():
    # a discarded draft has no place in the older schema: it goes (its documents went when it was discarded)
    op.execute("DELETE FROM payment_events WHERE payment_request_id IN "
               "(SELECT id FROM payment_requests WHERE state = 'descartada')")
    op.execute("DELETE FROM payment_requests WHERE state = 'descartada'")
    _unique_indexes(None)
    with op.batch_alter_table("payment_requests", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_payment_requests_amortization_percent"), type_="check")
        batch_op.drop_constraint(op.f("ck_payment_requests_to_pay_within_total"), type_="check")
        batch_op.drop_constraint(op.f("ck_payment_requests_reviewed_when_approved"), type_="check")
        batch_op.drop_constraint(op.f("ck_payment_requests_state"), type_="check")
        batch_op.create_check_constraint(op.f("ck_payment_requests_state"), _states(STATES))
        batch_op.drop_column("amortization_bp")
        batch_op.drop_column("amount_to_pay")
        batch_op.drop_column("budget_record")
        batch_op.drop_column("received_on")
