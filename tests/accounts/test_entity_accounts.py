"""An Entidad Estatal's account through the same wizard: its own organisation types, "Público", NIT with DV,
contacts and legal representative, and neither financial rows, Mipyme nor supplier documents."""
import re

import pytest
from sqlalchemy import select

from tests.helpers.accounts import ENTITY, KIND_SAS
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Account, AccountKind, Membership

KIND_ENTITY = {"pais": "CO", "tipo": "entidad_estatal", "area": "publico", "organizacion": "ese"}
HOSPITAL = {k: v for k, v in ENTITY.items() if k != "mipyme"} | {
    "nombre": "E.S.E. Hospital Regional de Prueba", "nombre_abreviado": "hrp", "nit": "860069804"}


def test_the_kind_of_account_offers_entidad_estatal_with_its_own_organisation_types(signed_in):
    html = check_page(signed_in.get("/cuenta/nueva/tipo"))
    assert 'value="entidad_estatal"' in html and "Entidad Estatal" in html
    assert '<optgroup label="Entidad Estatal">' in html and '<optgroup label="Proveedor">' in html
    for name in ("Empresa Social del Estado", "Alcaldía", "Gobernación", "Establecimiento público", "Ministerio",
                 "Departamento administrativo", "Universidad pública"):
        assert name in html, name


@pytest.mark.parametrize("data, message", [
    ({**KIND_ENTITY, "area": "privado"}, "Una Entidad Estatal es del área de negocio «Público»"),
    ({**KIND_ENTITY, "organizacion": "sas"},
     "Elija un tipo de organización de Entidad Estatal: «Sociedad por acciones simplificada colombiana» es de Proveedor"),
    ({**KIND_SAS, "organizacion": "alcaldia"}, "Elija un tipo de organización de Proveedor: «Alcaldía» es de Entidad Estatal"),
])
def test_a_kind_and_an_organisation_type_that_do_not_go_together_are_refused(signed_in, data, message):
    assert message in check_page(signed_in.post("/cuenta/nueva/tipo", data=data), 422)


def test_an_entitys_form_asks_for_nit_contacts_and_legal_representative_but_no_financial_rows(wizard):
    wizard.kind(KIND_ENTITY)
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert "Representante legal" in html and "Contactos" in html and ">NIT<" in html
    assert "Información Financiera" not in html and "Mipyme" not in html
    html = check_page(wizard.client.post("/cuenta/nueva/formulario",
                                         data={k: v for k, v in HOSPITAL.items() if not k.startswith("rep_")}), 422)
    assert "Escriba el nombre del representante legal" in html and "Elija si la Entidad es Mipyme" not in html


def test_an_entity_skips_the_supplier_documents_and_finishes_as_an_entidad_estatal(app, wizard, user_id):
    wizard.kind(KIND_ENTITY)
    response = wizard.entity({**HOSPITAL, "anios-0-anio": "2024", "anios-0-patrimonio": "1"})  # rows ignored
    check_page(response, 303, "/cuenta/nueva/documentos")
    check_page(wizard.client.get("/cuenta/nueva/documentos"), 303, "/cuenta/nueva/finalizar")
    html = check_page(wizard.client.get("/cuenta/nueva/finalizar"))
    assert "Entidad Estatal" in html and "Anexar documentos" not in html and "Mipyme" not in html
    assert "860069804-2" in html
    check_page(wizard.client.post("/cuenta/nueva/documentos/rup", data={}), 404)  # no document rows at all
    response = wizard.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    account_id = int(re.search(r"/cuenta/(\d+)/creada", response.headers["Location"]).group(1))
    html = check_page(wizard.client.get(f"/cuenta/{account_id}/creada"))
    assert "E.S.E. Hospital Regional de Prueba con el NIT 860069804-2 creada" in html
    with app.app_context():
        account = db.session.get(Account, account_id)
        assert (account.kind, account.business_area, account.organization_type, account.mipyme) == (
            AccountKind.ENTIDAD_ESTATAL, "publico", "ese", None)
        assert account.financial_years == [] and account.legal_rep_name == "Ana Rojas"
        membership = db.session.scalar(select(Membership).where(Membership.account_id == account_id))
        assert membership.user_id == user_id and membership.is_admin
    html = check_page(wizard.client.get("/cuenta/escritorio"))
    assert "Entidad Estatal" in html and "Crear contrato" in html  # its administrator can record contracts


def test_the_progress_of_an_entity_lists_three_steps(wizard):
    wizard.kind(KIND_ENTITY)
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    steps = re.findall(r"(\d)\. (Tipo de cuenta|Formulario|Anexar documentos|Finalizar)", html)
    assert steps == [("1", "Tipo de cuenta"), ("2", "Formulario"), ("3", "Finalizar")]
