"""accounts.match_key: the name's words run together, without case, accents, punctuation or "&"/"y"

Section 3 found "H&H Asociados" for "H&H" but not for "H & H" or "hh asociados", and the account form let a second
"H&H Asociados" through. The key (wizard/names.py) is stored so searches and the namesake check read one index:
on PostgreSQL a trigram index for "contains" and "starts with" (LIKE), elsewhere a B-tree. Existing rows are filled
here with a frozen copy of the rule. The searches read match_key from now on, so the trigram index on name_key
(s11) gives way to this one.

Revision ID: f12_account_match_key
Revises: s11_accounts_name_trigram
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "f12_account_match_key"
down_revision = "s11_accounts_name_trigram"
branch_labels = None
depends_on = None

TRIGRAM_INDEX = "ix_accounts_match_key_trgm"


def _key(name: str) -> str:
    """The same key as wizard.names.stored_key, frozen here so the migration never changes with the app."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    folded = " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split()).casefold()
    return "".join(w for w in re.findall(r"[^\W_]+", folded.replace(".", "")) if w != "y")[:200]


def upgrade():
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("match_key", sa.String(length=200), nullable=False, server_default=""))
        batch_op.create_index("ix_accounts_match_key", ["match_key"], unique=False)
    accounts = sa.table("accounts", sa.column("id", sa.Integer), sa.column("name", sa.String),
                        sa.column("match_key", sa.String))
    connection = op.get_bind()
    for account_id, name in connection.execute(sa.select(accounts.c.id, accounts.c.name)).all():
        connection.execute(accounts.update().where(accounts.c.id == account_id).values(match_key=_key(name)))
    if connection.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # trusted extension: the database owner may create it
        with op.get_context().autocommit_block():
            op.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {TRIGRAM_INDEX} ON accounts "
                       "USING gin (match_key gin_trgm_ops)")
            op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_accounts_name_key_trgm")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_accounts_name_key_trgm ON accounts "
                       "USING gin (name_key gin_trgm_ops)")
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {TRIGRAM_INDEX}")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_accounts_match_key")
        batch_op.drop_column("match_key")
