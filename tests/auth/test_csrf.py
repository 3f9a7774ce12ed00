"""With CSRF protection on, as in production: a POST without the token is refused, one with it passes."""
import re

import pytest

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import form

pytestmark = pytest.mark.settings(WTF_CSRF_ENABLED=True)


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_registration_without_the_token_is_refused_and_with_it_passes(client):
    refused = client.post("/registro/", data=form())
    assert refused.status_code == 400 and "La página caducó" in refused.get_data(as_text=True)
    token = _token(client.get("/registro/").get_data(as_text=True))
    check_page(client.post("/registro/", data={**form(), "csrf_token": token}), 303, "/registro/confirmar")


def test_the_field_check_takes_the_token_from_htmx_header(client):
    assert client.post("/registro/validar?campo=email", data=form()).status_code == 400
    html = client.get("/registro/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    response = client.post("/registro/validar?campo=email", data=form(), headers={"X-CSRFToken": token})
    assert response.status_code == 200


def test_sign_in_and_sign_out_need_the_token(app, client):
    with app.app_context():
        make_user(username="con.token")
    assert client.post("/entrar", data={"username": "con.token", "password": PASSWORD}).status_code == 400
    token = _token(client.get("/entrar").get_data(as_text=True))
    check_page(client.post("/entrar", data={"username": "con.token", "password": PASSWORD, "csrf_token": token}),
               303, "/escritorio")
    assert client.post("/salir").status_code == 400
    html = client.get("/registro/entidad").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    check_page(client.post("/salir", data={"csrf_token": token}), 303, "/")
