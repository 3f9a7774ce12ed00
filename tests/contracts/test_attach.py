"""A contract waits for its contractor's NIT or cédula and joins their supplier account the moment "Finalizar"
creates it: recorded in its history, the administrators emailed, and one tap away on the new Escritorio."""
import re

import pytest
from sqlalchemy import select

from tests.helpers.accounts import ENTITY_NATURAL, KIND_NATURAL, pdf
from tests.helpers.contracts import attach_signed, make_contract
from tests.helpers.factories import make_user
from tests.helpers.pages import check_page
from wizard.contracts import service, suppliers
from wizard.extensions import db
from wizard.models import Account, Contract, ContractEvent, ContractState

CEDULA = ENTITY_NATURAL["nit"]  # Juan Pérez's, 1032387714


@pytest.fixture
def waiting(app, world):
    with app.app_context():
        return {"running": make_contract(world["e"], world["e_admin"], world["e_user"], number="ESE-CPS-300-2026",
                                         nit=CEDULA, name="Juan Pérez G."),
                "draft": make_contract(world["e"], world["e_admin"], world["e_user"], number="ESE-CPS-301-2026",
                                       nit=CEDULA, state=ContractState.EN_EDICION)}


def create_persona_natural_account(client) -> int:
    """The account wizard, as a persona natural with Juan Pérez's cédula; the new account's id."""
    assert client.post("/cuenta/nueva/tipo", data=KIND_NATURAL).status_code == 303
    assert client.post("/cuenta/nueva/formulario", data=ENTITY_NATURAL).status_code == 303
    client.post("/cuenta/nueva/documentos", data={"sin_contabilidad": "y", "aplicar": "1"})
    for slot in ("constancia", "experiencia", "existencia"):
        assert client.post(f"/cuenta/nueva/documentos/{slot}", data={"archivo": pdf()},
                           content_type="multipart/form-data").status_code == 303
    assert client.post("/cuenta/nueva/documentos", data={"continuar": "1", "sin_contabilidad": "y"}).status_code == 303
    response = client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(re.search(r"/cuenta/(\d+)/creada", response.headers["Location"]).group(1))


def test_creating_the_account_attaches_the_waiting_contracts_and_emails_its_administrator(app, world, waiting,
                                                                                         login_as, outbox):
    with app.app_context():
        juan = make_user(full_name="Juan Pérez", email="juan@correo.example.com")
    client = login_as(juan)
    account_id = create_persona_natural_account(client)
    with app.app_context():
        running = db.session.get(Contract, waiting["running"])
        assert (running.supplier_account_id, running.contractor_name) == (account_id, "Juan Pérez")
        assert running.state == ContractState.EN_EJECUCION
        event = db.session.scalars(select(ContractEvent).where(ContractEvent.contract_id == running.id)
                                   .order_by(ContractEvent.id.desc())).first()
        assert (event.action_label, event.actor_id, event.change_lines) == (
            "Asociación con la cuenta del proveedor", juan, ["Cuenta del proveedor: — → Juan Pérez"])
        assert db.session.get(Contract, waiting["draft"]).supplier_account_id == account_id
    [mail] = [m for m in outbox() if m.subject.startswith("Contrato")]  # the running one only: a draft is not told
    assert mail.recipient == "juan@correo.example.com" and mail.subject == "Contrato ESE-CPS-300-2026 de E.S.E. Hospital de Prueba"
    assert f"/contratos/{waiting['running']}" in mail.text
    desk = check_page(client.get("/cuenta/escritorio"))
    assert "Mis procesos" in desk and f'href="/contratos/{waiting["running"]}"' in desk  # one tap to the contract
    assert "ESE-CPS-301-2026" not in desk
    mine = check_page(client.get("/cuenta/mis-contratos"))
    assert "ESE-CPS-300-2026" in mine and "E.S.E. Hospital de Prueba" in mine and "$ 36.000.000" in mine
    html = check_page(client.get(f"/contratos/{waiting['running']}"))
    for heading in ("1. Información general", "2. Condiciones", "3. Bienes y servicios", "4. Documentos del proveedor",
                    "5. Documentos del contrato", "6. Información presupuestal", "7. Ejecución del contrato",
                    "Plan de pagos"):
        assert f">{heading}</" in html, heading


