"""What a person whose access was cancelled or rejected is told: on "Cuenta por la que actúa", on the home page, in
"Mis registros" and by mail."""
from tests.helpers.factories import add_member
from tests.helpers.pages import check_page
from wizard.models import State


def cancel_plain_user(world, login_as):
    client = login_as(world["admin_a"], world["a"])
    check_page(client.post("/cuenta/usuarios/acciones", data={"accion": "cancelar", "ids": [world["plain_a_m"]]}), 303)
    return login_as(world["plain_a"])


def test_a_cancelled_user_is_not_told_a_request_of_hers_is_waiting(world, login_as):
    client = cancel_plain_user(world, login_as)
    html = check_page(client.get("/usuario/cuenta"))
    assert "Cuando un administrador acepte su solicitud" not in html
    assert "canceló su acceso" in html and "ni solicitudes pendientes" in html
    assert f'href="/cuenta/{world["a"]}/solicitud"' in html and "Solicitar acceso de nuevo" in html
    check_page(client.get("/cuenta/escritorio"), 303, "/usuario/cuenta")


def test_a_rejected_user_is_told_it_was_rejected_and_a_pending_one_that_it_waits(app, world, login_as):
    with app.app_context():
        add_member(world["pending_b"], world["a"], state=State.RECHAZADO)
    html = check_page(login_as(world["pending_b"]).get("/usuario/cuenta"))
    assert "rechazó su solicitud" in html and "Su solicitud espera" in html  # rejected by A, pending at B
    assert "Cuando un administrador acepte su solicitud pendiente" in html


def test_the_home_page_says_the_request_is_cancelada(world, login_as):
    client = cancel_plain_user(world, login_as)
    html = check_page(client.get("/"))
    assert "Su solicitud de acceso a <b>Alfa Ingeniería S.A.S.</b> está" in html
    assert ">Cancelada</span>" in html and ">Cancelado</span>" not in html


def test_mis_registros_keeps_the_date_a_cancelled_access_was_accepted(world, login_as):
    client = cancel_plain_user(world, login_as)
    html = check_page(client.get("/usuario/registros"))
    cell = html.split('data-label="Fecha de aceptación">')[1].split("</td>")[0]
    assert cell.strip() not in ("—", "")


def test_the_rejection_mail_links_mis_registros(world, login_as, outbox):
    client = login_as(world["admin_a"], world["a"])
    client.post("/cuenta/usuarios/acciones", data={"accion": "rechazar", "ids": [world["pending_a_m"]]})
    mail = [m for m in outbox() if m.recipient == "paula@correo.example"][-1]
    assert "rechazada" in mail.subject
    assert "/usuario/registros" in mail.text and 'href="http' in mail.html and "/usuario/registros\"" in mail.html
