"""The entity chooses the supporting documents of a contract's payment requests ("Documentos de las solicitudes de
pago"): those asked with every request, those asked once with the first; the contractor's step asks for exactly
those, and a request cannot be sent without them. Only the entity's administrators choose; the change of a
registered contract is in its history."""
import pytest
from sqlalchemy import select

from tests.helpers import payments as p
from wizard.extensions import db
from wizard.models import Contract, ContractEvent

URL = "/entidad/contratos/{}/documentos-de-pago"


@pytest.fixture
def edith(world, as_user):
    return as_user(world, "e_admin", "e")


def _as_ana(world, as_user):  # the tests' client is one browser: signing in again changes who it is
    return as_user(world, "s_admin", "s")


def _asked(app, contract_id):
    with app.app_context():
        return db.session.get(Contract, contract_id).payment_documents


def _choose(client, contract_id, each=(), first=()):
    return client.post(URL.format(contract_id), data={"cada_pago": list(each), "primera": list(first)})


def test_the_page_shows_the_default_checked_and_the_contract_says_what_is_asked(app, edith, world):
    page = edith.get(URL.format(world["c"])).get_data(as_text=True)
    assert "<legend>Con cada solicitud de pago" in page and "<legend>Una sola vez" in page
    for slot in ("informe", "planilla"):
        assert f'id="cada_pago-{["informe", "planilla", "evidencias"].index(slot)}"' in page
    assert page.count("checked") == 2 and 'for="primera-0">RUT</label>' in page
    detail = edith.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "Cada solicitud de pago lleva: Informe de actividades, Planilla de pago de seguridad social" in detail
    assert 'aria-describedby="documentos-de-pago">Cambiar</a>' in detail


def test_the_administrator_changes_them_and_the_history_says_so(app, edith, world):
    response = _choose(edith, world["c"], each=["informe", "evidencias"], first=["rut", "certificacion_bancaria"])
    assert response.status_code == 303 and response.headers["Location"].endswith("#documentos-de-pago")
    assert _asked(app, world["c"]) == ["informe", "evidencias", "rut", "certificacion_bancaria"]
    detail = edith.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "Evidencias del trabajo, RUT (una sola vez)" in detail
    with app.app_context():
        event = db.session.scalars(select(ContractEvent).where(ContractEvent.contract_id == world["c"])
                                   .order_by(ContractEvent.id.desc())).first()
        assert event.changes["documentos_pago"] == [
            "Informe de actividades, Planilla de pago de seguridad social",
            "Informe de actividades, Evidencias del trabajo, RUT, Certificación bancaria"]
    again = _choose(edith, world["c"], each=["informe", "evidencias"], first=["rut", "certificacion_bancaria"])
    assert again.status_code == 303
    assert "No cambió ningún documento" in edith.get(f"/contratos/{world['c']}").get_data(as_text=True)


def test_an_unknown_document_is_refused_on_its_group_and_nothing_changes(app, edith, world):
    page = _choose(edith, world["c"], each=["informe", "pasaporte"])
    assert page.status_code == 422 and "Elija solo documentos de la lista" in page.get_data(as_text=True)
    assert _asked(app, world["c"]) is None


def test_only_the_entitys_administrators_choose(app, world, as_user):
    luis = as_user(world, "e_user", "e")  # the supervisor: an accepted user, not an administrator
    assert luis.get(URL.format(world["c"])).status_code == 403
    assert _choose(luis, world["c"], each=["evidencias"]).status_code == 403
    fabio = as_user(world, "f_admin", "f")  # another entity: the contract is not theirs
    assert fabio.get(URL.format(world["c"])).status_code == 404
    ana = as_user(world, "s_admin", "s")  # the contractor
    assert _choose(ana, world["c"], each=[]).status_code == 403
    assert "los documentos de las solicitudes de pago</span>" not in ana.get(f"/contratos/{world['c']}").get_data(
        as_text=True)
    assert _asked(app, world["c"]) is None


