"""contracts get an index of (supplier_account_id, state): a supplier's contracts are counted from it alone

"Mis contratos" and the supplier's card on the Escritorio count the contracts a supplier sees (every one but those
"En edición"); with only (supplier_account_id, created_at, id) PostgreSQL read each of H&H's 3,000 rows from the
table to learn its state (5 ms a request). With the state in an index the count is an index-only scan.

Revision ID: s16_contracts_supplier_state
Revises: s15_match_key_prefix
"""
from alembic import op

revision = "s16_contracts_supplier_state"
down_revision = "s15_match_key_prefix"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_contracts_supplier_state", "contracts", ["supplier_account_id", "state"])


def downgrade():
    op.drop_index("ix_contracts_supplier_state", table_name="contracts")
