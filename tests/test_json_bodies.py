"""A JSON body is read as the form a browser would send: text is used, anything else refused with the field's message.

Flask-WTF hands a JSON body to the form as it is, so a number, list or object reached code that expects text (500s
on /entrar, both "Olvidé" forms, /registro/, /registro/validar, /registro/activar/nuevo and the invitation form).
"""
import pytest

from tests.helpers.factories import PASSWORD, make_account, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import form

WRONG_TYPES = [5, 1.5, 10**30, True, None, [], [1, 2], {"a": "b"}, [["x"]]]


@pytest.fixture
def laura(app):
    with app.app_context():
        return make_user(username="laura.diaz", email="laura@correo.example")


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
def test_entrar_refuses_a_value_that_is_not_text_with_its_usual_message(client, laura, value):
    html = check_page(client.post("/entrar", json={"username": value, "password": value}), 422)
    assert "Escriba su nombre de usuario" in html and "Escriba su contraseña" in html


def test_entrar_with_text_in_json_signs_in_as_with_a_form(client, laura):
    check_page(client.post("/entrar", json={"username": "laura.diaz", "password": PASSWORD}), 303, "/escritorio")


@pytest.mark.parametrize("body", [[1, 2], "texto", 12, None, [["username", "laura.diaz"]]], ids=repr)
def test_a_json_body_that_is_not_an_object_is_an_empty_form(client, laura, body):
    html = check_page(client.post("/entrar", json=body), 422)
    assert "Escriba su nombre de usuario" in html


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
@pytest.mark.parametrize("path, field, message", [
    ("/entrar/olvide-usuario", "email", "Escriba el correo electrónico con el que se registró"),
    ("/entrar/olvide-contrasena", "login", "Escriba su nombre de usuario o su correo electrónico"),
    ("/registro/activar/nuevo", "email", "Escriba el correo electrónico con el que se registró"),
])
def test_recovery_forms_refuse_a_value_that_is_not_text(client, laura, path, field, message, value):
    assert message in check_page(client.post(path, json={field: value}), 422)


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
def test_section_1_refuses_a_value_that_is_not_text_and_keeps_the_rest(client, outbox, value):
    html = check_page(client.post("/registro/", json=form(email=value, full_name=value)), 422)
    assert "Escriba su correo electrónico" in html and "Escriba su nombre y apellido" in html
    assert 'value="victor_2018"' in html and outbox() == []
    html = check_page(client.post("/registro/validar?campo=email", json=form(email=value)))
    assert "Escriba su correo electrónico" in html


def test_an_optional_field_that_is_not_text_gets_a_message_too(app, client, laura):
    """The entity search's NIT may be empty, but not a number."""
    with app.app_context():
        from wizard.registration.forms import EntitySearchForm

        with app.test_request_context("/", method="POST", json={"pais": "CO", "nombre": "abc", "nit": 900}):
            search = EntitySearchForm()
            assert not search.validate()
            assert search.nit.errors == ["Escriba este dato como texto"]


@pytest.mark.parametrize("value", WRONG_TYPES, ids=repr)
def test_the_invitation_form_refuses_a_value_that_is_not_text(app, login_as, value):
    with app.app_context():
        admin = make_user()
        account = make_account(admin)
    client = login_as(admin, account_id=account)
    html = check_page(client.post("/cuenta/usuarios/invitar", json={"correo": value}), 422)
    assert "Escriba el correo electrónico de la persona." in html
