"""The whole cycle through plain requests: Ana sends a cuenta de cobro, Luis rejects it, Ana edits the same request
and sends it again, Luis approves it and marks it paid; the plan, the emails, the history and the money follow."""
from sqlalchemy import func, select

from tests.helpers import payments as p
from wizard.extensions import db
from wizard.payments import rules
from wizard.models import PaymentEvent, PaymentRequest


def test_a_cuenta_de_cobro_goes_round_the_whole_cycle(app, client, world, as_user, outbox):
    as_user(world, "s_admin", "s")
    cuota = p.instalment_id(app, world["c"], 3)
    page = client.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "Registro" in page and "Crear" in page
    form = client.get(f"/contratos/{world['c']}/pagos/nuevo?cuota={cuota}").get_data(as_text=True)
    assert "¿Está obligado a facturar electrónicamente?" in form and "Pago 001" in form
    payment_id = p.start(client, world["c"], cuota)
    values = client.get(f"/pagos/{payment_id}/valores").get_data(as_text=True)
    assert "$ 3.000.000" in values and "Fecha de emisión" in values and "monto mensual" in values
    p.fill(client, payment_id)
    confirm = client.get(f"/pagos/{payment_id}/confirmar").get_data(as_text=True)
    assert "Pago 001" in confirm and "Cambiar" in confirm and "informe.zip" in confirm
    response = p.send(client, payment_id)
    assert response.headers["Location"] == f"/pagos/{payment_id}/radicado"
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Número de radicación" in receipt and "PP-2026-" in receipt and "Enviado a la entidad estatal" in receipt
    mail = outbox()[-1]
    assert mail.recipient == "luis@hospital.example" and "Pago 001" in mail.subject

    as_user(world, "e_user", "e")
    desk = client.get("/cuenta/escritorio").get_data(as_text=True)
    assert "Pagos por revisar" in desk
    listing = client.get("/entidad/pagos").get_data(as_text=True)
    assert "Enviado por el Proveedor" in listing and "Pago 001" in listing
    detail = client.get(f"/pagos/{payment_id}").get_data(as_text=True)
    assert "informe-noviembre.pdf" in detail and "Aprobar" in detail and "Rechazar" in detail
    assert client.post(f"/pagos/{payment_id}/rechazar", data={"motivo": " "}).status_code == 422
    assert client.post(f"/pagos/{payment_id}/rechazar", data={"motivo": "Falta la firma del informe"}).status_code == 303
    rejected = [m for m in outbox() if "rechazada" in m.subject]
    assert {m.recipient for m in rejected} == {"ana@correo.example.com", "sergio.usuario@correo.example"} or \
        len(rejected) == 2
    assert "Falta la firma del informe" in rejected[0].text

    as_user(world, "s_admin", "s")
    again = client.get(f"/pagos/{payment_id}").get_data(as_text=True)
    assert "Motivo del rechazo" in again and "Falta la firma del informe" in again and "Editar" in again
    assert client.post(f"/pagos/{payment_id}/valores", data={**p.VALUES, "notas": "Informe firmado"}).status_code == 303
    assert p.send(client, payment_id).status_code == 303
    assert "corregida" in outbox()[-1].subject

    as_user(world, "e_user", "e")
    assert "Confirmar y aprobar" in client.get(f"/pagos/{payment_id}/aprobar").get_data(as_text=True)
    assert p.approve(app, client, payment_id).status_code == 303
    assert any("aprobada" in m.subject and "$ 3.000.000" in m.text for m in outbox())
    assert client.post(f"/pagos/{payment_id}/pagar", data={"fecha": rules.today().isoformat()},
                       content_type="multipart/form-data").status_code == 303
    assert p.state(app, payment_id) == "pagado"
    assert any("pagada" in m.subject for m in outbox())
    page = client.get(f"/pagos/{payment_id}").get_data(as_text=True)
    for words in ("Envío a la entidad estatal", "Rechazo", "Reenvío a la entidad estatal", "Aprobación", "Pago",
                  "Falta la firma del informe", "Pagado: $ 3.000.000"):
        assert words in page, words
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentRequest.id))) == 1  # edited in place, never a new one
        sendings = db.session.scalars(select(PaymentEvent).where(PaymentEvent.action.in_(["enviar", "reenviar"]))
                                      .order_by(PaymentEvent.id)).all()
        assert [e.values["total"] for e in sendings] == [3_000_000, 3_000_000]
        assert sendings[0].values["documents"]
