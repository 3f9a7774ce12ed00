"""Two entities and two suppliers with their users, and contracts of each, for the contracts' tests (ids only)."""
import pytest

from tests.helpers.contracts import make_contract
from tests.helpers.factories import add_member, make_account, make_user
from wizard.extensions import db
from wizard.models import AccountKind, ContractState, State


@pytest.fixture
def world(app):
    """Entity E (administrator, supervisor, pending user) and F (administrator); supplier S, a persona natural
    (administrator and a plain user) and T (administrator); E's contract with S "En ejecución" (c), E's draft for
    S (draft), F's contract with T (other)."""
    with app.app_context():
        ids = {}
        ids["e_admin"] = make_user(full_name="Edith Administradora", email="edith@hospital.example")
        ids["e"] = make_account(ids["e_admin"], name="E.S.E. Hospital de Prueba", nit="900544472",
                                kind=AccountKind.ENTIDAD_ESTATAL, organization_type="ese", business_area="publico")
        ids["e_user"] = make_user(full_name="Luis Supervisor", email="luis@hospital.example")
        add_member(ids["e_user"], ids["e"], state=State.ACEPTADO)
        ids["e_pending"] = make_user(full_name="Pedro Pendiente")
        add_member(ids["e_pending"], ids["e"], state=State.PENDIENTE)
        ids["f_admin"] = make_user(full_name="Fabio Otra Entidad")
        ids["f"] = make_account(ids["f_admin"], name="Alcaldía de Prueba", nit="800199436",
                                kind=AccountKind.ENTIDAD_ESTATAL, organization_type="alcaldia", business_area="publico")
        ids["s_admin"] = make_user(full_name="Ana Contratista", email="ana@correo.example.com")
        ids["s"] = make_account(ids["s_admin"], name="Ana María Villamizar Duarte", nit="1094265871",
                                organization_type="persona_natural_colombiana")
        ids["s_user"] = make_user(full_name="Sergio Usuario")
        add_member(ids["s_user"], ids["s"], state=State.ACEPTADO)
        ids["t_admin"] = make_user(full_name="Tomás Otro Proveedor")
        ids["t"] = make_account(ids["t_admin"], name="Otro Proveedor S.A.S.", nit="800111202")
        ids["c"] = make_contract(ids["e"], ids["e_admin"], ids["e_user"], number="ESE-CPS-045-2026", nit="1094265871")
        ids["draft"] = make_contract(ids["e"], ids["e_admin"], ids["e_user"], number="ESE-CPS-099-2026",
                                     nit="1094265871", state=ContractState.EN_EDICION)
        ids["other"] = make_contract(ids["f"], ids["f_admin"], ids["f_admin"], number="ALC-001-2026", nit="800111202")
        db.session.remove()
        return ids


@pytest.fixture
def as_user(app, login_as):
    """Sign the client in as a user of the world acting for an account: as_user(world, "e_admin", "e")."""

    def sign_in(world, user: str, account: str | None = None):
        return login_as(world[user], world[account] if account else None)

    return sign_in
