"""Section 1, "Registrar usuario": fields, rules, checks on leaving a field, the draft, and creating the user."""
from sqlalchemy import select

from tests.helpers.factories import make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import VALID, check_field, form, register
from wizard.extensions import db
from wizard.models import OutboxMessage, RegistrationDraft, User


def test_section_1_shows_the_progress_bar_every_field_by_its_label_and_the_defaults(client):
    html = check_page(client.get("/registro/"))
    for step in ("1. Registrar usuario", "2. Confirmar registro", "3. Crear o solicitar acceso a una Entidad"):
        assert step in html
    assert 'aria-current="step">1. Registrar usuario' in html
    for label in ("Nombre y apellido", "País", "Correo electrónico", "Elige tu usuario", "Contraseña", "Confirmar",
                  "Pregunta de seguridad", "Respuesta de seguridad", "Teléfono móvil de seguridad", "Zona horaria"):
        assert f">{label}<" in html, label
    assert '<option selected value="CO">COLOMBIA</option>' in html
    assert '<option selected value="America/Bogota">(UTC-05:00) Bogotá, Lima, Quito</option>' in html
    assert 'value="+57"' in html and 'type="tel"' in html and 'type="email"' in html
    assert ">Continuar</button>" in html
    assert 'hx-post="/registro/validar?campo=username"' in html


def test_a_valid_registration_creates_an_unactivated_user_queues_the_email_and_goes_to_section_2(app, client, outbox):
    response = register(client)
    check_page(response, 303, "/registro/confirmar")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.username == "victor_2018" and user.email == "Victor.Ruiz@Correo.example"
        assert user.activated_at is None and user.timezone == "America/Bogota" and user.country == "CO"
        assert user.mobile_phone == "+573001234567"
    mail = outbox()
    assert [(m.recipient, m.subject) for m in mail] == [("Victor.Ruiz@Correo.example",
                                                          "Activación de su registro en SECOP")]
    assert "http://127.0.0.1:5000/registro/activar/" in mail[0].text and "victor_2018" in mail[0].text
    assert "/registro/activar/" in mail[0].html
    html = check_page(client.get("/registro/confirmar"))
    assert "Victor.Ruiz@Correo.example" in html


def test_password_and_security_answer_are_stored_only_as_argon2_hashes(app, client):
    register(client)
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.password_hash.startswith("$argon2id$") and "Clave2026segura" not in user.password_hash
        assert user.security_answer_hash.startswith("$argon2id$") and "Firulais" not in user.security_answer_hash
        assert user.check_password("Clave2026segura")


def test_phone_numbers_are_stored_in_e164_for_the_country_chosen(app, client):
    register(client, mobile_phone="+57 (310) 555-1234", username="uno1", email="uno@correo.example")
    register(client, country="ES", mobile_phone="612 345 678", username="dos2", email="dos@correo.example")
    with app.app_context():
        phones = db.session.scalars(select(User.mobile_phone).order_by(User.id)).all()
    assert phones == ["+573105551234", "+34612345678"]


def test_a_landline_or_an_impossible_number_is_refused_with_what_to_type(client):
    assert "móvil (celular), no uno fijo" in check_field(client, "mobile_phone", mobile_phone="+57 601 234 5678")
    assert "no es válido" in check_field(client, "mobile_phone", mobile_phone="+57 300 12")
    assert "Escriba su número de teléfono móvil" in check_field(client, "mobile_phone", mobile_phone="abc")
    assert "con el indicativo del país" in check_field(client, "mobile_phone", mobile_phone="+999 123 4567")
    assert "Escriba su número de teléfono móvil" in check_field(client, "mobile_phone", mobile_phone="")
    assert "Escriba su número de teléfono móvil" in check_field(client, "mobile_phone", mobile_phone="+57")
    for odd in ("+²", "+¹²", "+٥٧"):  # digits to str.isdigit() that int() or phonenumbers refuse: a message, not a 500
        assert "Escriba su número de teléfono móvil" in check_field(client, "mobile_phone", mobile_phone=odd)
    assert check_field(client, "mobile_phone", mobile_phone="3001234567").count("Error") == 0


def test_each_field_is_checked_alone_when_the_user_leaves_it(client):
    assert "Escriba su nombre y apellido" in check_field(client, "full_name", full_name="  ")
    assert "Escriba un correo electrónico válido" in check_field(client, "email", email="victor@")
    assert "entre 4 y 40 caracteres" in check_field(client, "username", username="ab")
    assert "entre 4 y 40 caracteres" in check_field(client, "username", username="víctor ruiz")
    assert "al menos 8 caracteres" in check_field(client, "password", password="Ab1")
    assert "letras y números" in check_field(client, "password", password="solamenteletras")
    assert "letras y números" in check_field(client, "password", password="1234567890")
    assert "no coinciden" in check_field(client, "confirm", confirm="OtraClave2026")
    assert "Elija una pregunta de seguridad" in check_field(client, "security_question", security_question="")
    assert "Escriba la respuesta" in check_field(client, "security_answer", security_answer="")
    assert "Elija una zona horaria" in check_field(client, "timezone", timezone="Marte/Olimpo")
    assert "Elija un país" in check_field(client, "country", country="ZZ")
    # a field that is fine answers an empty message container, and the others are not judged
    html = check_field(client, "full_name", email="nada")
    assert 'id="full_name-error"' in html and "Error" not in html


