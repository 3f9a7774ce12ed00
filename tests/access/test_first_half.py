"""What a person meets around access requests: told when a rejection is reverted, a calm second "Finalizar",
and an administrator accepting from the Escritorio with that user already selected."""
import re

from tests.helpers.factories import add_member, make_user
from tests.helpers.pages import check_page
from wizard.models import State

HX = {"HX-Request": "true", "HX-Target": "user-status"}


def test_a_reverted_rejection_tells_the_user_the_request_is_pending_again(app, world, login_as, outbox):
    client = login_as(world["admin_a"], account_id=world["a"])
    ids = [world["pending_a_m"]]
    client.post("/cuenta/usuarios/acciones", data={"accion": "rechazar", "ids": ids})
    client.post("/cuenta/usuarios/acciones", data={"accion": "revertir", "ids": ids})
    rejected, reopened = outbox()
    assert rejected.subject == "Su solicitud de acceso a Alfa Ingeniería S.A.S. fue rechazada"
    assert reopened.recipient == "paula@correo.example"
    assert reopened.subject == "Su solicitud de acceso a Alfa Ingeniería S.A.S. está pendiente de nuevo"
    assert "revirtió el rechazo" in reopened.text and "Pendiente" in reopened.text
    assert "/usuario/registros" in reopened.text


def test_finalizar_again_after_the_request_was_sent_says_calmly_that_it_is_pending(app, world, login_as):
    with app.app_context():
        user = make_user(full_name="Nora Nueva")
    client = login_as(user)
    check_page(client.post(f"/cuenta/{world['a']}/solicitud/finalizar"), 303)
    for response in (client.post(f"/cuenta/{world['a']}/solicitud/finalizar"),
                     client.post(f"/cuenta/{world['a']}/solicitud")):
        html = check_page(response)
        assert "notice--error" not in html and 'role="alert"' not in html
        assert "Su solicitud de acceso a Alfa Ingeniería S.A.S. ya está" in html and "Pendiente" in html
        assert 'href="/usuario/registros">Mis registros</a>' in html
        assert ">Finalizar</button>" not in html


def test_a_member_asking_again_is_told_they_have_access(app, world, login_as):
    client = login_as(world["plain_a"])
    html = check_page(client.post(f"/cuenta/{world['a']}/solicitud"))
    assert "Ya tiene acceso a Alfa Ingeniería S.A.S." in html and ">Finalizar</button>" not in html


def test_aceptar_usuarios_on_the_escritorio_opens_the_list_with_that_user_selected(app, world, login_as):
    client = login_as(world["admin_a"], account_id=world["a"])
    desk = check_page(client.get("/cuenta/escritorio"))
    href = re.search(r'href="([^"]+)" aria-describedby="solicitud-%d">Aceptar usuarios<' % world["pending_a_m"],
                     desk).group(1)
    html = check_page(client.get(href.replace("&amp;", "&")))
    row = re.search(r'<tr id="m-%d".*?</tr>' % world["pending_a_m"], html, re.S).group(0)
    assert re.search(r'<input type="checkbox" name="ids" value="%d"[^>]* checked' % world["pending_a_m"], row)
    assert html.count(" checked") == 1


def test_the_selected_user_is_shown_even_beyond_the_first_page(app, world, login_as):
    with app.app_context():
        for n in range(30):
            add_member(make_user(full_name=f"Persona {n}"), world["a"])
    client = login_as(world["admin_a"], account_id=world["a"])
    html = check_page(client.get(f"/cuenta/usuarios?estado=pendiente&sel={world['pending_a_m']}"))
    assert "Paula Pendiente" in html and f'value="{world["pending_a_m"]}" id="sel-{world["pending_a_m"]}"' in html


def test_after_an_action_the_count_above_the_list_is_updated(app, world, login_as):
    client = login_as(world["admin_a"], account_id=world["a"])
    html = check_page(client.get("/cuenta/usuarios?estado=pendiente"))
    assert '<p class="muted" id="user-count">1 usuario con este filtro.</p>' in html
    html = check_page(client.post("/cuenta/usuarios/acciones", headers=HX, data={
        "accion": "aceptar", "ids": [world["pending_a_m"]], "estado": "pendiente"}))
    assert '<p class="muted" id="user-count" hx-swap-oob="true">0 usuarios con este filtro.</p>' in html


def offered(html):
    """The action buttons a person sees (the others are in the page, hidden, for app.js to show as rows change)."""
    return re.findall(r'name="accion" value="[a-z]+">([^<]+)</button>', html)


def test_only_the_actions_that_apply_to_the_listed_rows_are_offered(app, world, login_as):
    client = login_as(world["admin_a"], account_id=world["a"])
    html = check_page(client.get("/cuenta/usuarios?estado=pendiente"))
    assert offered(html) == ["Aceptar acceso", "Rechazar acceso"]
    html = check_page(client.get("/cuenta/usuarios?estado=aceptado"))
    assert offered(html) == ["Cancelar acceso"]
    client.post("/cuenta/usuarios/acciones", data={"accion": "rechazar", "ids": [world["pending_a_m"]]})
    html = check_page(client.get("/cuenta/usuarios"))
    assert offered(html) == ["Cancelar acceso", "Revertir rechazo del acceso"]
    assert 'data-actions="revertir"' in html and 'data-actions="aceptar rechazar"' not in html


def test_a_name_ending_in_a_period_gets_no_second_one(app, login_as):
    from tests.helpers.factories import make_account
    with app.app_context():
        admin = make_user()
        first = make_account(admin, name="Rojas Jaramillo SAS")
        second = make_account(admin, name="Construcciones Andinas Ltda.", nit="900373923")
    client = login_as(admin, account_id=first)
    client.post("/usuario/cuenta", data={"account_id": second})
    html = check_page(client.get("/cuenta/escritorio"))
    assert "Ahora actúa por Construcciones Andinas Ltda." in html and "Ltda.." not in html
    client.post("/cuenta/nueva/tipo", data={"pais": "CO", "tipo": "proveedor", "area": "privado", "organizacion": "sas"})
    html = check_page(client.post("/cuenta/nueva/formulario/validar?campo=nit", data={"nit": "900373923"}))
    assert "Ya existe una cuenta con este número: Construcciones Andinas Ltda. Si usted" in html and "Ltda.." not in html