def test_the_contractor_is_asked_for_what_the_entity_chose_and_the_once_only_documents_once(app, edith, world,
                                                                                             as_user):
    assert _choose(edith, world["c"], each=["informe", "evidencias"], first=["rut"]).status_code == 303
    ana = _as_ana(world, as_user)
    first = p.start(ana, world["c"], p.instalment_id(app, world["c"], 1))
    p.fill_values(ana, first)
    page = ana.get(f"/pagos/{first}/documentos").get_data(as_text=True)
    for name in ("Informe de actividades", "Evidencias del trabajo", "Cuenta de cobro", "RUT"):
        assert f'class="doc-name" id="h-' in page and f">{name}</h3>" in page
    assert ">Planilla de pago de seguridad social</h3>" not in page and 'name="planilla"' not in page
    # a document the contract does not ask for cannot be attached
    assert ana.post(f"/pagos/{first}/documentos/planilla", data=p.upload(p.PDF, "planilla.pdf"),
                    content_type="multipart/form-data").status_code == 404
    refused = ana.post(f"/pagos/{first}/documentos").get_data(as_text=True)
    assert "Anexe el documento «RUT»: es obligatorio" in refused and "número de planilla" not in refused.lower()
    for slot in ("informe", "evidencias", "cuenta-cobro", "rut"):
        assert ana.post(f"/pagos/{first}/documentos/{slot}", data=p.upload(p.PDF, f"{slot}.pdf"),
                        content_type="multipart/form-data").status_code == 303
    assert ana.post(f"/pagos/{first}/documentos").status_code == 303  # no planilla asked: no number or day
    assert p.send(ana, first).status_code == 303

    second = p.start(ana, world["c"], p.instalment_id(app, world["c"], 2))
    p.fill_values(ana, second)
    page = ana.get(f"/pagos/{second}/documentos").get_data(as_text=True)
    assert ">Evidencias del trabajo</h3>" in page and ">RUT</h3>" not in page  # the first request sent brought it


def test_a_once_only_document_is_asked_until_a_request_sent_carries_it(app, edith, world, as_user):
    """The first request written is still being edited (it may be discarded) when the second is sent: the second
    brings the RUT. And a RUT asked for after requests were sent is asked of the next one."""
    ana = _as_ana(world, as_user)
    first = p.start(ana, world["c"], p.instalment_id(app, world["c"], 1))
    second = p.start(ana, world["c"], p.instalment_id(app, world["c"], 2))
    p.fill(ana, second)
    assert p.send(ana, second).status_code == 303  # nothing once-only asked yet
    edith = as_user(world, "e_admin", "e")
    assert _choose(edith, world["c"], each=["informe", "planilla"], first=["rut"]).status_code == 303
    ana = _as_ana(world, as_user)
    for payment_id in (first, p.start(ana, world["c"], p.instalment_id(app, world["c"], 3))):
        p.fill_values(ana, payment_id)
        for slot in ("informe", "planilla", "cuenta-cobro"):
            ana.post(f"/pagos/{payment_id}/documentos/{slot}", data=p.upload(p.PDF, f"{slot}.pdf"),
                     content_type="multipart/form-data")
        step = ana.post(f"/pagos/{payment_id}/documentos", data=p.PAYROLL)
        assert step.status_code == 422 and "Anexe el documento «RUT»: es obligatorio" in step.get_data(as_text=True)
        refused = p.send(ana, payment_id)
        assert refused.status_code == 422 and "Anexe el documento «RUT»" in refused.get_data(as_text=True)
    assert ana.post(f"/pagos/{first}/documentos/rut", data=p.upload(p.PDF, "rut.pdf"),
                    content_type="multipart/form-data").status_code == 303
    assert p.send(ana, first).status_code == 303
    third = p.start(ana, world["c"], p.instalment_id(app, world["c"], 4))
    assert ">RUT</h3>" not in ana.get(f"/pagos/{third}/documentos").get_data(as_text=True)


def test_a_request_cannot_be_sent_without_a_document_asked_after_it_was_written(app, world, as_user):
    ana = _as_ana(world, as_user)
    payment_id = p.start(ana, world["c"], p.instalment_id(app, world["c"], 1))
    p.fill(ana, payment_id)  # the default documents, all attached
    edith = as_user(world, "e_admin", "e")
    assert _choose(edith, world["c"], each=["informe", "planilla", "evidencias"]).status_code == 303
    ana = _as_ana(world, as_user)
    response = p.send(ana, payment_id)
    assert response.status_code == 422 and "Anexe el documento «Evidencias del trabajo»" in response.get_data(
        as_text=True)
