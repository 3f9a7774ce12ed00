"""Sign a browser context in through the real "Entrar" page, as a person would."""
from playwright.sync_api import expect

from tests.helpers.factories import PASSWORD
from wizard import demo
from wizard.extensions import db
from wizard.models import User

DEMO_PASSWORDS = {spec.username: spec.password for spec in demo.USERS}


def sign_in(context, live_server, user_id: int) -> None:
    """Open "Entrar" in a page of this context and sign in with the user's name and password."""
    with live_server.app.app_context():
        username = db.session.get(User, user_id).username
    page = context.new_page()
    page.goto(f"{live_server.url}/entrar")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(DEMO_PASSWORDS.get(username, PASSWORD))
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("button", name="Salir")).to_be_visible()
    page.close()
