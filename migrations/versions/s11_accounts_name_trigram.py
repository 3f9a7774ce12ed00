"""accounts.name_key gets a trigram index on PostgreSQL, so "contains" searches need not read every account

Section 3's "Validar si mi entidad ya existe" and "Nuevo registro" look for accounts whose folded name contains
what was typed (LIKE '%...%'), which no B-tree can answer. pg_trgm's GIN index can: with a million accounts a
search answers in milliseconds instead of scanning the table. The index is on the existing `name_key` column, so a
later change of how names are folded only has to rewrite that column. SQLite has no such index: nothing is done
there (its databases are one machine's, with few accounts).

Revision ID: s11_accounts_name_trigram
Revises: h13_email_key_folded_length
"""
from alembic import op

revision = "s11_accounts_name_trigram"
down_revision = "h13_email_key_folded_length"
branch_labels = None
depends_on = None

INDEX = "ix_accounts_name_key_trgm"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it, no superuser needed.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # CONCURRENTLY: a live portal keeps creating accounts while the index is built (outside a transaction).
    with op.get_context().autocommit_block():
        op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON accounts USING gin (name_key gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