def test_an_address_with_accents_or_n_tilde_before_the_at_is_refused_since_mail_cannot_reach_it(app, client, outbox):
    message = "Escriba el correo sin tildes ni ñ antes de la @"
    assert message in check_field(client, "email", email="josé.peña@correo.example")
    html = check_page(register(client, email="josé.peña@correo.example"), 422)
    assert message in html
    with app.app_context():
        assert db.session.scalar(select(User)) is None
    # an accented domain is fine: it travels as punycode
    assert "Error" not in check_field(client, "email", email="jose@peña.example")
    check_page(register(client, email="jose@peña.example"), 303, "/registro/confirmar")
    assert [m.recipient for m in outbox()] == ["jose@peña.example"]


def test_the_confirm_check_compares_with_the_password_typed(client):
    assert "Error" not in check_field(client, "confirm")
    assert "no coinciden" in check_field(client, "confirm", password="Diferente2026")


def test_user_name_and_email_taken_in_any_case_are_refused(app, client):
    with app.app_context():
        make_user(username="Maria.Lopez", email="maria@correo.example")
    assert "Ese usuario ya existe" in check_field(client, "username", username="maria.lopez")
    assert "Ese usuario ya existe" in check_field(client, "username", username="MARIA.LOPEZ")
    assert "Ya hay un usuario con este correo" not in check_field(client, "email", email="MARIA@Correo.Example")
    response = register(client, username="MARIA.lopez", email="Maria@correo.EXAMPLE")
    html = check_page(response, 422)
    assert "Ese usuario ya existe" in html and "Ya hay un usuario con este correo" in html


def test_an_invalid_continuar_keeps_everything_typed_except_the_passwords(client):
    html = check_page(register(client, username="x"), 422)
    assert "<title>Error: Registrar usuario" in html
    assert 'href="#username"' in html  # the error summary links to the field
    assert 'value="Víctor Alfonso Ruiz"' in html and 'value="Victor.Ruiz@Correo.example"' in html
    assert 'value="Firulais"' in html and 'value="300 123 4567"' in html
    assert "Clave2026segura" not in html
    assert '<option selected value="mascota">' in html


def test_the_draft_keeps_section_1_for_this_browser_without_passwords(app, client):
    check_field(client, "email", full_name="Ana Gómez", email="ana@correo.example", username="ana.gomez")
    cookie = client.get_cookie("registro_borrador", path="/registro")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    with app.app_context():
        draft = db.session.scalar(select(RegistrationDraft))
        assert draft.data["email"] == "ana@correo.example"
        assert "password" not in draft.data and "confirm" not in draft.data
        assert "Clave2026segura" not in str(draft.data)
        # the security answer is a secret like the password: kept only as a hash, never in a draft's plain text
        assert "security_answer" not in draft.data and "Firulais" not in str(draft.data)
    html = check_page(client.get("/registro/"))
    assert 'value="Ana Gómez"' in html and 'value="ana.gomez"' in html and "Clave2026segura" not in html
    assert "Firulais" not in html and '<option selected value="mascota">' in html
    # another browser starts empty
    other = app.test_client()
    assert 'value="Ana Gómez"' not in other.get("/registro/").get_data(as_text=True)


def test_continuar_with_errors_also_saves_the_draft_and_success_deletes_it(app, client):
    check_page(register(client, password="corta"), 422)
    with app.app_context():
        assert db.session.scalar(select(RegistrationDraft)).data["username"] == "victor_2018"
    check_page(register(client), 303, "/registro/confirmar")
    with app.app_context():
        assert db.session.scalar(select(RegistrationDraft)) is None
    assert client.get_cookie("registro_borrador", path="/registro") is None


def test_a_draft_cookie_that_matches_nothing_is_ignored(app, client):
    client.set_cookie("registro_borrador", "x" * 500, path="/registro")
    html = check_page(client.get("/registro/"))
    assert 'value="+57"' in html and 'id="full_name"' in html and 'value="Víctor' not in html
    check_field(client, "email")  # what is typed now goes to a new draft, under a key the portal made
    key = client.get_cookie("registro_borrador", path="/registro").value
    assert key != "x" * 500
    with app.app_context():
        assert db.session.scalar(select(RegistrationDraft.data).where(RegistrationDraft.key == key))["email"] == \
            VALID["email"]


