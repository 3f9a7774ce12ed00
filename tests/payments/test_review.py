"""Who may do what, and what cannot happen: the authorisation matrix, the supervisor's review with its one outcome
for a double tap or two supervisors, and the immutability of approved and paid requests."""
import pytest
from sqlalchemy import select

from tests.helpers import payments as p
from tests.helpers.factories import add_member, make_user
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Contract, PaymentEvent, PaymentRequest, State
from wizard.payments import rules, service


@pytest.fixture
def sent(app, world, as_user):
    client = as_user(world, "s_admin", "s")
    return p.sent_request(client, world["c"], p.instalment_id(app, world["c"], 1))


SUPPLIER_ROUTES = ["/pagos/{id}/factura", "/pagos/{id}/valores", "/pagos/{id}/documentos", "/pagos/{id}/confirmar"]
REVIEW_ROUTES = ["/pagos/{id}/aprobar", "/pagos/{id}/rechazar", "/pagos/{id}/pagar"]


@pytest.mark.parametrize("who, account, detail, supplier, review", [
    ("t_admin", "t", 404, 404, 404),  # another supplier: nothing is there
    ("f_admin", "f", 404, 404, 404),  # another entity's user
    ("e_pending", "e", 404, 404, 404),  # the entity's user whose access is pending
    ("e_admin", "e", 200, 403, 200),  # the entity's administrator reviews every contract
    ("e_user", "e", 200, 403, 200),  # the supervisor
    ("s_user", "s", 200, 302, 403),  # the supplier's other user: sees; a sent request sends them to its page
])
def test_the_authorisation_matrix(app, client, world, as_user, sent, who, account, detail, supplier, review):
    as_user(world, who, account)
    assert client.get(f"/pagos/{sent}").status_code == detail
    for route in SUPPLIER_ROUTES:
        status = client.get(route.format(id=sent)).status_code
        assert status == (303 if supplier == 302 else supplier), route
    for route in REVIEW_ROUTES:
        assert client.get(route.format(id=sent)).status_code == review, route
        if review != 200:
            assert client.post(route.format(id=sent), data={"motivo": "x", "fecha": "2026-12-01"}).status_code == review
    assert p.state(app, sent) == "enviado"


def test_a_non_supervisor_entity_user_sees_but_does_not_review(app, client, world, as_user, sent):
    with app.app_context():
        other = make_user(full_name="Olga Otra Funcionaria")
        add_member(other, world["e"], state=State.ACEPTADO)
    client = as_user({"u": other, "e": world["e"]}, "u", "e")
    page = client.get(f"/pagos/{sent}").get_data(as_text=True)
    assert "Enviado por el Proveedor" in page and "Aprobar" not in page
    assert client.post(f"/pagos/{sent}/aprobar").status_code == 403
    assert client.get("/entidad/pagos").status_code == 200
    assert "Pago 001" not in client.get("/entidad/pagos").get_data(as_text=True)


def test_anonymous_is_sent_to_sign_in(app, client, sent, world):
    with client.session_transaction() as session:
        session.clear()
    for route in ["/pagos/{id}", "/pagos/{id}/aprobar", "/pagos/{id}/valores", "/entidad/pagos"]:
        response = client.get(route.format(id=sent))
        assert response.status_code in (302, 303) and "/entrar" in response.headers["Location"], route


def test_a_request_in_edition_is_the_suppliers_alone(app, world, as_user):
    ana = as_user(world, "s_admin", "s")
    payment_id = p.start(ana, world["c"], p.instalment_id(app, world["c"], 4))
    luis = as_user(world, "e_user", "e")
    assert luis.get(f"/pagos/{payment_id}").status_code == 404
    assert "En preparación" in luis.get(f"/contratos/{world['c']}").get_data(as_text=True)


def test_the_entity_cannot_write_the_suppliers_request(app, world, as_user, sent):
    luis = as_user(world, "e_user", "e")
    assert luis.post(f"/contratos/{world['c']}/pagos/nuevo", data={"factura": "no"}).status_code == 403
    assert luis.post(f"/pagos/{sent}/confirmar").status_code == 403


