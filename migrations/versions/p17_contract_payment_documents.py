"""contracts get payment_documents: the supporting documents the entity asks of each contract's payment requests

A JSON list of slots ("informe", "planilla", "evidencias" with every request; "rut", "certificacion_bancaria", "arl",
"poliza" with the first one). NULL, as every existing contract gets, means what was asked until now: the informe
de actividades and the planilla de seguridad social (and the cuenta de cobro of a contractor who does not invoice).

Revision ID: p17_contract_payment_documents
Revises: p16_payment_review
"""
import sqlalchemy as sa
from alembic import op

revision = "p17_contract_payment_documents"
down_revision = "p16_payment_review"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contracts") as batch:
        batch.add_column(sa.Column("payment_documents", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("contracts") as batch:
        batch.drop_column("payment_documents")
