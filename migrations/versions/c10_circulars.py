"""Circulars (issue 10): an entity's letter with its public link, its list of contractors, its history; and the
user's arrival (why they registered: a circular's link or an invitation), kept so it survives activation.

Revision ID: c10_circulars
Revises: f12_account_match_key
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c10_circulars'
down_revision = 'c8_contracts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('circulars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('addressees', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('signer_position', sa.String(length=120), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('public_token', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("state IN ('borrador', 'publicada')", name=op.f('ck_circulars_state')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_circulars_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_circulars_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circulars')),
    sa.UniqueConstraint('account_id', 'number', name=op.f('uq_circulars_account_id')),
    sa.UniqueConstraint('public_token', name=op.f('uq_circulars_public_token'))
    )
    with op.batch_alter_table('circulars', schema=None) as batch_op:
        batch_op.create_index('ix_circulars_account_created', ['account_id', 'created_at', 'id'], unique=False)

    op.create_table('circular_events',
    sa.Column('circular_id', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=30), nullable=True),
    sa.Column('to_state', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_circular_events_actor_id_users')),
    sa.ForeignKeyConstraint(['circular_id'], ['circulars.id'], name=op.f('fk_circular_events_circular_id_circulars'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circular_events'))
    )
    with op.batch_alter_table('circular_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_circular_events_circular_id'), ['circular_id'], unique=False)

    op.create_table('circular_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('circular_id', sa.Integer(), nullable=False),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_key', sa.String(length=120), nullable=False),
    sa.Column('number', sa.String(length=15), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_key', sa.String(length=762), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('linked_at', sa.DateTime(), nullable=True),
    sa.Column('invited_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('reminders', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['circular_id'], ['circulars.id'], name=op.f('fk_circular_recipients_circular_id_circulars'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_circular_recipients_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_circular_recipients')),
    sa.UniqueConstraint('circular_id', 'number', name='uq_circular_recipients_number'),
    sa.UniqueConstraint('circular_id', 'user_id', name='uq_circular_recipients_user'),
    sa.UniqueConstraint('token', name=op.f('uq_circular_recipients_token'))
    )
    with op.batch_alter_table('circular_recipients', schema=None) as batch_op:
        batch_op.create_index('ix_circular_recipients_circular_email', ['circular_id', 'email_key'], unique=False)
        batch_op.create_index('ix_circular_recipients_circular_order', ['circular_id', 'listed', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_circular_recipients_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrival', sa.String(length=600), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('arrival')

    with op.batch_alter_table('circular_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_circular_recipients_user_id'))
        batch_op.drop_index('ix_circular_recipients_circular_order')
        batch_op.drop_index('ix_circular_recipients_circular_email')

    op.drop_table('circular_recipients')
    with op.batch_alter_table('circular_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_circular_events_circular_id'))

    op.drop_table('circular_events')
    with op.batch_alter_table('circulars', schema=None) as batch_op:
        batch_op.drop_index('ix_circulars_account_created')

    op.drop_table('circulars')
