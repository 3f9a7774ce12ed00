"""index memberships by account and request date, so the user list pages without sorting every member

Revision ID: a4_membership_list_order
Revises: a2_outbox_recipient
"""
from alembic import op

revision = "a4_membership_list_order"
down_revision = "a2_outbox_recipient"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index("ix_memberships_account_requested", ["account_id", "requested_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index("ix_memberships_account_requested")
