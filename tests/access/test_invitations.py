""""Crear usuarios": the invitation email and its link."""
import re

from tests.helpers.factories import make_user
from tests.helpers.pages import check_page


def invite_link(outbox, address):
    mail = [m for m in outbox() if m.recipient == address][-1]
    return re.search(r"http://[^\s]+/invitacion/[^\s]+", mail.text).group(0).split("://", 1)[1].split("/", 1)[1]


def test_an_invited_person_who_signs_in_with_that_email_joins_as_accepted(app, world, login_as, outbox):
    admin = login_as(world["admin_a"])
    check_page(admin.get("/cuenta/usuarios/invitar"))
    check_page(admin.post("/cuenta/usuarios/invitar", data={"correo": "Invitada@Correo.example"}), 303,
               "/cuenta/usuarios")
    path = "/" + invite_link(outbox, "Invitada@Correo.example")
    with app.app_context():
        guest = make_user(full_name="Inés Invitada", email="invitada@correo.example")
    anonymous = app.test_client()
    html = check_page(anonymous.get(path))
    assert "Entrar" in html and "/entrar?next=" in html and "Registro" in html
    client = login_as(guest)
    html = check_page(client.get(path))
    assert "Aceptar la invitación" in html
    check_page(client.post(path), 303, "/usuario/cuenta")
    assert "Alfa Ingeniería S.A.S." in check_page(client.get("/usuario/registros"))
    html = check_page(login_as(world["admin_a"]).get("/cuenta/usuarios?q=invitada"))
    assert "Inés Invitada" in html and "Aceptado" in html
    client = login_as(guest)
    check_page(client.post(path), 422)  # used once


def test_an_invitation_opened_by_another_user_is_refused(app, world, login_as, outbox):
    login_as(world["admin_a"]).post("/cuenta/usuarios/invitar", data={"correo": "alguien@correo.example"})
    path = "/" + invite_link(outbox, "alguien@correo.example")
    html = check_page(login_as(world["pending_b"]).post(path), 422)
    assert "se envió a otro correo" in html


def test_a_broken_invitation_link_says_so(app, world, login_as):
    html = check_page(login_as(world["pending_b"]).get("/invitacion/abc"), 400)
    assert "no es válida" in html


def test_the_invitation_form_explains_a_bad_email_and_an_existing_member(app, world, login_as):
    client = login_as(world["admin_a"])
    html = check_page(client.post("/cuenta/usuarios/invitar", data={"correo": "no-es-correo"}), 422)
    assert "Escriba un correo electrónico válido" in html and "Error: " in html
    html = check_page(client.post("/cuenta/usuarios/invitar", data={"correo": "ana@a.example"}), 422)
    assert "ya tiene acceso a esta cuenta" in html


def test_an_invitation_to_an_address_mail_cannot_reach_is_refused_before_sending(app, world, login_as, outbox):
    html = check_page(login_as(world["admin_a"]).post("/cuenta/usuarios/invitar", data={"correo": "josé@correo.example"}), 422)
    assert "sin tildes ni ñ antes de la @" in html and 'value="josé@correo.example"' in html
    assert outbox() == []


def test_an_invitation_brings_a_cancelled_administrator_back_as_a_plain_user(app, world, login_as, outbox):
    from tests.helpers.access import membership
    from tests.helpers.factories import add_member
    from wizard.models import Role, State
    with app.app_context():
        former = make_user(email="exadmin@correo.example")
        former_m = add_member(former, world["a"], role=Role.ADMIN, state=State.CANCELADO)
    login_as(world["admin_a"]).post("/cuenta/usuarios/invitar", data={"correo": "exadmin@correo.example"})
    path = "/" + invite_link(outbox, "exadmin@correo.example")
    check_page(login_as(former).post(path), 303, "/usuario/cuenta")
    assert membership(app, former_m)[:2] == ("aceptado", "usuario")
    check_page(login_as(former, world["a"]).get("/cuenta/usuarios"), 403)


def test_an_invitation_sent_right_after_a_rejection_is_not_taken_for_an_old_one(app, world, login_as, outbox):
    """The link is refused when the administrator decided after sending it, not in the same second before it."""
    from tests.helpers.access import membership
    admin = login_as(world["admin_a"])
    admin.post("/cuenta/usuarios/acciones", data={"accion": "rechazar", "ids": [world["pending_a_m"]]})
    admin.post("/cuenta/usuarios/invitar", data={"correo": "paula@correo.example"})
    path = "/" + invite_link(outbox, "paula@correo.example")
    check_page(login_as(world["pending_a"]).post(path), 303, "/usuario/cuenta")
    assert membership(app, world["pending_a_m"])[0] == "aceptado"


def test_an_expired_invitation_says_so_and_joins_nobody(app, world, login_as, outbox):
    login_as(world["admin_a"]).post("/cuenta/usuarios/invitar", data={"correo": "tarde@correo.example"})
    path = "/" + invite_link(outbox, "tarde@correo.example")
    with app.app_context():
        late = make_user(email="tarde@correo.example")
    app.config["INVITE_MAX_AGE"] = -1  # the week has passed
    client = login_as(late)
    assert "El enlace de la invitación venció" in check_page(client.get(path), 400)
    assert "El enlace de la invitación venció" in check_page(client.post(path), 400)
    assert "Alfa Ingeniería" not in check_page(client.get("/usuario/registros"))


def test_an_invitation_still_works_after_the_person_also_asked_for_access(app, world, login_as, outbox):
    """Their own request is not an administrator's later 'no': the invitation lets them in."""
    from tests.helpers.access import membership
    from wizard.access import service
    login_as(world["admin_a"]).post("/cuenta/usuarios/invitar", data={"correo": "doble@correo.example"})
    path = "/" + invite_link(outbox, "doble@correo.example")
    with app.app_context():
        person = make_user(email="doble@correo.example")
        request_id = service.request_access(person, world["a"])
    check_page(login_as(person).post(path), 303, "/usuario/cuenta")
    assert membership(app, request_id)[0] == "aceptado"
