"""«Descartar solicitud»: the contractor discards a request "En edición" never sent, after a confirmation; it is kept
as "Descartada" with its history, its documents are deleted, and its instalment offers "Registro" again. Nobody else
discards, and a request ever sent is never discarded."""
import pytest
from sqlalchemy import func, select

from tests.helpers import payments as p
from wizard import storage
from wizard.extensions import db
from wizard.models import Document, PaymentEvent, PaymentRequest


@pytest.fixture
def ana(world, as_user):
    return as_user(world, "s_admin", "s")


def _draft_with_documents(app, client, world, cuota_number: int = 1, invoices: bool = False) -> int:
    payment_id = p.start(client, world["c"], p.instalment_id(app, world["c"], cuota_number), invoices=invoices)
    p.fill(client, payment_id, invoices=invoices)
    return payment_id


def _documents(app, payment_id) -> list[Document]:
    with app.app_context():
        found = db.session.scalars(select(Document).where(Document.payment_request_id == payment_id)).all()
        for d in found:
            db.session.expunge(d)
        return found


def _version(app, payment_id) -> int:
    with app.app_context():
        return db.session.get(PaymentRequest, payment_id).version


def test_descartar_solicitud_asks_then_frees_the_instalment_and_deletes_the_documents(app, ana, world):
    payment_id = _draft_with_documents(app, ana, world)
    cuota = p.instalment_id(app, world["c"], 1)
    files = _documents(app, payment_id)
    assert len(files) == 3
    for path in ("/pagos/{id}", "/pagos/{id}/factura", "/pagos/{id}/valores", "/pagos/{id}/documentos",
                 "/pagos/{id}/confirmar"):
        page = ana.get(path.format(id=payment_id)).get_data(as_text=True)
        assert (f'<form method="get" action="/pagos/{payment_id}/descartar"' in page
                and ">Descartar solicitud</button>" in page), path
    plan = ana.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert f'name="cuota" value="{cuota}"' not in plan  # the instalment is taken by the draft

    confirm = ana.get(f"/pagos/{payment_id}/descartar")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "¿Descartar la solicitud de pago?" in page
    assert "Confirmar y descartar solicitud" in page and "Cancelar" in page
    assert "informe.zip" in page and "Cuota 1" in page  # what goes, and which instalment comes back
    assert p.state(app, payment_id) == "en_edicion"  # asking changes nothing

    done = ana.post(f"/pagos/{payment_id}/descartar", data={"version": _version(app, payment_id)})
    assert done.status_code == 303 and done.headers["Location"] == f"/contratos/{world['c']}#plan-de-pagos"
    plan = ana.get(done.headers["Location"]).get_data(as_text=True)
    assert ("Se descartó la solicitud de pago Pago 001 y se borraron sus documentos anexos. La cuota 1 del plan de "
            "pagos vuelve a ofrecer «Registro».") in plan
    # out of the plan's table (its instalment offers "Registro" again), listed apart with its history kept
    table, _, after = plan.partition("</table>")
    assert f'name="cuota" value="{cuota}"' in table and f"/pagos/{payment_id}\"" not in table
    discarded = after.partition("<h4>Solicitudes descartadas</h4>")[2]
    assert f'<a href="/pagos/{payment_id}"><span class="badge pay-descartada">Descartada</span>' in discarded
    assert "Pago 001 · cuota 1 · " in discarded
    assert p.state(app, payment_id) == "descartada"  # kept, not deleted
    assert _documents(app, payment_id) == []
    for document in files:  # the stored bytes went with their rows
        with app.app_context(), pytest.raises(FileNotFoundError):
            storage.backend().read(document.storage_key)
    with app.app_context():
        [event] = db.session.scalars(select(PaymentEvent).where(PaymentEvent.payment_request_id == payment_id,
                                                                PaymentEvent.action == "descartar")).all()
        assert (event.from_state, event.to_state, event.actor_id) == ("en_edicion", "descartada", world["s_admin"])
        assert event.values["instalment"] == 1 and len(event.values["documents"]) == 3

    # the same month is asked for again, as "Pago 001" once more
    again = p.start(ana, world["c"], cuota)
    with app.app_context():
        assert db.session.get(PaymentRequest, again).number == "Pago 001"
    history = ana.get(f"/pagos/{payment_id}").get_data(as_text=True)
    assert "Descartada" in history and "Descarte de la solicitud" in history and "Descartar solicitud<" not in history


def test_a_discarded_invoice_frees_its_cufe(app, ana, world):
    payment_id = p.start(ana, world["c"], invoices=True)
    with app.app_context():
        code = db.session.get(PaymentRequest, payment_id).cufe
    assert ana.post(f"/pagos/{payment_id}/descartar").status_code == 303
    assert ana.post(f"/contratos/{world['c']}/pagos/nuevo",
                    data={"factura": "si", "numero": "FE-78", "cufe": code}).status_code == 303
    page = ana.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "Se descartó la solicitud de pago FE-77." in page


