"""The brake on guessing passwords: per user name and address, and per user name from anywhere, without a lock.

The user name the limits count is the one sign-in looks up (NULs dropped, any case, form or JSON body), and no
one can lock the owner out: from another address the owner signs in as usual, and while the name is under attack
from many addresses the right password brings a one-time link by email instead of a refusal.
"""
import pytest

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import link_in, without_tokens

UNDER_ATTACK = "Este usuario recibió muchos intentos fallidos de entrar"
LINK_SUBJECT = "Su enlace para entrar al Portal SECOP"


@pytest.fixture
def users(app):
    with app.app_context():
        return make_user(username="laura.diaz", email="laura@correo.example"), make_user(username="otro.usuario")


def attempt(client, username="laura.diaz", password="mala2026clave", address="10.0.0.1", json=False):
    body = {"username": username, "password": password}
    kwargs = {"json": body} if json else {"data": body}
    return client.post("/entrar", environ_base={"REMOTE_ADDR": address}, **kwargs)


def test_nul_characters_in_the_name_do_not_make_a_fresh_count(client, users):
    """'laura.diaz' plus one more NUL each try is the same user: the sixth try is refused, right password or not."""
    assert [attempt(client, "laura.diaz" + "\x00" * n).status_code for n in range(1, 6)] == [422] * 5
    response = attempt(client, "laura.diaz\x00\x00\x00\x00\x00\x00", PASSWORD)
    assert response.status_code == 429 and "Demasiados intentos" in response.get_data(as_text=True)


def test_a_json_body_is_counted_for_its_own_user_name(client, users):
    assert [attempt(client, json=True).status_code for _ in range(5)] == [422] * 5
    assert attempt(client, password=PASSWORD).status_code == 429  # the same name, now as a form
    # and the failures of one name in JSON are not everyone's: another user still signs in by JSON
    check_page(attempt(client, "otro.usuario", PASSWORD, json=True), 303, "/escritorio")


def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(app, users):
    attacker, owner = app.test_client(), app.test_client()
    assert [attempt(attacker).status_code for _ in range(5)] == [422] * 5
    html = attempt(attacker, password=PASSWORD).get_data(as_text=True)
    assert "Demasiados intentos" in html and "Olvidé la contraseña" in html and "10 minutos" in html
    check_page(attempt(owner, password=PASSWORD, address="10.9.9.9"), 303, "/escritorio")


def _attack_from_many_addresses(app, times=10):
    for n in range(times):
        check_page(attempt(app.test_client(), address=f"10.1.{n}.1"), 422)


def test_under_attack_the_right_password_sends_a_one_time_link_and_a_wrong_one_looks_the_same(app, outbox, users):
    _attack_from_many_addresses(app)
    wrong = check_page(attempt(app.test_client(), address="10.2.0.1"), 422)
    assert UNDER_ATTACK in wrong and "le enviamos a su correo un enlace para entrar" in wrong
    assert outbox() == []
    owner = app.test_client()
    right = check_page(attempt(owner, password=PASSWORD, address="10.3.0.1"), 422)
    assert without_tokens(right) == without_tokens(wrong)  # the page says nothing of whether the password was right
    assert owner.get("/usuario/registros").status_code == 303  # not signed in by the password alone
    mails = outbox()
    assert [(m.recipient, m.subject) for m in mails] == [("laura@correo.example", LINK_SUBJECT)]
    assert "15 minutos" in mails[0].text and "una sola vez" in mails[0].text

    path = link_in(mails[0].text)
    page = check_page(owner.get(path))  # a mail scanner's GET signs nobody in
    assert "<h1>Entrar con el enlace</h1>" in page and ">Entrar</button>" in page
    assert owner.get("/usuario/registros").status_code == 303
    check_page(owner.post(path), 303, "/escritorio")
    check_page(owner.get("/usuario/registros"))
    # one time only, from any browser
    assert "ya fue usado" in check_page(app.test_client().post(path), 404)


def test_under_attack_the_link_is_sent_at_most_once_a_minute(app, outbox, users):
    _attack_from_many_addresses(app)
    for n in range(3):
        attempt(app.test_client(), password=PASSWORD, address=f"10.4.{n}.1")
    assert len(outbox()) == 1


def test_an_unknown_user_name_under_attack_looks_like_a_known_one(app, outbox, users):
    _attack_from_many_addresses(app)
    known = check_page(attempt(app.test_client(), address="10.5.0.1"), 422)
    for n in range(10):
        attempt(app.test_client(), username="nadie.aqui", address=f"10.6.{n}.1")
    unknown = check_page(attempt(app.test_client(), username="nadie.aqui", address="10.5.0.2"), 422)
    assert without_tokens(known).replace("laura.diaz", "X") == without_tokens(unknown).replace("nadie.aqui", "X")
    assert outbox() == []


def test_a_forged_or_stale_sign_in_link_is_refused(app, client, users):
    assert "no es válido" in check_page(client.get("/entrar/enlace/no-es-un-enlace"), 404)
    assert client.post("/entrar/enlace/" + "x" * 5000).status_code == 404
    assert client.get("/usuario/registros").status_code == 303
