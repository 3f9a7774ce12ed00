"""A session ends on the server: a cookie captured before "Salir" or a password change opens nothing afterwards."""
import pytest

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import link_in


@pytest.fixture
def user_id(app):
    with app.app_context():
        return make_user(username="laura.diaz", email="laura@correo.example")


def _signed_in(app, username="laura.diaz", password=PASSWORD):
    client = app.test_client()
    check_page(client.post("/entrar", data={"username": username, "password": password}), 303, "/escritorio")
    return client


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _with_cookie(app, value: str):
    """Another browser, given the captured session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_cookie_captured_before_salir_no_longer_opens_mis_registros(app, user_id):
    client = _signed_in(app)
    captured = _cookie(client)
    check_page(_with_cookie(app, captured).get("/usuario/registros"))  # the stolen cookie works while signed in
    check_page(client.post("/salir"), 303, "/")
    response = _with_cookie(app, captured).get("/usuario/registros")
    check_page(response, 303)
    assert "/entrar" in response.headers["Location"]


def test_salir_on_one_device_ends_the_others_too_and_entrar_works_again(app, user_id):
    """The session is one per user (its id is in every cookie): signing out revokes it everywhere."""
    phone, laptop = _signed_in(app), _signed_in(app)
    check_page(phone.post("/salir"), 303, "/")
    assert laptop.get("/usuario/registros").status_code == 303
    check_page(_signed_in(app).get("/usuario/registros"))


def test_a_password_reset_refuses_every_cookie_from_before(app, client, outbox, user_id):
    captured = _cookie(_signed_in(app))
    client.post("/entrar/olvide-contrasena", data={"login": "laura.diaz"})
    path = link_in(outbox()[0].text)
    check_page(client.post(path, data={"password": "Nueva2026clave", "confirm": "Nueva2026clave"}), 303, "/entrar")
    assert _with_cookie(app, captured).get("/usuario/registros").status_code == 303
    check_page(_signed_in(app, password="Nueva2026clave").get("/usuario/registros"))
