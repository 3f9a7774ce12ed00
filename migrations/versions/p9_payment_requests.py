"""The contract's payment requests ("Plan de pagos") and their history; documents may belong to one.

Every lookup has its index: a contract's requests by state (the plan and the money picture), the requests sent
oldest first (the supervisor's "Pagos por revisar"), one request per planned instalment, and the CUFE and the
"Número de radicación", each unique in the whole portal. States and the money rules are CHECKed.

Revision ID: p9_payment_requests
Revises: s14_match_key_statistics
"""
import sqlalchemy as sa
from alembic import op

revision = 'p9_payment_requests'
down_revision = 's14_match_key_statistics'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payment_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('instalment_id', sa.Integer(), nullable=True),
    sa.Column('invoices', sa.Boolean(), nullable=True),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('cufe', sa.String(length=96), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('net', sa.BigInteger(), nullable=True),
    sa.Column('total', sa.BigInteger(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('payroll_number', sa.String(length=30), nullable=False),
    sa.Column('payroll_paid_on', sa.Date(), nullable=True),
    sa.Column('filing_number', sa.String(length=30), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("state IN ('en_edicion', 'enviado', 'aprobado', 'rechazado', 'pagado')",
                       name=op.f('ck_payment_requests_state')),
    sa.CheckConstraint('net IS NULL OR net > 0', name=op.f('ck_payment_requests_net_positive')),
    sa.CheckConstraint('total IS NULL OR net IS NULL OR total >= net',
                       name=op.f('ck_payment_requests_total_not_below_net')),
    sa.CheckConstraint('invoices OR cufe IS NULL', name=op.f('ck_payment_requests_cufe_only_invoices')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_payment_requests_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_payment_requests_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['instalment_id'], ['instalments.id'], name=op.f('fk_payment_requests_instalment_id_instalments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_requests'))
    )
    with op.batch_alter_table('payment_requests', schema=None) as batch_op:
        batch_op.create_index('ix_payment_requests_contract_state', ['contract_id', 'state'], unique=False)
        batch_op.create_index('ix_payment_requests_state_sent', ['state', 'sent_at', 'id'], unique=False)
        batch_op.create_index('ix_payment_requests_cufe', ['cufe'], unique=True)
        batch_op.create_index('ix_payment_requests_instalment', ['instalment_id'], unique=True)
        batch_op.create_index('ix_payment_requests_filing', ['filing_number'], unique=True)

    op.create_table('payment_events',
    sa.Column('payment_request_id', sa.Integer(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=30), nullable=True),
    sa.Column('to_state', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_payment_events_actor_id_users')),
    sa.ForeignKeyConstraint(['payment_request_id'], ['payment_requests.id'], name=op.f('fk_payment_events_payment_request_id_payment_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_events'))
    )
    with op.batch_alter_table('payment_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_events_payment_request_id'), ['payment_request_id'], unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payment_request_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('contents', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_payment_request_id'), ['payment_request_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_documents_payment_request_id_payment_requests'), 'payment_requests', ['payment_request_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_payment_request_id_payment_requests'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_documents_payment_request_id'))
        batch_op.drop_column('contents')
        batch_op.drop_column('payment_request_id')
    with op.batch_alter_table('payment_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_events_payment_request_id'))
    op.drop_table('payment_events')
    with op.batch_alter_table('payment_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_requests_filing')
        batch_op.drop_index('ix_payment_requests_instalment')
        batch_op.drop_index('ix_payment_requests_cufe')
        batch_op.drop_index('ix_payment_requests_state_sent')
        batch_op.drop_index('ix_payment_requests_contract_state')
    op.drop_table('payment_requests')
