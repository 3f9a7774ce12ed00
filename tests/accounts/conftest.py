"""Fixtures of the account wizard's tests: a signed-in user and a walker through the steps."""
import pytest

from tests.helpers.accounts import ENTITY, KIND_SAS, PDF, pdf
from tests.helpers.factories import make_user


@pytest.fixture
def user_id(app):
    with app.app_context():
        return make_user(full_name="Ana Rojas")


@pytest.fixture
def signed_in(login_as, user_id):
    return login_as(user_id)


@pytest.fixture
def wizard(signed_in):
    """Walk the wizard: wizard.kind(), .entity(), .attach_all(), each asserting it passed."""

    class Walker:
        client = signed_in

        def kind(self, data=KIND_SAS):
            response = self.client.post("/cuenta/nueva/tipo", data=data)
            assert response.status_code == 303, response.get_data(as_text=True)[:2000]
            return response

        def entity(self, data=ENTITY):
            response = self.client.post("/cuenta/nueva/formulario", data=data)
            assert response.status_code == 303, response.get_data(as_text=True)[:3000]
            return response

        def attach(self, slot, name="documento.pdf", data=PDF, **extra):
            return self.client.post(f"/cuenta/nueva/documentos/{slot}", data={"archivo": pdf(name, data), **extra},
                                    content_type="multipart/form-data")

        def attach_all(self, slots=("capacidad_financiera", "experiencia", "estados_financieros", "existencia"),
                       sin_contabilidad=False):
            if sin_contabilidad:
                self.client.post("/cuenta/nueva/documentos", data={"sin_contabilidad": "y", "aplicar": "1"})
            for slot in slots:
                assert self.attach(slot).status_code == 303
            data = {"continuar": "1", **({"sin_contabilidad": "y"} if sin_contabilidad else {})}
            response = self.client.post("/cuenta/nueva/documentos", data=data)
            assert response.status_code == 303, response.get_data(as_text=True)[:3000]
            return response

    return Walker()
