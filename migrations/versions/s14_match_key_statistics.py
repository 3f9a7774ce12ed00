"""accounts.match_key gathers a finer histogram on PostgreSQL, so a rare name goes through the trigram index

With the default statistics target the histogram of match_key keeps 101 entries; after the two ends are skipped
that is one short of the 100 PostgreSQL needs to estimate "contains" from it, so every infix LIKE was estimated at
a fixed 1 % of the table. For a rare name ("hh asociados") that estimate made walking the whole name_key index in
order look as cheap as the trigram index, and the planner took either, by a hair. With 1000 entries the estimate
follows the data: a rare fragment is read through ix_accounts_match_key_trgm, a common one ("servicios") by walking
name_key until the first page is full. Nothing changes elsewhere.

Revision ID: s14_match_key_statistics
Revises: c10_circulars
"""
from alembic import op

revision = "s14_match_key_statistics"
down_revision = "c10_circulars"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE accounts ALTER COLUMN match_key SET STATISTICS 1000")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE accounts ALTER COLUMN match_key SET STATISTICS -1")