def test_a_double_tap_on_confirmar_y_aprobar_approves_once_and_says_so(app, world, as_user, sent, outbox):
    luis = as_user(world, "e_user", "e")
    answers = p.review_answers(app, sent)
    assert luis.post(f"/pagos/{sent}/aprobar", data=answers).status_code == 303
    again = luis.post(f"/pagos/{sent}/aprobar", data=answers)
    text = again.get_data(as_text=True)
    assert again.status_code == 422 and "otra persona ya actuó" in text and "Aprobado" in text
    with app.app_context():
        assert db.session.scalars(select(PaymentEvent.action).where(
            PaymentEvent.payment_request_id == sent)).all().count("aprobar") == 1
    assert len([m for m in outbox() if "aprobada" in m.subject]) == 2  # Ana and Sergio, once each


def test_two_supervisors_one_rejects_while_the_other_approves_one_outcome(app, world, as_user, sent):
    answers = p.review_answers(app, sent)
    version = answers["version"]
    admin = app.test_client()
    as_user(world, "e_user", "e").post(f"/pagos/{sent}/rechazar", data={"motivo": "Falta firma", "version": version})
    with app.app_context():
        from wizard.models import User
        session_id = db.session.get(User, world["e_admin"]).session_id
    with admin.session_transaction() as session:
        session["_user_id"], session["_fresh"], session["account_id"] = session_id, True, world["e"]
    late = admin.post(f"/pagos/{sent}/aprobar", data=answers)
    assert late.status_code == 422 and "Rechazado" in late.get_data(as_text=True)
    assert p.state(app, sent) == "rechazado"


def test_an_approved_request_can_no_longer_be_changed_by_anyone(app, world, as_user, sent):
    luis = as_user(world, "e_user", "e")
    assert p.approve(app, luis, sent).status_code == 303
    ana = as_user(world, "s_admin", "s")
    for route, data in [("/pagos/{id}/factura", {"factura": "no", "numero": "Pago 999"}),
                        ("/pagos/{id}/valores", {**p.VALUES, "valor_total": "3.500.000"}),
                        ("/pagos/{id}/documentos", p.PAYROLL), ("/pagos/{id}/confirmar", {})]:
        response = ana.post(route.format(id=sent), data=data)
        assert response.status_code in (303, 422) and response.headers.get("Location") != route, route
    response = ana.post(f"/pagos/{sent}/documentos/informe", data=p.upload(p.PDF, "otro.pdf"),
                        content_type="multipart/form-data")
    assert response.headers["Location"] == f"/pagos/{sent}"
    assert "ya no se puede cambiar" in ana.get(f"/pagos/{sent}").get_data(as_text=True)
    with app.test_request_context():
        found = db.session.get(PaymentRequest, sent)
        assert (found.number, found.total) == ("Pago 001", 3_000_000)
        with pytest.raises(Refused):
            service.save(found, {"total": 1})  # the service itself refuses, whoever calls it
        with pytest.raises(Refused):
            service.reject(db.session.get(PaymentRequest, sent), world["e_user"], "tarde", None)
        assert db.session.get(PaymentRequest, sent).total == 3_000_000
    assert "Editar" not in as_user(world, "s_admin", "s").get(f"/pagos/{sent}").get_data(as_text=True)


def test_marcar_como_pagado_with_a_support_and_a_real_date(app, world, as_user, sent, outbox):
    luis = as_user(world, "e_user", "e")
    assert p.approve(app, luis, sent).status_code == 303
    future = luis.post(f"/pagos/{sent}/pagar", data={"fecha": "2099-01-01"}, content_type="multipart/form-data")
    assert future.status_code == 422 and "Fecha real de pago" in future.get_data(as_text=True)
    bad_file = luis.post(f"/pagos/{sent}/pagar", data={"fecha": rules.today().isoformat(),
                                                       **p.upload(b"MZ\x90\x00", "pago.exe")},
                         content_type="multipart/form-data")
    assert bad_file.status_code == 422 and p.state(app, sent) == "aprobado"
    done = luis.post(f"/pagos/{sent}/pagar", data={"fecha": rules.today().isoformat(),
                                                   **p.upload(p.PDF, "egreso.pdf")},
                     content_type="multipart/form-data")
    assert done.status_code == 303 and p.state(app, sent) == "pagado"
    page = luis.get(f"/pagos/{sent}").get_data(as_text=True)
    assert "egreso.pdf" in page and "Pagado" in page and "Marcar como pagado" not in page
    assert [m.recipient for m in outbox() if "pagada" in m.subject]


