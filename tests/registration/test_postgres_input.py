"""Malformed input on PostgreSQL, which refuses what SQLite stores: a NUL character in text must not be a 500."""
import pytest
from sqlalchemy import select

from tests.helpers.factories import make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import form
from wizard import create_app
from wizard.extensions import db, limiter
from wizard.models import User


@pytest.fixture
def pg_client(postgres_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        limiter.reset()
        make_user(username="laura.diaz", email="laura@correo.example")
    yield app, app.test_client()
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_a_nul_character_in_any_text_field_is_dropped_not_a_server_error(pg_client):
    app, client = pg_client
    check_page(client.post("/entrar", data={"username": "laura\x00", "password": "x"}), 422)
    check_page(client.post("/entrar/olvide-usuario", data={"email": "laura@correo.example\x00"}))
    check_page(client.post("/entrar/olvide-contrasena", data={"login": "laura.diaz\x00"}))
    check_page(client.post("/registro/validar?campo=email", data=form(full_name="Ana\x00", email="a\x00@b.co")))
    check_page(client.post("/registro/", data=form(full_name="Víctor\x00 Ruiz")), 303, "/registro/confirmar")
    with app.app_context():
        assert db.session.scalar(select(User.full_name).where(User.username == "victor_2018")) == "Víctor Ruiz"
        session_id = db.session.scalar(select(User.session_id).where(User.username == "laura.diaz"))
    with client.session_transaction() as session:
        session["_user_id"] = session_id
    check_page(client.get("/registro/entidad?nombre=%00asociados&nit=%00"))


def test_a_forged_draft_cookie_with_a_nul_character_is_ignored(pg_client):
    app, client = pg_client
    client.set_cookie("registro_borrador", "abc\x00", path="/registro")
    html = check_page(client.get("/registro/"))
    assert 'value="+57"' in html  # a fresh section 1
    check_page(client.post("/registro/validar?campo=email", data=form()))


def test_a_name_that_grows_when_folded_still_fits_its_search_key(pg_client):
    """'ß' folds to 'ss' and 'ﷺ' to many letters: the search key of a 120-character name must still fit (else 500)."""
    app, client = pg_client
    check_page(client.post("/registro/", data=form(full_name="ß" * 60 + "ﷺ" * 60)), 303, "/registro/confirmar")
    with app.app_context():
        assert len(db.session.scalar(select(User.name_key).where(User.username == "victor_2018"))) == 120


def test_an_account_name_that_grows_when_folded_still_fits_its_search_key(pg_client):
    """The same for accounts (found by name in section 3): a 200-character 'ß' name folds to 400 characters."""
    from tests.helpers.factories import make_account
    from wizard.models import Account

    app, _ = pg_client
    with app.app_context():
        account_id = make_account(name="ß" * 200, nit="900123456")
        account = db.session.get(Account, account_id)
        account.rename("ﷺ" * 200)
        db.session.commit()
        assert len(db.session.get(Account, account_id).name_key) == 200


def test_an_email_that_grows_when_case_folded_still_registers(pg_client):
    """'ΐ' case-folds to three characters: a valid 127-character address has a 367-character key (PostgreSQL
    refused it: a 500 on Continuar), and the same address in capitals is still the same user."""
    app, client = pg_client
    email = "a@" + ".".join(["ΐ" * 40] * 3) + ".co"
    assert len(email) <= 254 < len(User.key(email))
    check_page(client.post("/registro/", data=form(email=email)), 303, "/registro/confirmar")
    with app.app_context():
        assert db.session.scalar(select(User.email_key).where(User.username == "victor_2018")) == User.key(email)
    html = check_page(client.post("/registro/", data=form(email="A" + email[1:], username="otro_2018")), 422)
    assert "Ya hay un usuario con este correo electrónico" in html
