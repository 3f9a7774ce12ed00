"""accounts.match_key gets a B-tree for "starts with" on PostgreSQL, whatever the database's collation

A typed name whose key is shorter than three characters ("H&H" -> "hh") has no trigram, so "contains" walked every
name (200-500 ms with 1,000,000 accounts). Such a key is searched as the start of the name instead (wizard/names.py),
and `match_key LIKE 'hh%'` reads this index; the plain ix_accounts_match_key serves LIKE only under the C collation.
The namesake check of the account form (same_name, also "starts with") reads it too. SQLite needs nothing: its
ix_accounts_match_key already answers a prefix.

Revision ID: s15_match_key_prefix
Revises: p9_payment_requests
"""
from alembic import op

revision = "s15_match_key_prefix"
down_revision = "p9_payment_requests"
branch_labels = None
depends_on = None

PREFIX_INDEX = "ix_accounts_match_key_prefix"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {PREFIX_INDEX} ON accounts "
                       "(match_key varchar_pattern_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {PREFIX_INDEX}")
