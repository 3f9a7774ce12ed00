"""The reviewer's values when approving: "Fecha de recepción original", "Código de registro presupuestal", "Valor a
pagar" and "% amortización de anticipo" on the confirmation page, proposed, checked field by field (nothing typed is
lost, nothing approved on a mistake), stored, shown to both sides, kept in the history, and never changed after."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.helpers import payments as p
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import PaymentEvent, PaymentRequest
from wizard.payments import rules, service


@pytest.fixture
def sent(app, world, as_user):
    client = as_user(world, "s_admin", "s")
    return p.sent_request(client, world["c"], p.instalment_id(app, world["c"], 1))


@pytest.fixture
def luis(world, as_user, sent):
    """The supervisor, signed in once the request is sent (one client: the last sign-in wins)."""
    return as_user(world, "e_user", "e")


def _control(page: str, name: str) -> str:
    """The <input> named `name` on the page."""
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def _field(page: str, name: str) -> str:
    """The field's frame up to its control: label, hint and message."""
    start = page.index(f'id="{name}-field"')
    return page[start:page.index("<input", start)]


def _approved_events(app, payment_id):
    with app.app_context():
        return db.session.scalars(select(PaymentEvent).where(PaymentEvent.payment_request_id == payment_id,
                                                             PaymentEvent.action == "aprobar")).all()


def test_the_confirmation_page_proposes_each_value(app, luis, sent):
    page = luis.get(f"/pagos/{sent}/aprobar").get_data(as_text=True)
    for label in ("Fecha de recepción original", "Código de registro presupuestal", "Valor a pagar",
                  "% amortización de anticipo"):
        assert re.search(rf'<label for="[a-z_]+"( class="required")?>{re.escape(label)}'
                         r'</label>', page), label
    today = rules.today().isoformat()  # sent today: the first sending is the proposed day of reception
    day = _control(page, "fecha_recepcion")
    assert f'value="{today}"' in day and f'max="{today}"' in day
    assert 'value="RP-1"' in _control(page, "rp")  # the contract's RP
    assert 'value="$ 3.000.000"' in _control(page, "valor_a_pagar")  # the request's total
    assert 'value="0"' in _control(page, "amortizacion")
    assert "Confirmar y aprobar" in page and "La aprobación no se puede deshacer" in page


BAD = [
    ("fecha_recepcion", "", "Escriba la fecha de recepción original"),
    ("fecha_recepcion", "2026-13-40", "como día/mes/año"),
    ("fecha_recepcion", "tomorrow", "como día/mes/año"),
    ("fecha_recepcion", "mañana", "no puede ser posterior a hoy"),
    ("fecha_recepcion", "antes de emitir", "no puede ser anterior a la fecha de emisión"),
    ("rp", "", "Escriba el código de registro presupuestal"),
    ("rp", "R" * 41, "como máximo 40 caracteres"),
    ("valor_a_pagar", "", "Escriba el valor a pagar en pesos"),
    ("valor_a_pagar", "tres millones", "solo con números"),
    ("valor_a_pagar", "2.999.999,99", "Escriba el valor a pagar sin centavos: el portal registra pesos enteros"),
    ("valor_a_pagar", "0", "debe ser mayor que cero"),
    ("valor_a_pagar", "-$ 5.000", "debe ser mayor que cero"),
    ("valor_a_pagar", "3.000.001", "no puede ser mayor que el valor total de la solicitud ($ 3.000.000)"),
    ("valor_a_pagar", "9" * 16, "más de 15 cifras"),
    ("amortizacion", "101", "no puede ser mayor que 100"),
    ("amortizacion", "-1", "no puede ser negativo"),
    ("amortizacion", "12,555", "dos decimales como máximo"),
    ("amortizacion", "diez", "como un número de 0 a 100"),
]


