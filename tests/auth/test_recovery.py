"""Olvidé el usuario and Olvidé la contraseña: neutral answers, one-time reset links, limits."""
import time

import pytest
from itsdangerous.timed import TimestampSigner

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import link_in, without_tokens
from wizard.auth import service
from wizard.extensions import db
from wizard.models import User
from wizard.tokens import make_token


@pytest.fixture
def user_id(app):
    with app.app_context():
        return make_user(username="Laura.Diaz", email="Laura@Correo.example")


def test_forgot_username_emails_the_name_and_answers_the_same_for_an_unknown_address(client, outbox, user_id):
    page = check_page(client.get("/entrar/olvide-usuario"))
    assert "<h1>Olvidé el usuario</h1>" in page and ">Correo electrónico<" in page
    known = check_page(client.post("/entrar/olvide-usuario", data={"email": "laura@correo.EXAMPLE"}))
    unknown = check_page(client.post("/entrar/olvide-usuario", data={"email": "nadie@correo.example"}))
    assert (without_tokens(known).replace("laura@correo.EXAMPLE", "X")
            == without_tokens(unknown).replace("nadie@correo.example", "X"))
    assert "Si hay un usuario registrado con el correo" in known
    mails = outbox()
    assert len(mails) == 1 and mails[0].recipient == "Laura@Correo.example"
    assert "Su nombre de usuario es: Laura.Diaz" in mails[0].text and "Laura.Diaz" in mails[0].html


def test_forgot_password_by_name_or_email_answers_the_same_either_way(client, outbox, user_id):
    page = check_page(client.get("/entrar/olvide-contrasena"))
    assert ">Nombre de usuario o correo electrónico<" in page
    by_name = check_page(client.post("/entrar/olvide-contrasena", data={"login": "LAURA.DIAZ"}))
    nobody = check_page(client.post("/entrar/olvide-contrasena", data={"login": "nadie"}))
    assert without_tokens(by_name) == without_tokens(nobody) and "le enviamos un enlace" in by_name
    assert [m.subject for m in outbox()] == ["Restablecer su contraseña del Portal SECOP"]
    assert "/entrar/restablecer/" in outbox()[0].text


def test_recovery_forms_check_their_field_and_never_fail_on_garbage(client):
    assert "Escriba el correo electrónico" in check_page(client.post("/entrar/olvide-usuario", data={}), 422)
    assert "Escriba un correo electrónico válido" in check_page(
        client.post("/entrar/olvide-usuario", data={"email": "x" * 100_000}), 422)
    assert "Escriba su nombre de usuario o su correo" in check_page(
        client.post("/entrar/olvide-contrasena", data={"login": " "}), 422)
    check_page(client.post("/entrar/olvide-contrasena", data={"login": "\x00" * 1000}), 422)


def test_the_reset_link_sets_a_new_password_once_and_leads_to_entrar(app, client, outbox, user_id):
    client.post("/entrar/olvide-contrasena", data={"login": "laura@correo.example"})
    path = link_in(outbox()[0].text)
    html = check_page(client.get(path))
    assert ">Nueva contraseña<" in html and ">Confirmar<" in html
    html = check_page(client.post(path, data={"password": "corta1", "confirm": "corta1"}), 422)
    assert "al menos 8 caracteres" in html
    html = check_page(client.post(path, data={"password": "Nueva2026clave", "confirm": "Otra2026clave"}), 422)
    assert "no coinciden" in html
    check_page(client.post(path, data={"password": "Nueva2026clave", "confirm": "Nueva2026clave"}), 303, "/entrar")
    assert "Su contraseña fue cambiada" in client.get("/entrar").get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user.check_password("Nueva2026clave") and not user.check_password(PASSWORD)
    # used: the link no longer works
    html = check_page(client.get(path), 404)
    assert "no es válido o ya fue usado" in html and 'href="/entrar/olvide-contrasena"' in html
    check_page(client.post(path, data={"password": "Tercera2026", "confirm": "Tercera2026"}), 404)
    assert client.post("/entrar", data={"username": "laura.diaz", "password": "Nueva2026clave"}).status_code == 303


def test_a_reset_link_expires_after_reset_max_age(app, client, user_id, monkeypatch):
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - 3 * 3600))
    with app.test_request_context():
        token = service.reset_token(db.session.get(User, user_id))
    monkeypatch.undo()
    assert "El enlace venció" in check_page(client.get(f"/entrar/restablecer/{token}"), 410)


def test_an_activation_token_is_not_a_reset_token(app, client, user_id):
    from wizard.registration.service import activation_token

    with app.test_request_context():
        user = db.session.get(User, user_id)
        tokens = [activation_token(user), make_token("reset", {"u": user.id}), make_token("reset", [user.id, "0"])]
    for token in [*tokens, "x", "y" * 1000]:
        check_page(client.get(f"/entrar/restablecer/{token}"), 404)


def test_resetting_the_password_activates_an_unactivated_user(app, client, outbox):
    with app.app_context():
        user_id = make_user(activated=False, username="sin.activar", email="sin@correo.example")
    client.post("/entrar/olvide-contrasena", data={"login": "sin.activar"})
    path = link_in(outbox()[0].text)
    client.post(path, data={"password": "Nueva2026clave", "confirm": "Nueva2026clave"})
    with app.app_context():
        assert db.session.get(User, user_id).activated_at is not None


def test_recovery_requests_are_rate_limited(client, user_id):
    codes = [client.post("/entrar/olvide-usuario", data={"email": f"n{n}@correo.example"}).status_code
             for n in range(6)]
    assert codes == [200] * 5 + [429]
    codes = [client.post("/entrar/olvide-contrasena", data={"login": f"n{n}"}).status_code for n in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_second_request_within_a_minute_sends_no_second_email(client, outbox, user_id):
    for _ in range(2):
        client.post("/entrar/olvide-usuario", data={"email": "laura@correo.example"})
        client.post("/entrar/olvide-contrasena", data={"login": "laura.diaz"})
    assert len(outbox()) == 2
