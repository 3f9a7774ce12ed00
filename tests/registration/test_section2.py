"""Section 2, "Confirmar registro": the activation link (expiry, single use, purpose) and "Reenviar"."""
import time

from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from tests.helpers.factories import make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import link_in, register, without_tokens
from wizard.extensions import db
from wizard.models import User
from wizard.registration import service
from wizard.tokens import make_token


def _activation_path(outbox, n: int = -1) -> str:
    return link_in(outbox()[n].text)


def _token_made_hours_ago(app, user_id: int, hours: float, purpose: str = "activate", monkeypatch=None) -> str:
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time() - hours * 3600))
    with app.test_request_context():
        user = db.session.get(User, user_id)
        token = service.activation_token(user) if purpose == "activate" else make_token(purpose, [user.id, "x"])
    monkeypatch.undo()
    return token


def test_section_2_says_where_the_email_went_and_offers_reenviar(client):
    register(client)
    html = check_page(client.get("/registro/confirmar"))
    assert 'aria-current="step">2. Confirmar registro' in html and "1. Registrar usuario<span aria-hidden" in html
    assert "Victor.Ruiz@Correo.example" in html and ">Reenviar</button>" in html


def test_the_link_activates_the_user_once_and_leads_to_entrar(app, client, outbox):
    register(client)
    path = _activation_path(outbox)
    response = client.get(path)
    check_page(response, 303, "/entrar")
    html = check_page(client.get("/entrar"))
    assert "Su usuario quedó activado" in html
    with app.app_context():
        assert db.session.scalar(select(User)).activated_at is not None
    html = check_page(client.get(path))
    assert "Este enlace ya fue usado" in html and 'href="/entrar">Entrar</a>' in html


def test_a_mail_scanner_probing_the_link_with_head_does_not_use_it(app, client, outbox):
    register(client)
    path = _activation_path(outbox)
    assert client.head(path).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User)).activated_at is None
    check_page(client.get(path), 303, "/entrar")


def test_a_link_older_than_48_hours_says_it_expired_and_offers_a_new_one(app, client, monkeypatch):
    with app.app_context():
        user_id = make_user(activated=False, email="tarde@correo.example")
    old = _token_made_hours_ago(app, user_id, 49, monkeypatch=monkeypatch)
    html = check_page(client.get(f"/registro/activar/{old}"), 410)
    assert "El enlace de activación venció" in html and 'action="/registro/activar/nuevo"' in html
    recent = _token_made_hours_ago(app, user_id, 47, monkeypatch=monkeypatch)
    check_page(client.get(f"/registro/activar/{recent}"), 303, "/entrar")


def test_an_expired_link_of_a_user_already_active_says_it_was_used(app, client, monkeypatch):
    with app.app_context():
        user_id = make_user(activated=True)
    old = _token_made_hours_ago(app, user_id, 60, monkeypatch=monkeypatch)
    assert "Este enlace ya fue usado" in check_page(client.get(f"/registro/activar/{old}"))


def test_a_tampered_token_or_one_made_for_another_purpose_is_not_valid(app, client):
    with app.app_context():
        user_id = make_user(activated=False)
    with app.test_request_context():
        user = db.session.get(User, user_id)
        good = service.activation_token(user)
        reset = make_token("reset", [user.id, "abc"])
        wrong_data = make_token("activate", {"id": user.id})
        unknown = make_token("activate", [999999, "abc"])
    for token in (good[:-2] + "xx", reset, wrong_data, unknown, "nada", "a" * 5000):
        html = check_page(client.get(f"/registro/activar/{token}"), 404)
        assert "El enlace de activación no es válido" in html
    with app.app_context():
        assert db.session.get(User, user_id).activated_at is None


def test_a_link_stops_working_when_the_email_changes(app, client):
    with app.app_context():
        user_id = make_user(activated=False, email="antes@correo.example")
    with app.test_request_context():
        token = service.activation_token(db.session.get(User, user_id))
    with app.app_context():
        user = db.session.get(User, user_id)
        user.email, user.email_key = "despues@correo.example", "despues@correo.example"
        db.session.commit()
    check_page(client.get(f"/registro/activar/{token}"), 404)


def test_reenviar_sends_again_but_not_twice_within_a_minute(app, client, outbox):
    register(client)
    response = client.post("/registro/confirmar/reenviar")
    check_page(response, 303, "/registro/confirmar")
    assert "Ya le enviamos el correo hace menos de un minuto" in client.get("/registro/confirmar").get_data(as_text=True)
    assert len(outbox()) == 1
    with app.app_context():  # a minute later
        from wizard.models import OutboxMessage
        from datetime import timedelta
        message = db.session.scalar(select(OutboxMessage))
        message.created_at = message.created_at - timedelta(seconds=61)
        db.session.commit()
    client.post("/registro/confirmar/reenviar")
    assert "Le enviamos de nuevo el correo a Victor.Ruiz@Correo.example" in client.get("/registro/confirmar").get_data(as_text=True)
    assert len(outbox()) == 2 and outbox()[1].subject == "Activación de su registro en SECOP"
    # both links work until one of them activates the user
    check_page(client.get(link_in(outbox()[1].text)), 303, "/entrar")