def test_the_paid_email_says_the_value_paid_and_the_sent_one_speaks_to_usted(app, world, as_user, sent, outbox):
    """Approved for less than the total (an advance amortised), the «pagada» email said «Valor: $ 3.000.000», the
    total, not what was paid; and the supervisor was asked to «apruébela o recházala» (usted, then tú)."""
    luis = as_user(world, "e_user", "e")
    assert p.approve(app, luis, sent, valor_a_pagar="2.900.000").status_code == 303
    assert luis.post(f"/pagos/{sent}/pagar", data={"fecha": rules.today().isoformat()},
                     content_type="multipart/form-data").status_code == 303
    paid = next(m for m in outbox() if m.subject.endswith("pagada"))
    for body in (paid.text, paid.html.replace("<b>", "").replace("</b>", "")):
        assert "Valor pagado: $ 2.900.000" in body and "Valor total de la solicitud: $ 3.000.000" in body
        assert "Valor: $ 3.000.000" not in body
    to_luis = next(m for m in outbox() if m.subject.startswith("Nueva solicitud de pago"))
    for body in (to_luis.text, to_luis.html):
        assert "apruébela o rechácela con el motivo" in body and "recházala" not in body


def test_rechazar_says_what_happens_without_guessing_the_contractors_gender(app, world, as_user, sent):
    """«él corrige esta misma solicitud» was read by the supervisor of Ana María."""
    page = as_user(world, "e_user", "e").get(f"/pagos/{sent}/rechazar").get_data(as_text=True)
    assert "La solicitud vuelve al contratista con el motivo, que le llega por correo, para que corrija esta misma " \
           "solicitud y la envíe de nuevo." in page and " él " not in page


def test_marcar_como_pagado_names_the_dates_and_the_supports_problems_at_once(app, world, as_user, sent):
    """Without JavaScript the file must be chosen again after a wrong date: its own problem is said the first time."""
    luis = as_user(world, "e_user", "e")
    assert p.approve(app, luis, sent).status_code == 303
    both = luis.post(f"/pagos/{sent}/pagar", data={"fecha": "2099-01-01", **p.upload(b"hola", "nota.txt")},
                     content_type="multipart/form-data")
    html = both.get_data(as_text=True)
    assert both.status_code == 422 and p.state(app, sent) == "aprobado"
    assert "La fecha real de pago no puede ser posterior a hoy" in html
    assert "Anexe el documento en PDF o en un ZIP con sus soportes" in html


def test_the_escritorio_card_counts_the_requests_to_review(app, world, as_user, sent):
    page = as_user(world, "e_user", "e").get("/cuenta/escritorio").get_data(as_text=True)
    assert "Pagos por revisar" in page and "<b class=\"count\">1</b>" in page
    # the card's own name is a link too (as "Contratos" and "Circulares" on their cards): the README's words
    assert '<a class="button secondary" href="/entidad/pagos">Pagos por revisar</a>' in page
    assert "Pagos por revisar" not in as_user(world, "s_admin", "s").get("/cuenta/escritorio").get_data(as_text=True)


def test_the_supervisors_list_is_oldest_first_and_paginated(app, world, as_user):
    with app.app_context():
        ids = [p.make_request(world["c"], world["s_admin"], instalment=n, total=1_000_000, state="enviado")
               for n in range(1, 12)]
    page = as_user(world, "e_user", "e").get("/entidad/pagos").get_data(as_text=True)
    assert page.index(f"/pagos/{ids[0]}\"") < page.index(f"/pagos/{ids[5]}\"")
    assert "11 solicitudes por revisar." in page  # the whole count, not only this page's twenty
    with app.app_context():
        from wizard.payments import queries
        from wizard.models import Membership
        membership = db.session.scalar(select(Membership).where(Membership.user_id == world["e_user"]))
        assert queries.to_review(membership, 1, per_page=5).pages == 3


def _next_link(page: str) -> str | None:
    """The address of "Siguiente solicitud por revisar" on a request's page, or None."""
    import re
    found = re.search(r'<a class="button[^"]*" href="(/pagos/\d+)"[^>]*>Siguiente solicitud por revisar</a>', page)
    return found.group(1) if found else None


