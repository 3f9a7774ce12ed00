"""Two accounts with an administrator, a plain user and a pending request each, for the access tests."""
import pytest
from sqlalchemy import select

from tests.helpers.factories import add_member, make_account, make_user
from wizard.extensions import db
from wizard.models import Membership, State


@pytest.fixture
def world(app):
    """Account A (admin, plain user, pending user) and account B (admin, pending user); ids only."""
    with app.app_context():
        ids = {}
        ids["admin_a"] = make_user(full_name="Ana Admin", email="ana@a.example")
        ids["a"] = make_account(ids["admin_a"], name="Alfa Ingeniería S.A.S.")
        ids["plain_a"] = make_user(full_name="Pablo Plano")
        ids["plain_a_m"] = add_member(ids["plain_a"], ids["a"], state=State.ACEPTADO)
        ids["pending_a"] = make_user(full_name="Paula Pendiente", email="paula@correo.example")
        ids["pending_a_m"] = add_member(ids["pending_a"], ids["a"])
        ids["admin_b"] = make_user(full_name="Beto Admin")
        ids["b"] = make_account(ids["admin_b"], name="Beta Servicios Ltda.")
        ids["pending_b"] = make_user(full_name="Berta Pendiente")
        ids["pending_b_m"] = add_member(ids["pending_b"], ids["b"])
        ids["admin_a_m"] = db.session.scalar(select(Membership.id).where(Membership.user_id == ids["admin_a"]))
        return ids
