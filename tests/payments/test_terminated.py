"""A contract that is no longer "En ejecución" receives no payment requests: its open requests offer no "Editar"
nor the step wizard (a notice says why), a refusal at "Enviar" does not claim anything is missing, and "Terminar
contrato" warns first about the requests still open."""
import pytest

from tests.helpers import payments as p
from tests.helpers.pages import check_page
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Contract, ContractState, PaymentRequest
from wizard.payments import service


def _terminate(app, contract_id):
    with app.app_context():
        db.session.get(Contract, contract_id).state = ContractState.TERMINADO
        db.session.commit()


@pytest.fixture
def ana(world, as_user):
    return as_user(world, "s_admin", "s")


def test_a_rejected_request_of_a_terminated_contract_offers_no_editar_but_says_why(app, world, ana):
    with app.app_context():
        rejected = p.make_request(world["c"], world["s_admin"], instalment=1, state="rechazado",
                                  reviewer_id=world["e_user"])
    _terminate(app, world["c"])
    html = check_page(ana.get(f"/pagos/{rejected}"))
    assert "El contrato está terminado: ya no recibe solicitudes de pago" in html
    assert ">Editar</button>" not in html
    for step in ("factura", "valores", "documentos", "confirmar"):
        answer = ana.get(f"/pagos/{rejected}/{step}")
        assert answer.status_code == 303 and answer.headers["Location"] == f"/pagos/{rejected}"
    assert "El contrato está terminado" in ana.get(f"/pagos/{rejected}").get_data(as_text=True)  # the flash


def test_sending_on_a_terminated_contract_is_refused_without_saying_data_are_missing(app, world, ana):
    with app.app_context():
        draft = p.make_request(world["c"], world["s_admin"], instalment=1)
        db.session.get(Contract, world["c"]).state = ContractState.TERMINADO
        db.session.commit()
        with pytest.raises(Refused, match="El contrato está terminado"):
            service.send(db.session.get(PaymentRequest, draft), world["s_admin"])


def test_a_refusal_at_enviar_with_nothing_missing_is_not_headed_faltan_datos(app, world, ana, monkeypatch):
    payment_id = p.start(ana, world["c"], p.instalment_id(app, world["c"], 1))
    p.fill(ana, payment_id)

    def refused(found, actor_id):
        raise Refused(service.TERMINATED)  # what a contract terminated in between answers

    monkeypatch.setattr(service, "send", refused)
    html = check_page(ana.post(f"/pagos/{payment_id}/confirmar"), 422)
    assert "No se puede enviar la solicitud" in html and service.TERMINATED in html
    assert "Faltan datos" not in html and "Falta un dato" not in html


def test_terminar_warns_about_the_open_requests_and_what_happens_to_them(app, world, as_user):
    with app.app_context():
        p.make_request(world["c"], world["s_admin"], instalment=1, state="enviado")
        p.make_request(world["c"], world["s_admin"], instalment=2, state="rechazado", reviewer_id=world["e_user"])
        p.make_request(world["c"], world["s_admin"], instalment=3)
        p.make_request(world["c"], world["s_admin"], instalment=4)
    html = check_page(as_user(world, "e_admin", "e").get(f"/entidad/contratos/{world['c']}/terminar"))
    assert "El contrato tiene 4 solicitudes de pago abiertas" in html
    assert "1 enviada a la entidad" in html and "2 en edición" in html and "1 rechazada" in html
    assert "ya no podrá enviarlas" in html


def test_terminar_says_nothing_of_requests_when_none_is_open(world, as_user):
    html = check_page(as_user(world, "e_admin", "e").get(f"/entidad/contratos/{world['c']}/terminar"))
    assert "solicitudes de pago abiertas" not in html and "solicitud de pago abierta" not in html
