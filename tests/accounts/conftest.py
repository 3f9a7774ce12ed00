"""Helpers for the account wizard's tests: a signed-in user and valid answers for each step."""
import io

import pytest

from tests.factories import make_user

KIND_SAS = {"pais": "CO", "tipo": "proveedor", "area": "privado", "organizacion": "sas"}
KIND_NATURAL = {**KIND_SAS, "organizacion": "persona_natural_colombiana"}

ENTITY = {
    "nombre": "Constructora Andina S.A.S.", "nombre_abreviado": "andina", "nit": "900373923",
    "mipyme": "si", "regimen": "responsable_iva", "pais_contacto": "CO", "departamento": "54",
    "municipio": "54518", "direccion": "Calle 5 # 6-30", "codigo_postal": "543050",
    "correo_oficina": "oficina@andina.example.com", "telefono_oficina": "607 5682090",
    "correo_notificaciones": "avisos@andina.example.com",
    "rep_nombre": "Ana Rojas", "rep_tipo_documento": "CC", "rep_numero": "1032387714",
    "rep_correo": "ana@andina.example.com", "rep_telefono": "300 1234567",
}
ENTITY_NATURAL = {k: v for k, v in ENTITY.items() if not k.startswith("rep_")} | {
    "nombre": "Juan Pérez", "nit": "1032387714"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="documento.pdf", data=PDF):
    return (io.BytesIO(data), name)


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
