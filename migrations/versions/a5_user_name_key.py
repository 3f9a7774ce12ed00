"""users.name_key: the name folded (no case, no accents), so "jose" finds "José" in user searches

Revision ID: a5_user_name_key
Revises: a4_membership_list_order
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "a5_user_name_key"
down_revision = "a4_membership_list_order"
branch_labels = None
depends_on = None


def _fold(value: str) -> str:
    """The same folding as wizard.text.fold, frozen here so the migration never changes with the app."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split()).casefold()


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=120), nullable=False, server_default=""))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("full_name", sa.String),
                     sa.column("name_key", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.full_name)).all()
    for user_id, full_name in rows:
        connection.execute(users.update().where(users.c.id == user_id).values(name_key=_fold(full_name)))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("name_key")
