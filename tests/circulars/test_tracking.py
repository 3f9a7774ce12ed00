""""Seguimiento": filters, "Descargar CSV", reminders at most once every three days per person, and what waits for
a contractor's number elsewhere (the contracts area's hook)."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.circulars.conftest import make_circular, recipient, words
from tests.helpers.factories import make_account, make_user
from tests.helpers.pages import check_page
from wizard.circulars import waiting
from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import CircularRecipient

PEOPLE = [("Ana María Villamizar Duarte", "1094265871", "ana@correo.example"),
          ("=HYPERLINK(\"http://x\")", "70111222", "formula@correo.example"),
          ("Carlos Suárez", "88251234", "carlos@correo.example")]


@pytest.fixture
def followed(app, entity):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], PEOPLE)
        ana = make_user(full_name="Ana María Villamizar Duarte", email="ana@correo.example")
        make_account(ana, name="Ana María Villamizar Duarte", nit="1094265871",
                     organization_type="persona_natural_colombiana")
        other = make_circular(entity["other"], entity["other_admin"], [("Ajeno", "99887766", "ajeno@correo.example")])
        ids = {n: recipient(cid, n).id for _, n, _ in PEOPLE}
        return {"circular": cid, "ids": ids, "foreign": recipient(other, "99887766").id}


def test_the_list_shows_each_persons_state_and_filters_by_it(app, entity, login_as, followed):
    client = login_as(entity["clerk"], entity["hospital"])
    cid = followed["circular"]
    html = check_page(client.get(f"/cuenta/circulares/{cid}/seguimiento"))
    text = words(html)
    assert "3 personas" in text and "En la circular: 3" in text and "Cuenta de Proveedor creada (en total): 1" in text
    # the funnel (everyone who got that far) and the tiles (where each person is now) say which number is which
    assert "Cuántos llegaron a cada paso" in text and "Dónde está cada persona ahora" in text
    assert "1 Cuenta de Proveedor creada ahora" in text
    assert 'role="img"' in html and "style=" not in html
    assert 'id="sel-%d"' % followed["ids"]["1094265871"] not in html  # done: nothing to remind
    html = check_page(client.get(f"/cuenta/circulares/{cid}/seguimiento?estado=sin_registrarse"))
    assert "Carlos Suárez" in html and "Ana María" not in html and "2 personas" in words(html)
    html = check_page(client.get(f"/cuenta/circulares/{cid}/seguimiento?q=1094265871"))
    assert "Ana María" in html and "Carlos" not in html and "1 persona que coincide con «1094265871»" in words(html)
    fragment = check_page(client.get(f"/cuenta/circulares/{cid}/seguimiento?estado=cuenta",
                                     headers={"HX-Request": "true", "HX-Target": "seguimiento"}))
    assert "<html" not in fragment and "Ana María" in fragment and "Carlos" not in fragment
    check_page(client.get(f"/cuenta/circulares/{cid}/seguimiento?estado=nada&page=-4&q=%00"))


def test_the_csv_has_every_row_of_the_filter_as_a_spreadsheet_reads_it_never_a_formula(app, entity, login_as, followed):
    client = login_as(entity["clerk"], entity["hospital"])
    response = client.get(f"/cuenta/circulares/{followed['circular']}/seguimiento.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="seguimiento-circular-0014-2026.csv"' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    lines = text.lstrip("\ufeff").splitlines()
    assert text.startswith("\ufeff") and lines[0].startswith("Nombre;Cédula o NIT;Correo electrónico;Origen;Estado")
    assert lines[1].startswith("Ana María Villamizar Duarte;1094265871;ana@correo.example;Lista;Cuenta de Proveedor creada")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[2][0] == "'=HYPERLINK(\"http://x\")" and len(rows) == 4
    only = client.get(f"/cuenta/circulares/{followed['circular']}/seguimiento.csv?estado=cuenta").get_data(as_text=True)
    assert len(only.splitlines()) == 2


def test_a_reminder_goes_to_the_selected_not_yet_done_at_most_once_every_three_days(
        app, entity, login_as, followed, outbox):
    client = login_as(entity["clerk"], entity["hospital"])
    cid, ids = followed["circular"], followed["ids"]
    url = f"/cuenta/circulares/{cid}/recordatorios"
    everyone = [str(i) for i in ids.values()] + [str(followed["foreign"])]
    check_page(client.post(url, data={"ids": everyone}), 303)
    mails = outbox()
    assert sorted(m.recipient for m in mails) == ["carlos@correo.example", "formula@correo.example"]
    carlos = next(m for m in mails if m.recipient == "carlos@correo.example")
    assert carlos.subject == "Recordatorio: E.S.E. Hospital San Juan de Dios de Pamplona: CIRCULAR No. 0014-2026"
    with app.app_context():
        token = db.session.get(CircularRecipient, ids["88251234"]).token
    assert "Aún no se ha registrado" in carlos.text and f"/circular/personal/{token}" in carlos.text
    html = check_page(client.get(f"/cuenta/circulares/{cid}/seguimiento"))
    assert "(1 en total)" in html and "Nunca" in html  # Ana, done, was never reminded
    assert "Enviar recordatorio por David Durán: sigue «Publicada» (2 recordatorios)" in words(
        check_page(client.get(f"/cuenta/circulares/{cid}")))
    # at once again, by htmx: refused for both, and said why
    answer = client.post(url, data={"ids": [str(ids["88251234"]), str(ids["1094265871"])]},
                         headers={"HX-Request": "true", "HX-Target": "seguimiento"})
    text = words(check_page(answer, 422))
    assert "No se envió ningún recordatorio." in text
    assert "Carlos Suárez: ya recibió un recordatorio el" in text and "una vez cada 3 días" in text
    assert "Ana María Villamizar Duarte: ya tiene su Cuenta de Proveedor creada." in text
    assert len(outbox()) == 2
    with app.app_context():  # three days later it may go again
        row = db.session.get(CircularRecipient, ids["88251234"])
        row.reminded_at = utcnow() - timedelta(days=3, minutes=1)
        db.session.commit()
    check_page(client.post(url, data={"ids": [str(ids["88251234"])]}), 303)
    assert len(outbox()) == 3
    with app.app_context():
        assert db.session.get(CircularRecipient, ids["88251234"]).reminders == 2
        assert db.session.get(CircularRecipient, followed["foreign"]).reminders == 0
    check_page(client.post(url, data={}), 303)  # nothing selected: said, nothing sent
    assert len(outbox()) == 3


def test_a_reminder_says_what_is_missing_for_someone_registered_or_activated(app, entity, login_as, followed, outbox):
    with app.app_context():
        make_user(activated=False, email="carlos@correo.example")
        make_user(email="formula@correo.example")
    client = login_as(entity["clerk"], entity["hospital"])
    ids = followed["ids"]
    client.post(f"/cuenta/circulares/{followed['circular']}/recordatorios",
                data={"ids": [str(ids["88251234"]), str(ids["70111222"])]})
    texts = {m.recipient: m.text for m in outbox()}
    assert "falta activarlo" in texts["carlos@correo.example"] and "/registro/confirmar" in texts["carlos@correo.example"]
    assert "falta crear su cuenta de Proveedor" in texts["formula@correo.example"]


def test_a_draft_sends_no_reminders(app, entity, login_as, outbox):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], [("Carlos", "88251234", "c@correo.example")],
                            published=False)
        rid = recipient(cid, "88251234").id
    client = login_as(entity["admin"], entity["hospital"])
    check_page(client.post(f"/cuenta/circulares/{cid}/recordatorios", data={"ids": [str(rid)]}), 303)
    check_page(client.post(f"/cuenta/circulares/{cid}/invitaciones"), 303)
    assert outbox() == []


def test_the_contract_waiting_for_a_number_shows_on_its_row_in_one_call_per_page(app, entity, login_as, followed):
    calls = []

    def contracts(entity_account_id, numbers):
        calls.append((entity_account_id, numbers))
        return {"88251234": [waiting.Waiting("Contrato ESE-CPS-045-2026", "espera la cuenta con su número")]}

    waiting.provider(contracts)
    try:
        html = check_page(login_as(entity["clerk"], entity["hospital"]).get(
            f"/cuenta/circulares/{followed['circular']}/seguimiento"))
    finally:
        waiting.remove(contracts)
    assert calls == [(entity["hospital"], ["1094265871", "70111222", "88251234"])]
    row = html[html.index(f'id="p-{followed["ids"]["88251234"]}"'):]
    assert "Contrato ESE-CPS-045-2026: espera la cuenta con su número" in words(row[:row.index("</tr>")])