@pytest.mark.parametrize("name, value, message", BAD, ids=[f"{n}={v[:12]}" for n, v, _ in BAD])
def test_each_field_says_what_is_wrong_keeps_what_was_typed_and_approves_nothing(app, luis, sent, outbox, name,
                                                                                 value, message):
    if name == "fecha_recepcion" and value in ("mañana", "antes de emitir"):
        with app.app_context():
            issued = db.session.get(PaymentRequest, sent).issued_on
        value = (rules.today() + timedelta(days=1) if value == "mañana" else issued - timedelta(days=1)).isoformat()
    typed = {"fecha_recepcion": rules.today().isoformat(), "rp": "RP-2026-0077", "valor_a_pagar": "2.900.000",
             "amortizacion": "12,5", name: value}
    response = luis.post(f"/pagos/{sent}/aprobar", data=p.review_answers(app, sent, **typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    field = _field(page, name)
    assert message in field and 'aria-invalid="true"' in _control(page, name)  # on the field concerned
    assert "Revise el dato marcado" in page and f'href="#{name}"' in page  # and in the summary, linking to it
    for other, typed_value in typed.items():  # everything typed is kept
        assert f'value="{typed_value}"' in _control(page, other), other
    assert p.state(app, sent) == "enviado" and _approved_events(app, sent) == []
    assert not [m for m in outbox() if "aprobada" in m.subject]


def test_the_same_mistake_through_htmx_answers_the_fragment(app, luis, sent):
    response = luis.post(f"/pagos/{sent}/aprobar", data=p.review_answers(app, sent, valor_a_pagar="0"),
                         headers={"HX-Request": "true", "HX-Target": "main"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in page and "debe ser mayor que cero" in page


def test_approving_records_the_values_shows_them_to_both_sides_and_emails_the_value_to_pay(app, world, luis, sent,
                                                                                           outbox, as_user):
    with app.app_context():
        issued = db.session.get(PaymentRequest, sent).issued_on
    response = luis.post(f"/pagos/{sent}/aprobar", data=p.review_answers(
        app, sent, fecha_recepcion=issued.strftime("%d/%m/%Y"), rp="  RP-2026-0077 ", valor_a_pagar="2900000",
        amortizacion="12,5 %"))
    assert response.status_code == 303 and response.headers["Location"] == f"/pagos/{sent}"
    with app.app_context():
        found = db.session.get(PaymentRequest, sent)
        assert (found.state, found.received_on, found.budget_record, found.amount_to_pay, found.amortization_bp) == \
            ("aprobado", issued, "RP-2026-0077", 2_900_000, 1250)
    [event] = _approved_events(app, sent)
    assert event.values == {"total": 3_000_000, "received_on": issued.isoformat(), "budget_record": "RP-2026-0077",
                            "amount_to_pay": 2_900_000, "amortization_bp": 1250}
    flashed = luis.get(f"/pagos/{sent}").get_data(as_text=True)
    assert "aprobada: valor a pagar $ 2.900.000" in flashed
    for client in (luis, as_user(world, "s_admin", "s")):
        page = client.get(f"/pagos/{sent}").get_data(as_text=True)
        approval = page[page.index('id="aprobacion"'):page.index('id="dinero"')]
        for words in (f"Fecha de recepción original</dt><dd>{issued:%d/%m/%Y}", "RP-2026-0077",
                      "Valor a pagar</dt><dd><b>$ 2.900.000</b>", "(valor total $ 3.000.000)",
                      "% amortización de anticipo</dt><dd>12,5 %"):
            assert words in approval, words
        history = page[page.index('id="hist"'):]
        assert "Valor a pagar: $ 2.900.000" in history and "% amortización de anticipo: 12,5 %" in history
        assert "Código de registro presupuestal: RP-2026-0077" in history
    mails = [m for m in outbox() if "aprobada" in m.subject]
    assert len(mails) == 2 and all("valor a pagar $ 2.900.000" in m.subject for m in mails)
    assert "Valor a pagar: $ 2.900.000" in mails[0].text and "Valor total de la solicitud: $ 3.000.000" in mails[0].text
    pay = as_user(world, "e_user", "e").get(f"/pagos/{sent}/pagar").get_data(as_text=True)
    assert "valor a pagar <b>$ 2.900.000</b>" in pay


def test_an_empty_percentage_is_zero(app, luis, sent):
    assert luis.post(f"/pagos/{sent}/aprobar", data=p.review_answers(app, sent, amortizacion="")).status_code == 303
    with app.app_context():
        assert db.session.get(PaymentRequest, sent).amortization_bp == 0


@pytest.mark.parametrize("who, account, status", [
    ("s_admin", "s", 403),  # the contractor
    ("s_user", "s", 403),  # the supplier's other user
    ("f_admin", "f", 404),  # another entity's administrator
    ("t_admin", "t", 404),  # another supplier
    ("e_pending", "e", 404),  # the entity's user whose access is pending
])
def test_only_the_reviewer_approves_even_with_every_value_right(app, world, as_user, sent, who, account, status):
    client = as_user(world, who, account)
    assert client.get(f"/pagos/{sent}/aprobar").status_code == status
    assert p.approve(app, client, sent).status_code == status
    assert p.state(app, sent) == "enviado" and _approved_events(app, sent) == []


def test_anonymous_cannot_approve(app, client, sent):
    with client.session_transaction() as session:
        session.clear()
    response = p.approve(app, client, sent)
    assert response.status_code in (302, 303) and "/entrar" in response.headers["Location"]
    assert p.state(app, sent) == "enviado"


def test_the_supervisor_and_the_entitys_administrator_approve(app, world, as_user):
    ana = as_user(world, "s_admin", "s")
    first = p.sent_request(ana, world["c"], p.instalment_id(app, world["c"], 1))
    second = p.sent_request(ana, world["c"], p.instalment_id(app, world["c"], 2))
    assert p.approve(app, as_user(world, "e_user", "e"), first).status_code == 303
    assert p.approve(app, as_user(world, "e_admin", "e"), second).status_code == 303
    assert p.state(app, first) == p.state(app, second) == "aprobado"


def test_a_stale_confirmation_page_approves_nothing_even_with_other_values(app, world, luis, sent):
    answers = p.review_answers(app, sent)
    assert luis.post(f"/pagos/{sent}/aprobar", data=answers).status_code == 303
    late = luis.post(f"/pagos/{sent}/aprobar", data={**answers, "valor_a_pagar": "1.000"})
    assert late.status_code == 422 and "otra persona ya actuó" in late.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(PaymentRequest, sent).amount_to_pay == 3_000_000
    assert len(_approved_events(app, sent)) == 1


def test_the_approved_values_never_change(app, world, luis, sent):
    """Whoever calls the service, and whatever reaches the database: the reviewer's values stay as approved."""
    assert p.approve(app, luis, sent, valor_a_pagar="2.500.000", amortizacion="10").status_code == 303
    approved = ("aprobado", 2_500_000, 1000, "RP-1")

    def values():
        with app.app_context():
            found = db.session.get(PaymentRequest, sent)
            return found.state, found.amount_to_pay, found.amortization_bp, found.budget_record

    assert values() == approved
    with app.test_request_context():
        found = db.session.get(PaymentRequest, sent)
        review = {"received_on": found.issued_on, "budget_record": "RP-OTRO", "amount_to_pay": 1, "amortization_bp": 0}
        with pytest.raises(Refused):  # approving again, with other values
            service.approve(found, world["e_user"], review, None)
        db.session.rollback()
        with pytest.raises(ValueError):  # the contractor's edits never write the reviewer's columns
            service.save(db.session.get(PaymentRequest, sent), {"amount_to_pay": 1})
        with pytest.raises(Refused):  # and an approved request takes no edit at all
            service.save(db.session.get(PaymentRequest, sent), {"notes": "otra cosa"})
        with pytest.raises(Refused):
            service.discard(db.session.get(PaymentRequest, sent), world["s_admin"], None)
        db.session.rollback()
    assert values() == approved
    with app.test_request_context():  # paying keeps them
        service.mark_paid(db.session.get(PaymentRequest, sent), world["e_user"], rules.today(), None, None)
    assert values() == ("pagado", *approved[1:])
    with app.app_context():  # the database refuses to clear them or to pay more than the total
        for statement in ("UPDATE payment_requests SET amount_to_pay = NULL WHERE id = :id",
                          "UPDATE payment_requests SET budget_record = NULL WHERE id = :id",
                          "UPDATE payment_requests SET amount_to_pay = total + 1 WHERE id = :id",
                          "UPDATE payment_requests SET amortization_bp = 10001 WHERE id = :id",
                          "UPDATE payment_requests SET state = 'enviado' WHERE id = :id"):
            with pytest.raises(IntegrityError):
                db.session.execute(text(statement), {"id": sent})
            db.session.rollback()
        # nor can a request in edition carry a reviewer's value
        draft = p.make_request(world["c"], world["s_admin"], instalment=5)
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE payment_requests SET amount_to_pay = 1 WHERE id = :id"), {"id": draft})
        db.session.rollback()
    assert values() == ("pagado", *approved[1:])


def test_the_service_checks_the_values_itself(app, world, sent):
    with app.test_request_context():
        found = db.session.get(PaymentRequest, sent)
        base = {"received_on": found.issued_on, "budget_record": "RP-1", "amount_to_pay": 1, "amortization_bp": 0}
        for change, words in [({"amount_to_pay": found.total + 1}, "no puede ser mayor que el valor total"),
                              ({"received_on": rules.today() + timedelta(days=1)}, "posterior a hoy"),
                              ({"budget_record": " "}, "registro presupuestal"),
                              ({"amortization_bp": 10_001}, "de 0 a 100")]:
            with pytest.raises(Refused, match=words):
                service.approve(found, world["e_user"], {**base, **change}, None)
        assert db.session.get(PaymentRequest, sent).state == "enviado"
