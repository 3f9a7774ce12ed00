""""Mis datos de usuario": name, email (with a new confirmation), mobile, time zone, question, password; each emailed."""
import pytest

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import link_in
from wizard.extensions import db
from wizard.models import User


@pytest.fixture
def user_id(app):
    with app.app_context():
        return make_user(full_name="Pedro Pérez", email="pedro@correo.example", username="pedro.perez")


@pytest.fixture
def signed_in(login_as, user_id):
    return login_as(user_id)


def read(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_the_page_shows_the_users_data_and_a_form_for_each_change(signed_in):
    html = check_page(signed_in.get("/usuario/datos"))
    assert "<h1>Mis datos de usuario</h1>" in html and 'value="Pedro Pérez"' in html and "pedro@correo.example" in html
    for button in ("Guardar datos personales", "Cambiar el correo electrónico", "Cambiar la pregunta de seguridad",
                   "Cambiar la contraseña"):
        assert f">{button}</button>" in html


def test_it_needs_a_signed_in_user(client):
    assert "/entrar" in client.get("/usuario/datos").headers["Location"]


def test_name_mobile_and_time_zone_change_and_the_change_is_emailed(app, signed_in, user_id, outbox):
    response = signed_in.post("/usuario/datos", data={"full_name": "Pedro Pérez Gómez", "mobile_phone": "310 555 1234",
                                                      "timezone": "America/New_York"})
    check_page(response, 303, "/usuario/datos")
    user = read(app, user_id)
    assert (user.full_name, user.mobile_phone, user.timezone) == ("Pedro Pérez Gómez", "+573105551234", "America/New_York")
    [mail] = outbox()
    assert mail.recipient == "pedro@correo.example" and mail.subject == "Cambios en sus datos de usuario del Portal SECOP"
    assert "Nombre y apellido: Pedro Pérez Gómez" in mail.text and "Teléfono móvil de seguridad: +573105551234" in mail.text
    assert "Guardamos sus datos y le enviamos un correo de confirmación." in check_page(signed_in.get("/usuario/datos"))


def test_bad_data_is_refused_on_its_field_keeping_what_was_typed(signed_in, outbox):
    html = check_page(signed_in.post("/usuario/datos", data={"full_name": "", "mobile_phone": "123",
                                                              "timezone": "America/Bogota"}), 422)
    assert "Escriba su nombre y apellido" in html and 'value="123"' in html and outbox() == []


def test_a_new_email_waits_for_the_link_sent_to_it(app, client, signed_in, user_id, outbox):
    data = {"correo": "pedro.nuevo@correo.example", "clave_correo": PASSWORD}
    check_page(signed_in.post("/usuario/datos/correo", data=data), 303, "/usuario/datos")
    assert read(app, user_id).email == "pedro@correo.example"  # not yet
    confirm, notice = outbox()
    assert confirm.recipient == "pedro.nuevo@correo.example"
    assert confirm.subject == "Confirme su nuevo correo electrónico en el Portal SECOP"
    assert notice.recipient == "pedro@correo.example" and "pedro.nuevo@correo.example" in notice.text
    link = link_in(confirm.text)
    assert "Correo electrónico cambiado" in check_page(client.get(link))
    user = read(app, user_id)
    assert (user.email, user.email_key) == ("pedro.nuevo@correo.example", "pedro.nuevo@correo.example")
    assert {m.recipient for m in outbox()[2:]} == {"pedro@correo.example", "pedro.nuevo@correo.example"}
    assert check_page(client.get(link), 404)  # a link serves once


def test_the_email_change_asks_for_the_password_and_a_free_address(app, signed_in, outbox):
    with app.app_context():
        make_user(email="ocupado@correo.example")
    html = check_page(signed_in.post("/usuario/datos/correo", data={"correo": "otro@correo.example",
                                                                    "clave_correo": "equivocada1"}), 422)
    assert "La contraseña actual no es correcta" in html
    html = check_page(signed_in.post("/usuario/datos/correo", data={"correo": "Ocupado@correo.example",
                                                                    "clave_correo": PASSWORD}), 422)
    assert "Ya hay un usuario con este correo electrónico" in html and outbox() == []


def test_a_new_password_signs_out_other_sessions_but_not_this_one(app, signed_in, login_as, user_id, outbox):
    other = app.test_client()
    with app.app_context():
        session_id = db.session.get(User, user_id).session_id
    with other.session_transaction() as session:
        session["_user_id"] = session_id
    assert other.get("/usuario/datos").status_code == 200
    data = {"clave_actual": PASSWORD, "clave_nueva": "NuevaClave2027", "clave_confirmar": "NuevaClave2027"}
    check_page(signed_in.post("/usuario/datos/contrasena", data=data), 303, "/usuario/datos")
    user = read(app, user_id)
    assert user.session_id != session_id
    with app.app_context():
        assert db.session.get(User, user_id).check_password("NuevaClave2027")
    assert signed_in.get("/usuario/datos").status_code == 200
    assert other.get("/usuario/datos").status_code == 303
    assert "Contraseña" in outbox()[-1].text


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(app, signed_in, user_id):
    html = check_page(signed_in.post("/usuario/datos/contrasena", data={
        "clave_actual": "equivocada1", "clave_nueva": "NuevaClave2027", "clave_confirmar": "NuevaClave2027"}), 422)
    assert "La contraseña actual no es correcta" in html
    html = check_page(signed_in.post("/usuario/datos/contrasena", data={
        "clave_actual": PASSWORD, "clave_nueva": "corta", "clave_confirmar": "corta"}), 422)
    assert "al menos 8 caracteres" in html
    with app.app_context():
        assert db.session.get(User, user_id).check_password(PASSWORD)


def test_the_security_question_changes_with_the_password(app, signed_in, user_id, outbox):
    data = {"pregunta": "ciudad_nacimiento", "respuesta": "Pamplona", "clave_pregunta": PASSWORD}
    check_page(signed_in.post("/usuario/datos/pregunta", data=data), 303, "/usuario/datos")
    assert read(app, user_id).security_question == "ciudad_nacimiento"
    assert "Pregunta de seguridad" in outbox()[-1].text and "Pamplona" not in outbox()[-1].text


def test_the_page_has_no_duplicate_ids(app, signed_in):
    import re
    from collections import Counter

    app.config["WTF_CSRF_ENABLED"] = True  # as served: each of the four forms carries its token
    html = check_page(signed_in.get("/usuario/datos"))
    repeated = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    assert repeated == [] and html.count('name="csrf_token"') >= 4


def test_a_mobile_with_a_prefix_and_too_few_digits_is_said_to_be_invalid_not_missing(signed_in):
    html = check_page(signed_in.post("/usuario/datos", data={"full_name": "Pedro Pérez", "mobile_phone": "+57 1",
                                                              "timezone": "America/Bogota"}), 422)
    assert "El número no es válido" in html and "Escriba su número de teléfono móvil" not in html
    assert 'value="+57 1"' in html


@pytest.mark.settings(RATELIMIT_ENABLED=True)
def test_the_password_brake_is_each_users_own_and_counts_only_refusals(app, login_as, signed_in, user_id):
    """Ten wrong current passwords stop that user for a while; changes that went through count for nothing, and
    a colleague at the same address (one office, one address) is not stopped."""
    for n in range(12):  # twelve changes of the question in a row, every one with the right password
        response = signed_in.post("/usuario/datos/pregunta", data={
            "pregunta": "mascota", "respuesta": f"Firulais {n}", "clave_pregunta": PASSWORD})
        check_page(response, 303, "/usuario/datos")
    for _ in range(10):
        check_page(signed_in.post("/usuario/datos/correo", data={
            "correo": "nuevo@correo.example", "clave_correo": "no-es-la-clave1"}), 422)
    assert signed_in.post("/usuario/datos/correo", data={
        "correo": "nuevo@correo.example", "clave_correo": PASSWORD}).status_code == 429
    with app.app_context():
        colleague = make_user(full_name="Lina Colega")
    response = login_as(colleague).post("/usuario/datos/correo", data={
        "correo": "lina.nueva@correo.example", "clave_correo": PASSWORD})
    check_page(response, 303, "/usuario/datos")


def test_wrong_passwords_count_whatever_the_answer_and_across_the_three_forms(signed_in):
    """A guess sent as htmx with a target the page does not know is answered 400, not 422, after the password was
    checked: it counts all the same, and the email, question and password forms share one count of ten."""
    odd = {"HX-Request": "true", "HX-Target": "no-existe"}
    for n in range(4):
        assert signed_in.post("/usuario/datos/correo", headers=odd, data={
            "correo": "nuevo@correo.example", "clave_correo": f"no-es-la-clave{n}"}).status_code != 429
    for n in range(3):
        check_page(signed_in.post("/usuario/datos/pregunta", data={
            "pregunta": "mascota", "respuesta": "Firulais", "clave_pregunta": f"no-es-la-clave{n}"}), 422)
    for n in range(3):
        check_page(signed_in.post("/usuario/datos/contrasena", data={
            "clave_actual": f"no-es-la-clave{n}", "clave_nueva": "OtraClave2027", "clave_confirmar": "OtraClave2027"}), 422)
    assert signed_in.post("/usuario/datos/correo", data={
        "correo": "nuevo@correo.example", "clave_correo": PASSWORD}).status_code == 429
