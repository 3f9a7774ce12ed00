""""Administración de usuarios": the list, its actions with and without htmx, roles, history, invitations."""
import re

from tests.helpers.access import membership
from tests.helpers.factories import add_member, make_user
from tests.helpers.pages import check_page
from wizard.models import State

HX = {"HX-Request": "true", "HX-Target": "user-status"}


def test_the_list_shows_every_column_filters_and_options(app, world, login_as):
    html = check_page(login_as(world["admin_a"]).get("/cuenta/usuarios"))
    for text in ("Nombre", "Correo electrónico", "Fecha de registro", "Acceso a la cuenta", "Rol",
                 "Última actualización de estado", "Crear usuarios", "Aceptar acceso", "Rechazar acceso",
                 "Cancelar acceso", "Revertir rechazo del acceso", "Todos", "Historial",
                 "Ana Admin", "Pablo Plano", "Paula Pendiente", "Hacer administrador"):
        assert text in html, text
    assert "Beta" not in html and "Berta" not in html
    assert "Quitar administrador" not in html  # the only administrator cannot be demoted


def test_the_list_filters_by_state_and_searches_name_or_email(app, world, login_as):
    client = login_as(world["admin_a"])
    html = check_page(client.get("/cuenta/usuarios?estado=pendiente"))
    assert "Paula Pendiente" in html and "Pablo Plano" not in html
    html = check_page(client.get("/cuenta/usuarios?q=PAULA%40correo"))
    assert "Paula Pendiente" in html and "Ana Admin" not in html
    html = check_page(client.get("/cuenta/usuarios?q=plano"))
    assert "Pablo Plano" in html and "Paula" not in html


def test_the_name_search_ignores_accents_and_case_either_way(app, world, login_as):
    with app.app_context():
        add_member(make_user(full_name="José Ñáñez Muñoz"), world["a"], state=State.ACEPTADO)
    client = login_as(world["admin_a"])
    for typed in ("jose nanez", "JOSÉ ÑÁÑEZ", "Muñoz", "munoz"):
        assert "José Ñáñez Muñoz" in check_page(client.get("/cuenta/usuarios", query_string={"q": typed})), typed
    assert "José Ñáñez" not in check_page(client.get("/cuenta/usuarios", query_string={"q": "josefina"}))
    with app.app_context():
        add_member(make_user(full_name="José Núñez"), world["a"])
    assert "José Núñez" in check_page(client.get("/cuenta/usuarios?q=josé"))
    assert "José Núñez" not in check_page(client.get("/cuenta/usuarios?q=100%25_"))
    check_page(client.get("/cuenta/usuarios?estado=raro&page=-4&q=" + "x" * 5000))


def test_an_action_without_javascript_answers_303_to_the_same_filtered_list_with_a_message(app, world, login_as):
    client = login_as(world["admin_a"])
    response = client.post("/cuenta/usuarios/acciones", data={
        "accion": "aceptar", "ids": [world["pending_a_m"], world["plain_a_m"]], "estado": "pendiente", "q": "",
        "page": "1"})
    check_page(response, 303, "/cuenta/usuarios?estado=pendiente")
    html = check_page(client.get(response.headers["Location"]))
    assert "Se aceptó el acceso de 1 usuario." in html
    assert "Pablo Plano: el acceso ya está Aceptado" in html


def test_without_javascript_nothing_changed_is_not_shown_as_a_success(app, world, login_as):
    """«No se cambió ningún acceso.» came in the green of a success; with htmx it is a warning, and so it is now."""
    client = login_as(world["admin_a"])
    client.post("/cuenta/usuarios/acciones", data={"accion": "cancelar", "ids": [world["admin_a_m"]]})
    html = check_page(client.get("/cuenta/usuarios"))
    assert '<div class="notice notice--warning" role="status">No se cambió ningún acceso.</div>' in html
    assert "notice--success" not in html
    # another account's ids (or rows gone since the list was drawn) change nothing either: no green
    client.post("/cuenta/usuarios/acciones", data={"accion": "aceptar", "ids": [world["pending_b_m"]]})
    html = check_page(client.get("/cuenta/usuarios"))
    assert '<div class="notice notice--warning" role="status">No se cambió ningún acceso.</div>' in html
    assert "notice--success" not in html
    client.post("/cuenta/usuarios/acciones", data={"accion": "aceptar", "ids": [world["pending_a_m"]]})
    assert '<div class="notice notice--success" role="status">Se aceptó el acceso de 1 usuario.</div>' in \
        check_page(client.get("/cuenta/usuarios"))


