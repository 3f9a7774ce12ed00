"""Memberships on the workflow engine: events get a reason and room for longer codes; states are CHECKed.

The first administrator's event was recorded as "crear", a code the history showed raw; demo rows as "demo".
Both become the workflow's creation actions ("crear_cuenta", or "solicitar" for a pending demo request).

Revision ID: a6_workflow_events
Revises: a5_user_name_key
"""
import sqlalchemy as sa
from alembic import op

revision = "a6_workflow_events"
down_revision = "a5_user_name_key"
branch_labels = None
depends_on = None

STATES = "'pendiente', 'aceptado', 'rechazado', 'cancelado'"
ROLES = "'administrador', 'usuario'"


def upgrade():
    with op.batch_alter_table("membership_events") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
        for name, nullable in (("action", False), ("from_state", True), ("to_state", False)):
            batch.alter_column(name, existing_type=sa.String(20), type_=sa.String(30), existing_nullable=nullable)
    events = sa.table("membership_events", sa.column("action"), sa.column("to_state"))
    op.execute(events.update().where(events.c.action == "crear").values(action="crear_cuenta"))
    op.execute(events.update().where(events.c.action == "demo", events.c.to_state == "pendiente")
               .values(action="solicitar"))
    op.execute(events.update().where(events.c.action == "demo").values(action="crear_cuenta"))
    with op.batch_alter_table("memberships") as batch:
        batch.create_check_constraint("state", f"state IN ({STATES})")
        batch.create_check_constraint("role", f"role IN ({ROLES})")


def downgrade():
    with op.batch_alter_table("memberships") as batch:
        batch.drop_constraint("ck_memberships_role", type_="check")
        batch.drop_constraint("ck_memberships_state", type_="check")
    with op.batch_alter_table("membership_events") as batch:
        for name, nullable in (("action", False), ("from_state", True), ("to_state", False)):
            batch.alter_column(name, existing_type=sa.String(30), type_=sa.String(20), existing_nullable=nullable)
        batch.drop_column("reason")
