"""A user name under attack, as its owner lives it on a phone: the password alone is not enough, the emailed link is."""
import re

import pytest
from playwright.sync_api import expect

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.mail import text_part
from wizard.auth import brake


@pytest.mark.parametrize("js", [True, False], ids=["js", "sin-js"])
def test_the_owner_of_a_name_under_attack_enters_with_the_emailed_link(request, live_server, smtp_server, js):
    page = request.getfixturevalue("page" if js else "no_js_page")
    with live_server.app.app_context():
        make_user(username="laura.diaz", email="laura@correo.example", full_name="Laura Díaz")
    with live_server.app.test_request_context():
        for _ in range(10):  # wrong passwords from many addresses
            brake.count_failure("laura.diaz")

    page.goto(live_server.url + "/entrar")
    page.get_by_label("Nombre de usuario").fill("laura.diaz")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    notice = page.get_by_role("alert").filter(has_text="Este usuario recibió muchos intentos fallidos de entrar")
    expect(notice).to_contain_text("le enviamos a su correo un enlace para entrar")
    expect(page.get_by_role("button", name="Salir")).to_have_count(0)

    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Su enlace para entrar al Portal SECOP"
    page.goto(re.search(r"http://\S+/entrar/enlace/\S+", text_part(message)).group(0))
    expect(page.get_by_role("heading", name="Entrar con el enlace")).to_be_visible()
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_text("Entró con el enlace de su correo")).to_be_visible()
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_text("Salió del portal")).to_be_visible()
