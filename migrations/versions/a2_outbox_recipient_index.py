"""index the outbox by recipient, for the per-address cooldown of resent emails

Revision ID: a2_outbox_recipient
Revises: 4d55fa12dd9f
Create Date: 2026-11-21 23:58:00

"""
from alembic import op


revision = 'a2_outbox_recipient'
down_revision = '4d55fa12dd9f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_recipient_subject', ['recipient', 'subject', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_recipient_subject')
