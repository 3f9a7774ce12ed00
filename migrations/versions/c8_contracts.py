"""Contracts of state entities: the contract, its planned instalments, its history; documents may belong to one.

Every lookup of the lists has its index: an entity's contracts by date, state, supervisor and contractor, the
waiting contracts by the contractor's number, a supplier's contracts by date. States are CHECKed.

Revision ID: c8_contracts
Revises: f12_account_match_key
"""
import sqlalchemy as sa
from alembic import op

revision = 'c8_contracts'
down_revision = 'f12_account_match_key'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('number_key', sa.String(length=60), nullable=False),
    sa.Column('object', sa.Text(), nullable=False),
    sa.Column('contract_type', sa.String(length=40), nullable=False),
    sa.Column('modality', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('unspsc', sa.String(length=8), nullable=False),
    sa.Column('contractor_nit', sa.String(length=15), nullable=False),
    sa.Column('contractor_name', sa.String(length=200), nullable=False),
    sa.Column('contractor_key', sa.String(length=200), nullable=False),
    sa.Column('supplier_account_id', sa.Integer(), nullable=True),
    sa.Column('supervisor_id', sa.Integer(), nullable=True),
    sa.Column('cdp', sa.String(length=40), nullable=False),
    sa.Column('rp', sa.String(length=40), nullable=False),
    sa.Column('budget_item', sa.String(length=120), nullable=False),
    sa.Column('funding_source', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('state_changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("state IN ('en_edicion', 'en_ejecucion', 'terminado')", name=op.f('ck_contracts_state')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_contracts_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_contracts_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supervisor_id'], ['users.id'], name=op.f('fk_contracts_supervisor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supplier_account_id'], ['accounts.id'], name=op.f('fk_contracts_supplier_account_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('account_id', 'number_key', name=op.f('uq_contracts_account_id'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index('ix_contracts_account_contractor', ['account_id', 'contractor_key'], unique=False)
        batch_op.create_index('ix_contracts_account_created', ['account_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_contracts_account_state', ['account_id', 'state', 'created_at'], unique=False)
        batch_op.create_index('ix_contracts_account_supervisor', ['account_id', 'supervisor_id', 'created_at'], unique=False)
        batch_op.create_index('ix_contracts_contractor_nit', ['contractor_nit'], unique=False)
        batch_op.create_index('ix_contracts_supplier_created', ['supplier_account_id', 'created_at', 'id'], unique=False)

    op.create_table('contract_events',
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('from_state', sa.String(length=30), nullable=True),
    sa.Column('to_state', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_contract_events_actor_id_users')),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_events_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_events'))
    )
    with op.batch_alter_table('contract_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_events_contract_id'), ['contract_id'], unique=False)

    op.create_table('instalments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_instalments_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instalments')),
    sa.UniqueConstraint('contract_id', 'number', name=op.f('uq_instalments_contract_id'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contract_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_documents_contract_id'), ['contract_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_documents_contract_id_contracts'), 'contracts', ['contract_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_contract_id_contracts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_documents_contract_id'))
        batch_op.drop_column('contract_id')

    op.drop_table('instalments')
    with op.batch_alter_table('contract_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_events_contract_id'))

    op.drop_table('contract_events')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_contracts_supplier_created')
        batch_op.drop_index('ix_contracts_contractor_nit')
        batch_op.drop_index('ix_contracts_account_supervisor')
        batch_op.drop_index('ix_contracts_account_state')
        batch_op.drop_index('ix_contracts_account_created')
        batch_op.drop_index('ix_contracts_account_contractor')

    op.drop_table('contracts')