def test_after_each_decision_the_next_request_to_review_is_one_tap_away(app, world, as_user, outbox):
    """A supervisor with forty requests: after «Aprobar» or «Rechazar» the page offers the next one waiting (in the
    list's order), and says when none is left, without going back to "Pagos por revisar"."""
    with app.app_context():
        ids = [p.make_request(world["c"], world["s_admin"], instalment=n, total=1_000_000, state="enviado")
               for n in range(1, 4)]
    luis = as_user(world, "e_user", "e")
    page = luis.get(f"/pagos/{ids[0]}").get_data(as_text=True)
    assert _next_link(page) == f"/pagos/{ids[1]}" and "Quedan 2 solicitudes por revisar además de esta" in page
    assert p.approve(app, luis, ids[0]).status_code == 303
    page = luis.get(f"/pagos/{ids[0]}").get_data(as_text=True)
    assert _next_link(page) == f"/pagos/{ids[1]}" and "Quedan 2 solicitudes por revisar." in page
    assert luis.post(f"/pagos/{ids[1]}/rechazar", data={"motivo": "Falta la firma"}).status_code == 303
    page = luis.get(f"/pagos/{ids[1]}").get_data(as_text=True)
    assert _next_link(page) == f"/pagos/{ids[2]}" and "Queda 1 solicitud por revisar." in page
    assert _next_link(luis.get(f"/pagos/{ids[2]}").get_data(as_text=True)) is None  # the last one: none after it
    assert p.approve(app, luis, ids[2]).status_code == 303
    page = luis.get(f"/pagos/{ids[2]}").get_data(as_text=True)
    assert _next_link(page) is None and "No quedan solicitudes por revisar" in page


def test_the_next_request_wraps_to_the_oldest_and_is_only_the_reviewers(app, world, as_user):
    with app.app_context():
        ids = [p.make_request(world["c"], world["s_admin"], instalment=n, total=1_000_000, state="enviado")
               for n in range(1, 3)]
    luis = as_user(world, "e_user", "e")
    assert _next_link(luis.get(f"/pagos/{ids[1]}").get_data(as_text=True)) == f"/pagos/{ids[0]}"
    with app.app_context():
        other = make_user(full_name="Olga Otra Funcionaria")
        add_member(other, world["e"], state=State.ACEPTADO)
    page = as_user({"u": other, "e": world["e"]}, "u", "e").get(f"/pagos/{ids[0]}").get_data(as_text=True)
    assert "Siguiente solicitud por revisar" not in page and "por revisar" not in page.split("<h1", 1)[1]
    page = as_user(world, "s_admin", "s").get(f"/pagos/{ids[0]}").get_data(as_text=True)
    assert "Siguiente solicitud por revisar" not in page


def test_the_next_request_is_never_one_of_a_contract_someone_else_supervises(app, world, as_user):
    """Luis is offered only the requests of the contracts he supervises; the entity's administrator, all of them."""
    from tests.helpers.contracts import make_contract

    with app.app_context():
        olga = make_user(full_name="Olga Otra Supervisora")
        add_member(olga, world["e"], state=State.ACEPTADO)
        hers = make_contract(world["e"], world["e_admin"], olga, number="ESE-CPS-200-2026", nit="1094265871")
        hers_sent = p.make_request(hers, world["s_admin"], instalment=1, total=1_000_000, state="enviado")
        his = [p.make_request(world["c"], world["s_admin"], instalment=n, total=1_000_000, state="enviado")
               for n in range(1, 3)]
    luis = as_user(world, "e_user", "e")
    page = luis.get(f"/pagos/{his[1]}").get_data(as_text=True)
    assert _next_link(page) == f"/pagos/{his[0]}" and f"/pagos/{hers_sent}" not in page
    assert _next_link(luis.get(f"/pagos/{his[0]}").get_data(as_text=True)) == f"/pagos/{his[1]}"
    edith = as_user(world, "e_admin", "e")
    offered = {_next_link(edith.get(f"/pagos/{n}").get_data(as_text=True)) for n in (*his, hers_sent)}
    assert f"/pagos/{hers_sent}" in offered


def test_the_money_picture_adds_up_and_the_contract_no_longer_corrects_once_a_request_is_sent(app, world, as_user,
                                                                                                sent):
    page = as_user(world, "e_admin", "e").get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "Enviado por el Proveedor: $ 3.000.000" in page and "Por facturar: $ 33.000.000" in page
    response = as_user(world, "e_admin", "e").post(
        f"/entidad/contratos/{world['c']}/presupuesto",
        data={"cdp": "CDP-2", "rp": "RP-2", "rubro": "2.1", "fuente": "recursos_propios"})
    assert response.status_code == 422 and "ya tiene solicitudes de pago enviadas" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Contract, world["c"]).cdp == "CDP-1"


