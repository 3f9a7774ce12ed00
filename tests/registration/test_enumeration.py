"""Who has an account cannot be asked at typing speed: only "Continuar" says an email is taken, a few times an hour.

The user name keeps its helpful answer as the user types (it must be unique and the user is choosing it).
"""
from tests.helpers.factories import make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import check_field, register

TAKEN = "Ya hay un usuario con este correo"


def _existing(app):
    with app.app_context():
        make_user(username="maria.lopez", email="maria@correo.example")


def test_the_field_check_does_not_say_whether_an_email_has_a_user(app, client):
    _existing(app)
    taken = check_field(client, "email", email="MARIA@correo.example")
    free = check_field(client, "email", email="nadie@correo.example")
    assert TAKEN not in taken and taken == free
    assert "Escriba un correo electrónico válido" in check_field(client, "email", email="maria@")
    assert "Ese usuario ya existe" in check_field(client, "username", username="Maria.Lopez")


def test_continuar_says_it_and_is_limited_like_the_recovery_forms(app, client):
    _existing(app)
    for n in range(5):
        assert TAKEN in check_page(register(client, email="maria@correo.example", username=f"otra_{n}"), 422)
    response = register(client, email="maria@correo.example", username="otra_9")
    assert response.status_code == 429 and "Demasiados intentos" in response.get_data(as_text=True)


def test_other_mistakes_on_continuar_do_not_use_up_that_limit(app, client):
    _existing(app)
    for _ in range(8):
        assert "teléfono" in check_page(register(client, mobile_phone="12"), 422)
    check_page(register(client), 303, "/registro/confirmar")


def test_correcting_the_address_in_section_2_shares_the_same_limit(app, client):
    _existing(app)
    check_page(register(client), 303, "/registro/confirmar")
    for _ in range(5):
        html = check_page(client.post("/registro/confirmar/correo", data={"email": "maria@correo.example"}), 422)
        assert TAKEN in html
    assert client.post("/registro/confirmar/correo", data={"email": "maria@correo.example"}).status_code == 429