def test_reenviar_is_rate_limited_per_address(client):
    register(client)
    statuses = [client.post("/registro/confirmar/reenviar").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert "Demasiados intentos" in client.post("/registro/confirmar/reenviar").get_data(as_text=True)


def test_reenviar_without_a_registration_in_this_session_goes_back_to_section_2(client, outbox):
    check_page(client.post("/registro/confirmar/reenviar"), 303, "/registro/confirmar")
    html = check_page(client.get("/registro/confirmar"))
    assert 'action="/registro/activar/nuevo"' in html and outbox() == []


def test_asking_a_new_link_answers_the_same_for_a_known_and_an_unknown_address(app, client, outbox):
    with app.app_context():
        make_user(activated=False, email="pendiente@correo.example")
        make_user(activated=True, email="activa@correo.example")
    answers = []
    for address in ("pendiente@correo.example", "nadie@correo.example", "activa@correo.example"):
        html = check_page(client.post("/registro/activar/nuevo", data={"email": address}))
        answers.append(without_tokens(html).replace(address, "ADDRESS"))
    assert answers[0] == answers[1] == answers[2] and "Si hay un registro pendiente" in answers[0]
    assert [m.recipient for m in outbox()] == ["pendiente@correo.example"]


def test_asking_a_new_link_checks_the_address_and_never_fails_on_garbage(client):
    assert "Escriba el correo electrónico" in check_page(client.post("/registro/activar/nuevo", data={}), 422)
    check_page(client.post("/registro/activar/nuevo", data={"email": "x" * 100_000}), 422)
    check_page(client.post("/registro/activar/nuevo", data={"email": "no-es-correo"}), 422)


def test_a_mistyped_address_is_corrected_on_section_2_and_only_the_new_link_works(app, client, outbox):
    """Registering again was no way out: the user name stayed taken by the registration that could not be activated."""
    register(client, email="victor@corre.example")
    old_link = _activation_path(outbox)
    html = check_page(client.get("/registro/confirmar"))
    assert ">Correo electrónico correcto<" in html and ">Corregir y enviar</button>" in html
    response = client.post("/registro/confirmar/correo", data={"email": "victor@correo.example"})
    check_page(response, 303, "/registro/confirmar")
    html = check_page(client.get("/registro/confirmar"))
    assert "victor@correo.example" in html and "victor@corre.example" not in html.replace("victor@correo", "")
    assert [m.recipient for m in outbox()] == ["victor@corre.example", "victor@correo.example"]
    check_page(client.get(old_link), 404)  # the link sent to the wrong address no longer activates anything
    check_page(client.get(_activation_path(outbox)), 303, "/entrar")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email_key == "victor@correo.example" and user.activated_at is not None


def test_correcting_the_address_checks_it_like_section_1_and_changes_nothing_when_wrong(app, client, outbox):
    with app.app_context():
        make_user(email="ocupado@correo.example")
    register(client)
    for email, message in (("", "Escriba el correo electrónico correcto"), ("mal@", "Escriba un correo electrónico válido"),
                           ("OCUPADO@correo.example", "Ya hay un usuario con este correo"),
                           ("josé@correo.example", "sin tildes ni ñ"), ("x" * 100_000, "válido")):
        html = check_page(client.post("/registro/confirmar/correo", data={"email": email}), 422)
        assert message in html and 'href="#email"' in html
    with app.app_context():
        assert db.session.scalar(select(User.email).where(User.username == "victor_2018")) == "Victor.Ruiz@Correo.example"
    assert len(outbox()) == 1


def test_only_the_browser_that_registered_can_correct_the_address_and_only_before_activation(app, client, outbox):
    check_page(client.post("/registro/confirmar/correo", data={"email": "a@correo.example"}), 303, "/registro/confirmar")
    assert outbox() == []
    register(client)
    client.get(_activation_path(outbox))
    check_page(client.post("/registro/confirmar/correo", data={"email": "b@correo.example"}), 303, "/entrar")
    with app.app_context():
        assert db.session.scalar(select(User.email)) == "Victor.Ruiz@Correo.example"


def test_corrections_that_send_an_email_are_rate_limited(client, outbox):
    register(client)
    codes = [client.post("/registro/confirmar/correo", data={"email": f"v{n}@correo.example"}).status_code
             for n in range(4)]
    assert codes == [303, 303, 303, 429] and len(outbox()) == 4


def test_correcting_to_the_address_the_link_already_went_to_says_so_not_that_another_user_has_it(app, client, outbox):
    """The user's own registration holds that address: «Ya hay un usuario… entre con él» sent them to sign in with a
    user not yet activated."""
    register(client)  # Victor.Ruiz@Correo.example
    for email in ("Victor.Ruiz@Correo.example", "victor.ruiz@correo.example"):
        html = check_page(client.post("/registro/confirmar/correo", data={"email": email}), 422)
        assert "Ese es el correo al que ya le enviamos el enlace" in html and "«Reenviar»" in html
        assert "Ya hay un usuario con este correo" not in html and 'href="#email"' in html
    assert len(outbox()) == 1