def test_two_registrations_racing_for_the_same_name_get_a_message_not_an_error(app, client, monkeypatch):
    """The second one passes the checks before the first commits; the unique index decides."""
    from wizard.registration import forms

    with app.app_context():
        make_user(username="victor_2018", email="otro@correo.example")
    monkeypatch.setattr(forms.RegistrationForm, "validate_username", lambda form, field: None)
    html = check_page(register(client), 422)
    monkeypatch.undo()
    assert "Ese usuario ya existe" in html
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage)) is None
        assert len(db.session.scalars(select(User)).all()) == 1


def test_htmx_continuar_with_errors_answers_the_step_alone_and_success_answers_hx_location(client):
    headers = {"HX-Request": "true", "HX-Target": "main"}
    response = client.post("/registro/", data=form(email="mal"), headers=headers)
    html = check_page(response, 422)
    assert "<html" not in html and "Escriba un correo electrónico válido" in html
    response = client.post("/registro/", data=form(), headers=headers)
    assert response.status_code == 200 and "/registro/confirmar" in response.headers["HX-Location"]


def test_malformed_input_to_section_1_never_fails(client):
    huge = "ñ" * 100_000
    for data in ({}, {"country": huge, "timezone": huge, "security_question": huge},
                 {k: huge for k in VALID}, {k: "\x00<script>" for k in VALID}):
        assert client.post("/registro/", data=data).status_code == 422
        assert client.post("/registro/validar?campo=email", data=data).status_code == 200
    assert client.post("/registro/validar?campo=nada", data={}).status_code == 400
    assert client.post("/registro/validar?campo=csrf_token", data={}).status_code == 400
    assert client.post("/registro/validar", data={}).status_code == 400
    assert client.post("/registro/", data=form(mobile_phone="+" + "9" * 29)).status_code == 422


def test_the_draft_cookie_is_secure_outside_development(tmp_path):
    from wizard import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}", "WTF_CSRF_ENABLED": False,
                      "SESSION_COOKIE_SECURE": True})
    with app.app_context():
        db.create_all()
    response = app.test_client().post("/registro/validar?campo=email", data=form(),
                                      base_url="https://portal.example")
    cookie = response.headers["Set-Cookie"]
    assert "registro_borrador=" in cookie and "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with app.app_context():
        db.engine.dispose()


def test_field_checks_are_rate_limited_against_scripts(client):
    codes = {client.post("/registro/validar?campo=full_name", data=form()).status_code for _ in range(121)}
    assert codes == {200, 429}


def test_drafts_untouched_for_a_month_are_purged(app, client):
    from datetime import timedelta

    from wizard.registration.service import purge_drafts

    check_field(client, "email")
    app.test_client().post("/registro/validar?campo=email", data=form(email="otra@correo.example"))
    with app.app_context():
        old = db.session.scalars(select(RegistrationDraft).order_by(RegistrationDraft.id)).first()
        old.data = {"email": "vieja@correo.example"}
        db.session.commit()
        db.session.execute(RegistrationDraft.__table__.update().where(RegistrationDraft.id == old.id)
                           .values(updated_at=old.updated_at - timedelta(days=31)))
        db.session.commit()
        assert purge_drafts() == 1
        assert [d.data["email"] for d in db.session.scalars(select(RegistrationDraft))] == ["otra@correo.example"]


def test_the_message_of_a_field_checked_on_leaving_lands_in_a_live_region_that_stays(client):
    """A screen reader announces changes inside an aria-live region already on the page, not a region swapped in
    whole: the check replaces the message, never its live region."""
    import re

    html = check_page(client.get("/registro/"))
    for name in ("full_name", "email", "username", "mobile_phone"):
        assert re.search(rf'<div class="field-live" aria-live="polite">\s*<p class="field-error" id="{name}-error"',
                         html), name
        assert f'hx-target="#{name}-error"' in html
    answer = check_field(client, "email", email="mal@")
    assert 'id="email-error"' in answer and "Escriba un correo electrónico válido" in answer
    assert "aria-live" not in answer


def test_back_after_continuar_shows_section_2_with_the_email_it_was_sent_to(client):
    from tests.helpers.registration import register

    assert register(client).status_code == 303
    response = client.get("/registro/")  # the browser's Back: the page is not kept, the server is asked again
    check_page(response, 303, "/registro/confirmar")
    html = check_page(client.get("/registro/confirmar"))
    assert "Victor.Ruiz@Correo.example" in html and "Registrar otro usuario" in html


def test_section_1_is_never_kept_by_the_browser_or_htmx(client):
    response = client.get("/registro/")
    assert "no-store" in response.headers.get("Cache-Control", "")
    assert 'hx-history="false"' in response.get_data(as_text=True)


def test_registering_another_user_from_section_2_opens_an_empty_section_1(client):
    from tests.helpers.registration import register

    register(client)
    check_page(client.post("/registro/otro"), 303, "/registro/")
    html = check_page(client.get("/registro/"))
    assert "Registrar usuario" in html and "Victor.Ruiz@Correo.example" not in html