def test_a_double_tap_discards_once(app, ana, world):
    payment_id = p.start(ana, world["c"], p.instalment_id(app, world["c"], 2))
    version = _version(app, payment_id)
    assert ana.post(f"/pagos/{payment_id}/descartar", data={"version": version}).status_code == 303
    again = ana.post(f"/pagos/{payment_id}/descartar", data={"version": version})
    assert again.status_code == 303 and again.headers["Location"].endswith("#plan-de-pagos")
    assert "ya estaba descartada" in ana.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentEvent.id)).where(
            PaymentEvent.payment_request_id == payment_id, PaymentEvent.action == "descartar")) == 1


def test_through_htmx_the_discard_answers_hx_location(app, ana, world):
    payment_id = p.start(ana, world["c"])
    response = ana.post(f"/pagos/{payment_id}/descartar", headers={"HX-Request": "true", "HX-Target": "main"})
    assert response.status_code == 200 and f"/contratos/{world['c']}" in response.headers["HX-Location"]
    assert p.state(app, payment_id) == "descartada"


@pytest.mark.parametrize("who, account, status", [
    ("s_user", "s", 303),  # the supplier's other user edits its requests, and discards them
    ("e_user", "e", 404),  # the supervisor: a draft is not the entity's to see
    ("e_admin", "e", 404),
    ("f_admin", "f", 404),  # another entity
    ("t_admin", "t", 404),  # another supplier
])
def test_only_the_suppliers_users_discard_a_draft(app, world, as_user, who, account, status):
    payment_id = p.start(as_user(world, "s_admin", "s"), world["c"])
    client = as_user(world, who, account)
    if status == 404:
        assert client.get(f"/pagos/{payment_id}/descartar").status_code == 404
    assert client.post(f"/pagos/{payment_id}/descartar").status_code == status
    assert p.state(app, payment_id) == ("descartada" if status == 303 else "en_edicion")


def test_anonymous_cannot_discard(app, client, world, as_user):
    payment_id = p.start(as_user(world, "s_admin", "s"), world["c"])
    with client.session_transaction() as session:
        session.clear()
    for method in ("get", "post"):
        response = getattr(client, method)(f"/pagos/{payment_id}/descartar")
        assert response.status_code in (302, 303) and "/entrar" in response.headers["Location"]
    assert p.state(app, payment_id) == "en_edicion"


def test_the_supervisor_cannot_discard_a_sent_request(app, world, as_user):
    payment_id = p.sent_request(as_user(world, "s_admin", "s"), world["c"], p.instalment_id(app, world["c"], 1))
    luis = as_user(world, "e_user", "e")
    assert "Descartar solicitud" not in luis.get(f"/pagos/{payment_id}").get_data(as_text=True)
    assert luis.get(f"/pagos/{payment_id}/descartar").status_code == 403
    assert luis.post(f"/pagos/{payment_id}/descartar").status_code == 403
    assert p.state(app, payment_id) == "enviado"


@pytest.mark.parametrize("state", ["enviado", "rechazado", "aprobado", "pagado"])
def test_a_request_ever_sent_is_never_discarded(app, world, as_user, state):
    with app.app_context():
        payment_id = p.make_request(world["c"], world["s_admin"], instalment=3, state=state,
                                    reviewer_id=world["e_user"])
    ana = as_user(world, "s_admin", "s")
    detail = ana.get(f"/pagos/{payment_id}").get_data(as_text=True)
    assert "Descartar solicitud" not in detail
    asked = ana.get(f"/pagos/{payment_id}/descartar")
    assert asked.status_code == 200 and "no se puede descartar" in asked.get_data(as_text=True)
    assert "Confirmar y descartar" not in asked.get_data(as_text=True)
    refused = ana.post(f"/pagos/{payment_id}/descartar")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "ya se envió a la entidad: no se puede descartar" in text
    assert p.state(app, payment_id) == state
    if state == "rechazado":  # corrected in place instead
        assert "Editar" in text


def test_a_discarded_request_is_the_entitys_to_see_never(app, world, as_user):
    payment_id = p.start(as_user(world, "s_admin", "s"), world["c"])
    as_user(world, "s_admin", "s").post(f"/pagos/{payment_id}/descartar")
    luis = as_user(world, "e_user", "e")
    assert luis.get(f"/pagos/{payment_id}").status_code == 404
    page = luis.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "En preparación" not in page and "Solicitudes descartadas" not in page
    assert f"/pagos/{payment_id}\"" not in page


def test_the_lookups_of_a_live_request_still_use_their_unique_index(app):
    """The CUFE's and the instalment's unique indexes are partial (discarded requests aside): the queries that
    look them up carry the same condition, so SQLite reads the index rather than the whole table."""
    from wizard.payments.queries import LIVE

    with app.app_context():
        connection = db.session.connection()
        for query in (select(PaymentRequest.id).where(PaymentRequest.instalment_id == 5, LIVE),
                      select(PaymentRequest.id).where(PaymentRequest.cufe == "abc", LIVE)):
            compiled = query.compile(db.engine)
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                              tuple(compiled.params[name] for name in compiled.positiontup)).all()
            assert "USING INDEX ix_payment_requests_" in str(plan), plan