def test_an_action_with_htmx_swaps_only_the_changed_rows_and_says_what_it_did(app, world, login_as):
    with app.app_context():
        other = add_member(make_user(full_name="Otro Pendiente"), world["a"])
    client = login_as(world["admin_a"])
    response = client.post("/cuenta/usuarios/acciones", headers=HX, data={
        "accion": "aceptar", "ids": [world["pending_a_m"], other], f"v{other}": "1"})
    html = check_page(response, 200)
    assert "Se aceptó el acceso de 2 usuarios." in html
    swapped = re.findall(r'<tr id="(m-\d+)" hx-swap-oob="true"', html)
    assert sorted(swapped) == sorted([f"m-{world['pending_a_m']}", f"m-{other}"])
    assert html.count("<template>") == 2 and "Aceptado" in html and "<html" not in html


def test_a_refused_row_is_listed_in_the_htmx_message(app, world, login_as):
    client = login_as(world["admin_a"])
    html = check_page(client.post("/cuenta/usuarios/acciones", headers=HX, data={
        "accion": "cancelar", "ids": [world["admin_a_m"]]}))
    assert "No se cambió ningún acceso." in html
    assert "Ana Admin: La cuenta debe conservar al menos un administrador" in html


def test_no_selection_or_an_unknown_action_is_explained(app, world, login_as):
    client = login_as(world["admin_a"])
    html = check_page(client.post("/cuenta/usuarios/acciones", headers=HX, data={"accion": "aceptar"}), 422)
    assert "Seleccione al menos un usuario" in html
    html = check_page(client.post("/cuenta/usuarios/acciones", headers=HX,
                                  data={"accion": "borrar", "ids": [world["pending_a_m"]]}), 422)
    assert "Elija una de las acciones" in html
    check_page(client.post("/cuenta/usuarios/acciones", data={"accion": "aceptar", "ids": ["x", "1e9"]}), 303)
    assert "Seleccione al menos un usuario" in check_page(client.get("/cuenta/usuarios"))


def test_two_administrators_on_the_same_page_get_one_outcome_and_the_second_a_message(app, world, login_as):
    with app.app_context():
        second = make_user()
        add_member(second, world["a"], role="administrador", state=State.ACEPTADO)
    version = str(membership(app, world["pending_a_m"])[2])
    first_client = login_as(world["admin_a"])
    data = {"ids": [world["pending_a_m"]], f"v{world['pending_a_m']}": version}
    check_page(first_client.post("/cuenta/usuarios/acciones", headers=HX, data={**data, "accion": "aceptar"}))
    second_client = app.test_client()
    with app.app_context():
        from wizard.extensions import db
        from wizard.models import User
        session_id = db.session.get(User, second).session_id
    with second_client.session_transaction() as session:
        session["_user_id"], session["account_id"] = session_id, world["a"]
    html = check_page(second_client.post("/cuenta/usuarios/acciones", headers=HX,
                                         data={**data, "accion": "rechazar"}))
    assert "La solicitud ya fue atendida por otro administrador" in html
    assert membership(app, world["pending_a_m"])[0] == "aceptado"


def test_a_double_post_changes_once_and_explains_the_second(app, world, login_as, outbox):
    client = login_as(world["admin_a"])
    data = {"accion": "aceptar", "ids": [world["pending_a_m"]], f"v{world['pending_a_m']}": "1"}
    check_page(client.post("/cuenta/usuarios/acciones", data=data), 303)
    check_page(client.post("/cuenta/usuarios/acciones", data=data), 303)
    html = check_page(client.get("/cuenta/usuarios"))
    assert "La solicitud ya fue atendida por otro administrador" in html
    assert len([m for m in outbox() if "aceptada" in m.subject]) == 1


def test_making_and_removing_an_administrator_swaps_the_row(app, world, login_as):
    client = login_as(world["admin_a"])
    html = check_page(client.post(f"/cuenta/usuarios/{world['plain_a_m']}/rol", headers=HX,
                                  data={"rol": "administrador"}))
    assert "Pablo Plano ahora es administrador." in html and f'id="m-{world["plain_a_m"]}"' in html
    assert membership(app, world["plain_a_m"])[1] == "administrador"
    check_page(client.post(f"/cuenta/usuarios/{world['admin_a_m']}/rol", data={"rol": "usuario"}), 303)
    assert membership(app, world["admin_a_m"])[1] == "usuario"
    check_page(client.get("/cuenta/usuarios"), 403)  # no longer an administrator
    client = login_as(world["plain_a"])
    html = check_page(client.post(f"/cuenta/usuarios/{world['plain_a_m']}/rol", headers=HX,
                                  data={"rol": "usuario"}), 422)
    assert "al menos un administrador" in html and membership(app, world["plain_a_m"])[1] == "administrador"