def test_a_contract_attached_while_in_edition_tells_the_supplier_when_it_is_registered(app, world, waiting, login_as,
                                                                                      outbox):
    with app.app_context():
        juan = make_user(full_name="Juan Pérez", email="juan@correo.example.com")
    create_persona_natural_account(login_as(juan))
    with app.test_request_context():
        attach_signed(waiting["draft"], world["e_admin"])
        service.register(db.session.get(Contract, waiting["draft"]), world["e_admin"])
    assert [m.subject for m in outbox() if m.subject.startswith("Contrato")] == [
        "Contrato ESE-CPS-300-2026 de E.S.E. Hospital de Prueba", "Contrato ESE-CPS-301-2026 de E.S.E. Hospital de Prueba"]


def test_only_a_supplier_account_takes_the_contracts_of_its_number(app, world, waiting):
    with app.test_request_context():
        entity = db.session.scalar(select(Account).where(Account.id == world["f"]))
        entity.nit = CEDULA
        db.session.commit()
        assert suppliers.attach_to_new_account(world["f"], world["f_admin"]) == 0
        assert db.session.get(Contract, waiting["running"]).supplier_account_id is None


def test_a_contract_whose_contractor_already_has_an_account_is_not_attached_twice(app, world):
    with app.test_request_context():
        assert suppliers.attach_to_new_account(world["s"], world["s_admin"]) == 0  # world's contracts already have it


def test_the_confirmation_of_the_new_account_names_the_contract_that_waited_for_it(app, world, waiting, login_as):
    """The contractor came to register because of this contract: «Entidad creada» said nothing of it."""
    with app.app_context():
        juan = make_user(full_name="Juan Pérez", email="juan@correo.example.com")
    client = login_as(juan)
    account_id = create_persona_natural_account(client)
    html = check_page(client.get(f"/cuenta/{account_id}/creada"))
    assert "Su contrato ya está en la cuenta" in html
    assert "Contrato ESE-CPS-300-2026 de E.S.E. Hospital de Prueba" in html
    assert "ESE-CPS-301-2026" not in html  # still «En edición»: the entity's alone
    assert 'href="/cuenta/mis-contratos">Mis contratos</a>' in html


def test_the_confirmation_names_five_waiting_contracts_and_says_there_are_more(app, world, login_as):
    """Six contracts waited for the same cédula: five are named, «y otros más» says the list goes on, in the plural."""
    with app.app_context():
        for n in range(6):
            make_contract(world["e"], world["e_admin"], world["e_user"], number=f"ESE-CPS-31{n}-2026", nit=CEDULA,
                          name="Juan Pérez G.")
        juan = make_user(full_name="Juan Pérez", email="juan@correo.example.com")
    client = login_as(juan)
    account_id = create_persona_natural_account(client)
    html = check_page(client.get(f"/cuenta/{account_id}/creada"))
    assert "Sus contratos ya están en la cuenta" in html and html.count("<li>Contrato ESE-CPS-31") == 5
    assert "<li>y otros más</li>" in html
    assert "Los encuentra en «Mis contratos», cada uno con su plan de pagos." in html


def test_the_confirmation_of_an_account_without_contracts_says_nothing_of_them(app, world, login_as):
    with app.app_context():
        juan = make_user(full_name="Juan Pérez", email="juan@correo.example.com")
    client = login_as(juan)
    account_id = create_persona_natural_account(client)
    html = check_page(client.get(f"/cuenta/{account_id}/creada"))
    assert "Felicitaciones" in html and "ya está en la cuenta" not in html and "Mis contratos</a>" not in html
