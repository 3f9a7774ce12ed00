"""A second account for a company that exists: its NIT typed with the check digit, or its name written otherwise."""
import pytest
from sqlalchemy import func, select

from tests.helpers.accounts import ENTITY, KIND_NATURAL
from tests.helpers.factories import make_account
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Account


@pytest.fixture
def hh(app):
    with app.app_context():
        return make_account(name="H&H Asociados", nit="800111202")


@pytest.mark.parametrize("typed", ["800111202-1", "800.111.202-1", "800111202 1"])
def test_a_nit_typed_with_its_check_digit_is_the_existing_account(app, wizard, hh, typed):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "nit": typed}), 422)
    assert "Ya existe una cuenta con este número: H&amp;H Asociados" in html
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nit", data={"nit": typed}))
    assert "Ya existe una cuenta con este número: H&amp;H Asociados" in html and f"/cuenta/{hh}/solicitud" in html


def test_a_wrong_check_digit_is_refused_on_the_nit_field_keeping_what_was_typed(wizard):
    wizard.kind()
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nit", data={"nit": "800111202-7"}))
    assert "El dígito de verificación de 800111202 es 1, no 7" in html
    html = check_page(wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "nit": "900.373.923-5"}), 422)
    assert "El dígito de verificación de 900373923 es 8, no 5" in html and 'value="900.373.923-5"' in html


def test_a_right_check_digit_is_dropped_and_the_account_keeps_the_bare_nit(app, wizard):
    wizard.kind()
    wizard.entity({**ENTITY, "nit": "900.373.923-8"})
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert 'value="900373923"' in html and "DV: 8" in html


def test_the_same_name_written_otherwise_is_pointed_out_with_solicitud_de_acceso(app, wizard, hh):
    wizard.kind()
    for typed in ("H & H Asociados S.A.S.", "hh asociados"):
        html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nombre", data={"nombre": typed}))
        assert "Ya existe una cuenta con un nombre igual: H&amp;H Asociados (NIT 800111202-1)" in html, typed
        assert f'href="/cuenta/{hh}/solicitud"' in html
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nombre",
                                         data={"nombre": "H&H Consultores"}))
    assert "Ya existe" not in html


def test_a_persona_natural_is_not_told_of_namesakes(app, wizard):
    with app.app_context():
        make_account(name="Juan Pérez", nit="79123456", organization_type="persona_natural_colombiana")
    wizard.kind(KIND_NATURAL)
    html = check_page(wizard.client.post("/cuenta/nueva/formulario/validar?campo=nombre", data={"nombre": "Juan Perez"}))
    assert "Ya existe" not in html


def test_finalizar_never_creates_a_second_account_for_a_nit_typed_with_its_dv(app, wizard, hh):
    wizard.kind()
    response = wizard.client.post("/cuenta/nueva/formulario", data={**ENTITY, "nombre": "H & H Asociados",
                                                                    "nit": "800111202-1"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(Account.id))) == 1