def test_once_a_request_is_sent_the_contracts_page_says_so_instead_of_offering_corrections(app, world, as_user,
                                                                                            sent):
    """"Corregir" links that only lead to a refusal after typing are not offered; the page says why once, and a
    correction's address sends back to it with the reason. "Terminar contrato" and the payment documents remain."""
    admin = as_user(world, "e_admin", "e")
    page = admin.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "El contrato ya tiene solicitudes de pago enviadas: sus datos y su plan de pagos ya no se pueden " \
           "corregir." in page
    assert ">Corregir<" not in page and "Corregir el contratista" not in page
    assert "Terminar contrato" in page and "documentos-de-pago\"" in page
    for step in ("datos", "contratista", "presupuesto", "cuotas", "documentos"):
        response = admin.get(f"/entidad/contratos/{world['c']}/{step}")
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/contratos/{world['c']}"), step
    assert admin.get(f"/contratos/{world['c']}").get_data(as_text=True).count("ya no se pueden corregir") == 1
    assert admin.get(f"/entidad/contratos/{world['c']}/documentos-de-pago").status_code == 200
    assert admin.get(f"/entidad/contratos/{world['c']}/terminar").status_code == 200


def _queries(app, client, path) -> int:
    from sqlalchemy import event

    count = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: count.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(count)


def test_the_supervisors_list_and_the_plan_cost_the_same_queries_with_few_or_many_requests(app, world, as_user):
    luis = as_user(world, "e_user", "e")
    with app.app_context():
        for n in range(1, 3):
            p.make_request(world["c"], world["s_admin"], instalment=n, total=1_000_000, state="enviado")
    few = _queries(app, luis, "/entidad/pagos"), _queries(app, luis, f"/contratos/{world['c']}")
    with app.app_context():
        for n in range(3, 12):
            p.make_request(world["c"], world["s_admin"], instalment=n, total=1_000_000, state="enviado")
    assert (_queries(app, luis, "/entidad/pagos"), _queries(app, luis, f"/contratos/{world['c']}")) == few


def test_the_history_of_a_resend_shows_the_notes_so_their_correction_is_seen(app, world, as_user):
    ana = as_user(world, "s_admin", "s")
    payment_id = p.sent_request(ana, world["c"], p.instalment_id(app, world["c"], 1))
    with app.app_context():
        version = db.session.get(PaymentRequest, payment_id).version
    luis = as_user(world, "e_user", "e")
    luis.post(f"/pagos/{payment_id}/rechazar", data={"motivo": "Corrija las notas", "version": version})
    ana = as_user(world, "s_admin", "s")
    p.fill_values(ana, payment_id, {**p.VALUES, "notas": "Pago de marzo, corregido"})
    assert p.send(ana, payment_id).status_code == 303
    html = ana.get(f"/pagos/{payment_id}").get_data(as_text=True)
    assert "Notas: Pago de marzo;" in html and "Notas: Pago de marzo, corregido" in html
    assert "Número de planilla: 9876543210" in html


def test_editing_a_rejected_request_does_not_say_it_is_en_edicion(app, world, as_user):
    """Every step said «la solicitud queda «En edición»» under the badge «Rechazado»: it stays rejected until resent."""
    ana = as_user(world, "s_admin", "s")
    payment_id = p.sent_request(ana, world["c"], p.instalment_id(app, world["c"], 1))
    with app.app_context():
        version = db.session.get(PaymentRequest, payment_id).version
    as_user(world, "e_user", "e").post(f"/pagos/{payment_id}/rechazar", data={"motivo": "Falta firma", "version": version})
    ana = as_user(world, "s_admin", "s")
    for step in ("factura", "valores", "documentos", "confirmar"):
        html = ana.get(f"/pagos/{payment_id}/{step}").get_data(as_text=True)
        assert "queda «En edición»" not in html, step
        assert "la solicitud sigue «Rechazado» hasta que la envíe de nuevo" in html, step
    p.fill_values(ana, payment_id)
    assert p.state(app, payment_id) == "rechazado"