def test_the_history_shows_who_when_and_from_which_state(app, world, login_as):
    client = login_as(world["admin_a"])
    client.post("/cuenta/usuarios/acciones", data={"accion": "rechazar", "ids": [world["pending_a_m"]]})
    html = check_page(client.get(f"/cuenta/usuarios/{world['pending_a_m']}/historial"))
    assert "Historial de Paula Pendiente" in html and "Rechazar acceso" in html and "por Ana Admin" in html
    assert "Pendiente → Rechazado" in html
    fragment = check_page(client.get(f"/cuenta/usuarios/{world['pending_a_m']}/historial",
                                     headers={"HX-Request": "true", "HX-Target": "hist-3"}))
    assert "<html" not in fragment and "Pendiente → Rechazado" in fragment


def test_ids_and_pages_beyond_the_database_integer_are_ignored_not_a_server_error(app, world, login_as):
    client = login_as(world["admin_a"])
    huge = "99999999999999999999999"
    response = client.post("/cuenta/usuarios/acciones", data={"accion": "aceptar", "ids": [huge]})
    check_page(response, 303, "/cuenta/usuarios")
    assert "Seleccione al menos un usuario" in check_page(client.get("/cuenta/usuarios"))
    response = client.post("/cuenta/usuarios/acciones", data={
        "accion": "aceptar", "ids": [huge, str(world["pending_a_m"])]})
    check_page(response, 303, "/cuenta/usuarios")
    assert membership(app, world["pending_a_m"])[0] == "aceptado"
    html = check_page(client.get(f"/cuenta/escritorio?page={huge}"))
    assert "Solicitudes de acceso" in html


def test_a_refused_role_change_is_not_shown_as_a_success(app, world, login_as):
    client = login_as(world["admin_a"])
    html = check_page(client.post(f"/cuenta/usuarios/{world['admin_a_m']}/rol", headers=HX,
                                  data={"rol": "usuario"}), 422)
    assert "al menos un administrador" in html
    assert "notice--success" not in html and "notice--warning" in html
    html = check_page(client.post(f"/cuenta/usuarios/{world['plain_a_m']}/rol", headers=HX,
                                  data={"rol": "administrador"}))
    assert "notice--success" in html


def test_fecha_de_registro_is_when_the_person_registered_as_in_the_guide(app, world, login_as):
    """The guide's list shows a user registered in 2016 who asked for access in 2017: two different dates."""
    from datetime import UTC, datetime
    with app.app_context():
        veteran = make_user(full_name="Leonardo Neira", created_at=datetime(2016, 4, 6, 14, 2, tzinfo=UTC))
        add_member(veteran, world["a"])
    html = check_page(login_as(world["admin_a"]).get("/cuenta/usuarios?q=leonardo"))
    row = html.split('data-label="Fecha de registro">', 1)[1].split("</td>", 1)[0]
    assert row.startswith("06/04/2016")


def test_a_signed_in_search_travels_uncompressed_so_no_other_site_can_guess_its_rows_by_size(app, world, login_as):
    """BREACH: another site can make a signed-in browser GET a search and watch the size of its compressed answer."""
    client = login_as(world["admin_a"])
    browser = {"Accept-Encoding": "gzip, deflate, br, zstd"}

    listed = client.get("/cuenta/usuarios", headers=browser)
    searched = client.get("/cuenta/usuarios?q=paula", headers=browser)

    assert listed.headers["Content-Encoding"] == "zstd"
    assert "Content-Encoding" not in searched.headers and "Accept-Encoding" in searched.headers["Vary"]
    assert "Paula Pendiente" in searched.get_data(as_text=True)



def test_an_administrator_who_removes_themselves_lands_on_the_escritorio_not_on_a_refusal(app, world, login_as):
    """With another administrator left, giving up one's own role or access is allowed; the list is no longer
    theirs, so the answer is the Escritorio saying what happened, not "Acceso no permitido"."""
    with app.app_context():
        second = make_user(full_name="Segunda Admin")
        second_m = add_member(second, world["a"], role="administrador", state=State.ACEPTADO)
        add_member(make_user(full_name="Tercera Admin"), world["a"], role="administrador", state=State.ACEPTADO)
    client = login_as(world["admin_a"])
    response = client.post(f"/cuenta/usuarios/{world['admin_a_m']}/rol", data={"rol": "usuario"})
    check_page(response, 303, "/cuenta/escritorio")
    html = check_page(client.get("/cuenta/escritorio"))
    assert "Ana Admin ya no es administrador." in html
    assert "Ya no administra los usuarios de Alfa Ingeniería S.A.S." in html
    assert "Solicitudes de acceso pendientes" not in html  # the Escritorio of a plain user of the account

    client = login_as(second)  # with htmx, cancelling one's own access: a whole page, the header changes too
    response = client.post("/cuenta/usuarios/acciones", headers=HX, data={"accion": "cancelar", "ids": [second_m]})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/cuenta/escritorio"
    assert membership(app, second_m)[0] == State.CANCELADO
    html = check_page(client.get("/cuenta/escritorio", follow_redirects=True))
    assert "Se canceló el acceso de 1 usuario." in html and "Ya no administra los usuarios de Alfa" in html
