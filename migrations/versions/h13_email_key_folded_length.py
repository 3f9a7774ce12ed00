"""users.email_key holds any address case-folded: folding turns one character into up to three ('ΐ' -> 3)

A valid 127-character address had a 367-character key, which PostgreSQL refused (a 500 on "Continuar").

Revision ID: h13_email_key_folded_length
Revises: a6_workflow_events
"""
import sqlalchemy as sa
from alembic import op

revision = "h13_email_key_folded_length"
down_revision = "a6_workflow_events"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("email_key", existing_type=sa.String(length=254), type_=sa.String(length=762),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("email_key", existing_type=sa.String(length=762), type_=sa.String(length=254),
                              existing_nullable=False)
