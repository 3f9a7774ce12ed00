"""An administrator of several accounts who opens an account page before choosing one is asked which account,
then brought back to the page (as the emailed /cuenta/escritorio?cuenta=N link already does)."""
import re

from tests.helpers.access import membership
from tests.helpers.factories import add_member
from tests.helpers.pages import check_page
from wizard.models import Role, State


def test_users_page_before_choosing_an_account_asks_which_one_and_comes_back(app, world, login_as):
    with app.app_context():
        add_member(world["admin_a"], world["b"], role=Role.ADMIN, state=State.ACEPTADO)
    client = login_as(world["admin_a"])  # no acting account yet: two to choose from
    response = client.get("/cuenta/usuarios?estado=pendiente")
    assert response.status_code == 303, response.status_code
    assert response.headers["Location"].startswith("/usuario/cuenta?next=")
    html = check_page(client.get(response.headers["Location"]))
    assert "Cuenta por la que actúa" in html and "Elija la cuenta por la que actúa" in html
    assert 'name="next" value="/cuenta/usuarios?estado=pendiente"' in html
    back = client.post("/usuario/cuenta", data={"account_id": world["a"], "next": "/cuenta/usuarios?estado=pendiente"})
    check_page(back, 303, "/cuenta/usuarios?estado=pendiente")
    assert "Paula Pendiente" in check_page(client.get("/cuenta/usuarios?estado=pendiente"))


def test_the_way_back_never_leaves_the_site(app, world, login_as):
    with app.app_context():
        add_member(world["admin_a"], world["b"], role=Role.ADMIN, state=State.ACEPTADO)
    client = login_as(world["admin_a"])
    back = client.post("/usuario/cuenta", data={"account_id": world["a"], "next": "//evil.example/x"})
    check_page(back, 303, "/cuenta/escritorio")


def test_a_plain_user_with_one_account_still_gets_403(world, login_as):
    client = login_as(world["plain_a"])
    check_page(client.get("/cuenta/usuarios"), 403)


def test_a_list_drawn_for_one_account_after_switching_in_another_tab_says_so_and_changes_nothing(
        app, world, login_as):
    """Tab one shows account A's users; tab two switches to B. Tab one's "Aceptar acceso" answered "No se cambió
    ningún acceso." with no reason (A's ids are not B's), and its "Hacer administrador" a 403."""
    with app.app_context():
        add_member(world["admin_a"], world["b"], role=Role.ADMIN, state=State.ACEPTADO)
    client = login_as(world["admin_a"], account_id=world["a"])
    assert 'name="cuenta" value="%d"' % world["a"] in check_page(client.get("/cuenta/usuarios"))
    client.post("/usuario/cuenta", data={"account_id": world["b"]})  # the other tab
    response = client.post("/cuenta/usuarios/acciones", data={
        "accion": "aceptar", "ids": [world["pending_a_m"]], "cuenta": world["a"]})
    check_page(response, 303, "/cuenta/usuarios")
    html = check_page(client.get("/cuenta/usuarios"))
    assert "Ahora actúa por Beta Servicios Ltda. (se cambió en otra pestaña o ventana): no se cambió ningún acceso." \
        in html and "Berta Pendiente" in html
    assert membership(app, world["pending_a_m"])[0] == State.PENDIENTE
    response = client.post(f"/cuenta/usuarios/{world['plain_a_m']}/rol", headers={"HX-Request": "true"},
                           data={"rol": "administrador", "cuenta": world["a"]})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/cuenta/usuarios"
    assert membership(app, world["plain_a_m"])[1] == Role.USER
    # the list of the account acted for still works as before
    response = client.post("/cuenta/usuarios/acciones", data={
        "accion": "aceptar", "ids": [world["pending_b_m"]], "cuenta": world["b"]})
    check_page(response, 303, "/cuenta/usuarios")
    assert membership(app, world["pending_b_m"])[0] == State.ACEPTADO
