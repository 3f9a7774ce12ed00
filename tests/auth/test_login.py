"""Entrar and Salir: user name in any case, one message for wrong pairs, unactivated users, limits, safe next."""
import pytest

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import without_tokens
from wizard.links import safe_next
from wizard.extensions import db
from wizard.models import User

WRONG = "El nombre de usuario o la contraseña no son correctos"


@pytest.fixture
def user_id(app):
    with app.app_context():
        return make_user(username="Laura.Diaz", email="laura@correo.example")


def sign_in(client, username="laura.diaz", password=PASSWORD, next=None, **headers):
    url = "/entrar" + (f"?next={next}" if next else "")
    return client.post(url, data={"username": username, "password": password}, headers=headers)


def test_entrar_has_its_fields_the_recovery_links_and_registro(client):
    html = check_page(client.get("/entrar"))
    assert "<h1>Entrar</h1>" in html
    for text in (">Nombre de usuario<", ">Contraseña<", ">Entrar</button>", ">Olvidé el usuario</a>",
                 ">Olvidé la contraseña</a>", ">Registro</a>"):
        assert text in html, text
    assert 'autocomplete="current-password"' in html


def test_a_user_signs_in_by_name_in_any_case_and_lands_on_the_desk(client, user_id):
    response = sign_in(client, username="LAURA.DIAZ")
    check_page(response, 303, "/escritorio")
    check_page(client.get("/escritorio"), 303, "/registro/entidad")
    assert ">Salir</button>" in client.get("/registro/entidad").get_data(as_text=True)


def test_wrong_password_and_unknown_user_get_the_same_single_message(client, user_id):
    wrong = check_page(sign_in(client, password="Otra2026clave"), 422)
    unknown = check_page(sign_in(client, username="nadie"), 422)
    assert WRONG in wrong
    assert without_tokens(wrong).replace("laura.diaz", "X") == without_tokens(unknown).replace("nadie", "X")
    assert "<title>Error: Entrar" in wrong and PASSWORD not in wrong and 'value="laura.diaz"' in wrong


def test_empty_or_huge_fields_are_told_what_to_write(client):
    html = check_page(client.post("/entrar", data={}), 422)
    assert "Escriba su nombre de usuario" in html and "Escriba su contraseña" in html
    check_page(client.post("/entrar", data={"username": "x" * 100_000, "password": "y" * 100_000}), 422)
    check_page(client.post("/entrar", data={"username": "\x00", "password": "\x00"}), 422)


def test_an_unactivated_user_with_the_right_password_is_told_why_and_can_get_the_email_again(app, client, outbox):
    with app.app_context():
        make_user(activated=False, username="nuevo.usuario", email="nuevo@correo.example")
    html = check_page(sign_in(client, username="nuevo.usuario"))
    assert "Su usuario aún no está activado" in html and "nuevo@correo.example" in html
    assert 'action="/registro/confirmar/reenviar"' in html
    assert client.get("/escritorio").status_code == 303  # not signed in: sent to Entrar
    assert "/entrar" in client.get("/escritorio").headers["Location"]
    check_page(client.post("/registro/confirmar/reenviar"), 303, "/registro/confirmar")
    assert [(m.recipient, m.subject) for m in outbox()] == [("nuevo@correo.example",
                                                               "Activación de su registro en SECOP")]


def test_an_unactivated_user_with_a_wrong_password_learns_nothing(app, client):
    with app.app_context():
        make_user(activated=False, username="nuevo.usuario")
    html = check_page(sign_in(client, username="nuevo.usuario", password="mala2026xx"), 422)
    assert WRONG in html and "activado" not in html


def test_signing_in_starts_a_new_session(client, user_id):
    with client.session_transaction() as session:
        session["plantado"] = "por un atacante"
    sign_in(client)
    with client.session_transaction() as session:
        assert "plantado" not in session and session["_user_id"]


def test_sign_in_goes_back_to_a_safe_next(client, user_id):
    check_page(sign_in(client, next="/registro/entidad?nombre=abc"), 303, "/registro/entidad?nombre=abc")


@pytest.mark.parametrize("target", ["https://malo.example/", "//malo.example/x", "/\\malo.example", "javascript:alert(1)",
                                    "http:/malo.example", "/\x01x"])
def test_sign_in_ignores_a_next_that_leads_elsewhere(client, user_id, target):
    assert safe_next(target) is None
    response = client.post("/entrar", query_string={"next": target}, data={"username": "laura.diaz",
                                                                             "password": PASSWORD})
    check_page(response, 303, "/escritorio")


def test_the_login_page_keeps_next_in_its_form(client):
    html = check_page(client.get("/entrar?next=/registro/entidad"))
    assert 'action="/entrar?next=/registro/entidad"' in html or 'action="/entrar?next=%2Fregistro%2Fentidad"' in html


def test_htmx_sign_in_loads_the_whole_next_page(client, user_id):
    response = sign_in(client, **{"HX-Request": "true", "HX-Target": "main"})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/escritorio"


def test_sign_in_attempts_are_limited_per_user_name(client, user_id):
    statuses = [sign_in(client, password=f"mala{n}clave").status_code for n in range(5)]
    assert statuses == [422] * 5
    # the right password no longer helps for a while, for this name in any case
    assert sign_in(client, username="LAURA.diaz").status_code == 429
    assert "Demasiados intentos" in sign_in(client).get_data(as_text=True)


def test_sign_in_attempts_are_limited_per_address(client, user_id):
    statuses = [sign_in(client, username=f"otro{n}").status_code for n in range(21)]
    assert statuses[:20] == [422] * 20 and statuses[20] == 429


def test_a_successful_sign_in_does_not_count_against_the_limit(client, user_id):
    for _ in range(6):
        check_page(sign_in(client), 303, "/escritorio")
        client.post("/salir")


def test_salir_signs_out(app, client, user_id):
    sign_in(client)
    response = client.post("/salir")
    check_page(response, 303, "/")
    assert "Salió del portal" in client.get("/").get_data(as_text=True)
    assert client.get("/registro/entidad").status_code == 303
    assert client.get("/salir").status_code == 405


def test_signed_in_user_going_to_entrar_goes_to_the_desk(client, user_id):
    sign_in(client)
    check_page(client.get("/entrar"), 303, "/escritorio")


def test_changing_the_password_signs_out_other_sessions(app, client, user_id):
    sign_in(client)
    with app.app_context():
        user = db.session.get(User, user_id)
        user.set_password("Nueva2026clave")
        db.session.commit()
    assert client.get("/registro/entidad").status_code == 303


def test_a_post_from_a_signed_out_tab_returns_to_the_page_it_came_from_after_entrar(app, client, user_id):
    """E.g. "Solicitud de acceso" pressed after signing out in another tab: the search must not be lost."""
    from tests.helpers.factories import make_account

    with app.app_context():
        account_id = make_account(name="H&H Asociados", nit="800111202")
    search = "/registro/entidad?pais=CO&nombre=H%26H&nit="
    response = client.post(f"/cuenta/{account_id}/solicitud", data={"volver": search},
                           headers={"Referer": "http://localhost" + search})
    check_page(response, 303)
    login_page = response.headers["Location"]
    html = check_page(client.get(login_page))
    assert "Entre con su usuario para continuar" in html
    check_page(client.post(login_page, data={"username": "laura.diaz", "password": PASSWORD}), 303, search)
    # a referrer from another site is not a place to go back to
    client.post("/salir")
    response = client.post(f"/cuenta/{account_id}/solicitud", headers={"Referer": "https://malo.example/x"})
    assert "next=" not in response.headers["Location"]
