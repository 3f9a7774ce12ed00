"""Who may see and change an account's users: its administrators only, whatever ids a form or URL carries."""
import pytest

from tests.helpers.access import membership
from tests.helpers.factories import make_account
from tests.helpers.pages import check_page


def act(client, world, kind):
    """Each of the administrator's requests, aimed at account A's pending request."""
    target = world["pending_a_m"]
    return {
        "lista": lambda: client.get("/cuenta/usuarios"),
        "aceptar": lambda: client.post("/cuenta/usuarios/acciones", data={"accion": "aceptar", "ids": [target]}),
        "rechazar": lambda: client.post("/cuenta/usuarios/acciones", data={"accion": "rechazar", "ids": [target]}),
        "rol": lambda: client.post(f"/cuenta/usuarios/{world['plain_a_m']}/rol", data={"rol": "administrador"}),
        "historial": lambda: client.get(f"/cuenta/usuarios/{target}/historial"),
        "invitar": lambda: client.post("/cuenta/usuarios/invitar", data={"correo": "nueva@correo.example"}),
    }[kind]()


KINDS = ["lista", "aceptar", "rechazar", "rol", "historial", "invitar"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_administrator_of_the_account_may_do_each_thing(app, world, login_as, outbox, kind):
    client = login_as(world["admin_a"], world["a"])
    response = act(client, world, kind)
    if kind in ("lista", "historial"):
        check_page(response, 200)
    else:
        check_page(response, 303)
    state, role, _ = membership(app, world["pending_a_m"])
    assert state == {"aceptar": "aceptado", "rechazar": "rechazado"}.get(kind, "pendiente")
    assert membership(app, world["plain_a_m"])[1] == ("administrador" if kind == "rol" else "usuario")
    assert bool([m for m in outbox() if m.recipient == "nueva@correo.example"]) == (kind == "invitar")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["plain_a", "pending_a"])
def test_a_plain_or_pending_user_of_the_account_is_refused_and_nothing_changes(app, world, login_as, outbox,
                                                                                 kind, who):
    before = membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])
    client = login_as(world[who], world["a"])  # a pending user's session account is dropped: still refused
    check_page(act(client, world, kind), 403)
    assert (membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])) == before
    assert not [m for m in outbox() if m.recipient == "nueva@correo.example"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_administrator_of_another_account_changes_nothing_with_tampered_ids(app, world, login_as, outbox, kind):
    before = membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])
    client = login_as(world["admin_b"], world["b"])
    response = act(client, world, kind)
    if kind in ("aceptar", "rechazar"):
        check_page(response, 303, "/cuenta/usuarios")  # ids of account A are ignored
    elif kind == "rol":
        check_page(response, 403)
    elif kind == "historial":
        check_page(response, 404)
    else:  # the list and the invitation are account B's own
        check_page(response, 200 if kind == "lista" else 303)
    assert (membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])) == before


@pytest.mark.parametrize("kind", KINDS)
def test_an_administrator_of_another_account_cannot_claim_it_in_the_session(app, world, login_as, kind):
    with app.app_context():
        make_account(world["admin_b"])  # two accounts of their own: nothing is picked for them
    before = membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])
    client = login_as(world["admin_b"], world["a"])
    response = act(client, world, kind)
    if kind in ("lista", "historial"):  # a page to see: asked which of their own accounts to act for first
        assert response.status_code == 303 and response.headers["Location"].startswith("/usuario/cuenta?next=")
    else:
        check_page(response, 403)
    assert (membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])) == before
    with client.session_transaction() as session:
        assert "account_id" not in session


@pytest.mark.parametrize("kind", KINDS)
def test_an_anonymous_visitor_is_sent_to_entrar(app, world, client, kind):
    before = membership(app, world["pending_a_m"])
    response = act(client, world, kind)
    assert response.status_code == 303 and "/entrar" in response.headers["Location"]
    assert membership(app, world["pending_a_m"]) == before


def test_a_user_cannot_act_for_an_account_they_do_not_belong_to(app, world, login_as):
    client = login_as(world["plain_a"], world["a"])
    check_page(client.post("/usuario/cuenta", data={"account_id": world["b"]}), 403)
    with client.session_transaction() as session:
        assert session["account_id"] == world["a"]
    check_page(client.post("/usuario/cuenta", data={"account_id": "x"}), 403)
    pending = login_as(world["pending_a"])  # asked for account A, not yet accepted: cannot act for it
    check_page(pending.post("/usuario/cuenta", data={"account_id": world["a"]}), 403)
    with pending.session_transaction() as session:
        assert "account_id" not in session


def test_the_escritorio_of_another_account_cannot_be_reached(app, world, login_as):
    client = login_as(world["admin_b"], world["a"])
    response = client.get("/cuenta/escritorio")
    html = check_page(response, 200)
    assert "Beta Servicios Ltda." in html and "Alfa Ingeniería" not in html


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("how", ["cancelado", "degradado"])
def test_an_administrator_removed_while_their_session_is_open_is_refused_and_nothing_changes(app, world, login_as,
                                                                                               outbox, kind, how):
    from tests.helpers.factories import add_member, make_user
    from wizard.access import service
    from wizard.models import Role, State
    with app.app_context():
        removed = make_user(full_name="Ex Admin")
        removed_m = add_member(removed, world["a"], role=Role.ADMIN, state=State.ACEPTADO)
    client = login_as(removed, world["a"])
    check_page(client.get("/cuenta/usuarios"), 200)  # the page is open on their phone
    with app.app_context():
        if how == "cancelado":
            service.apply("cancelar", [removed_m], world["admin_a"], world["a"])
        else:
            service.remove_admin(removed_m, world["admin_a"], world["a"])
    before = membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])
    check_page(act(client, world, kind), 403)
    assert (membership(app, world["pending_a_m"]), membership(app, world["plain_a_m"])) == before
    assert not [m for m in outbox() if m.recipient == "nueva@correo.example"]
