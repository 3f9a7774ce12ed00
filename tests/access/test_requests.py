"""The user's side: asking for access, "Mis registros", "Nuevo registro", and the acting account."""
from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Membership, State


def test_asking_for_access_confirms_then_finalizar_leaves_it_pending_and_tells_the_admin(app, world, login_as,
                                                                                          outbox):
    with app.app_context():
        user = make_user(full_name="Nora Nueva", email="nora@correo.example")
    client = login_as(user)
    html = check_page(client.post(f"/cuenta/{world['a']}/solicitud", data={"volver": "/usuario/registros/nuevo?nombre=alfa"}))
    assert "Solicitud de acceso" in html and "Alfa Ingeniería S.A.S." in html
    assert 'href="/usuario/registros/nuevo?nombre=alfa"' in html and "Volver a la búsqueda" in html
    response = client.post(f"/cuenta/{world['a']}/solicitud/finalizar")
    check_page(response, 303, f"/cuenta/{world['a']}/solicitud/enviada")
    html = check_page(client.get(response.headers["Location"]))
    assert "Pendiente" in html and "administrador" in html and "Mis registros" in html
    mail = [m for m in outbox() if m.recipient == "ana@a.example"]
    assert mail and "El usuario Nora Nueva (nora@correo.example) está solicitando acceso" in mail[0].text


def test_the_back_link_is_only_offered_for_a_path_of_this_site(app, world, login_as):
    client = login_as(world["pending_b"])
    for bad in ("https://malo.example/x", "//malo.example", "javascript:alert(1)", "/\\malo.example"):
        html = check_page(client.post(f"/cuenta/{world['a']}/solicitud", data={"volver": bad}))
        assert "Volver a la búsqueda" not in html and "malo" not in html


def test_a_second_request_while_pending_is_answered_calmly_with_its_state(app, world, login_as):
    client = login_as(world["pending_a"])
    html = check_page(client.post(f"/cuenta/{world['a']}/solicitud/finalizar"))
    assert "ya está <span class=\"badge pendiente\">Pendiente</span>" in html and "notice--error" not in html


def test_a_double_click_on_finalizar_makes_one_request(app, world, login_as, outbox):
    with app.app_context():
        user = make_user()
    client = login_as(user)
    check_page(client.post(f"/cuenta/{world['b']}/solicitud/finalizar"), 303)
    check_page(client.post(f"/cuenta/{world['b']}/solicitud/finalizar"))  # says it is pending
    assert len([m for m in outbox() if m.subject.startswith("Solicitud de acceso")]) == 1


def test_an_unknown_account_is_not_found(app, world, login_as):
    client = login_as(world["pending_a"])
    check_page(client.post("/cuenta/999999/solicitud"), 404)
    check_page(client.post("/cuenta/999999/solicitud/finalizar"), 404)


def test_mis_registros_lists_each_membership_with_nit_dates_and_state(app, world, login_as):
    with app.app_context():
        add_member(world["pending_a"], world["b"], state=State.ACEPTADO)
    html = check_page(login_as(world["pending_a"]).get("/usuario/registros"))
    for text in ("NIT", "Entidad Estatal/Proveedor", "Fecha de solicitud", "Fecha de aceptación", "Estado",
                 "Alfa Ingeniería S.A.S.", "Beta Servicios Ltda.", "Pendiente", "Aceptado", "Proveedor",
                 "Nuevo registro"):
        assert text in html


def test_nuevo_registro_finds_accounts_ignoring_accents_and_case(app, world, login_as):
    client = login_as(world["pending_b"])
    html = check_page(client.get("/usuario/registros/nuevo?nombre=INGENIERIA"))
    assert "Alfa Ingeniería S.A.S." in html and "Solicitar" in html
    html = check_page(client.get("/usuario/registros/nuevo?nombre=beta"))
    assert "Beta Servicios Ltda." in html and "Pendiente" in html and "Solicitar<" not in html
    html = check_page(client.get("/usuario/registros/nuevo?nombre=zzzz"))
    assert "No ha sido encontrada ninguna Entidad" in html
    html = check_page(client.get("/usuario/registros/nuevo?nombre="), 422)
    assert "Escriba el nombre" in html


def test_nuevo_registro_answers_htmx_with_the_results_only(app, world, login_as):
    client = login_as(world["pending_b"])
    html = check_page(client.get("/usuario/registros/nuevo?nombre=alfa", headers={"HX-Request": "true", "HX-Target": "results"}))
    assert "Alfa Ingeniería S.A.S." in html and "<html" not in html and "<h1>" not in html


def test_a_user_of_several_accounts_picks_one_and_the_header_shows_it(app, world, login_as):
    with app.app_context():
        add_member(world["plain_a"], world["b"], state=State.ACEPTADO)
    client = login_as(world["plain_a"])
    html = check_page(client.get("/usuario/cuenta"))
    assert html.count("Actuar por esta cuenta") == 2
    check_page(client.post("/usuario/cuenta", data={"account_id": world["b"]}), 303, "/cuenta/escritorio")
    html = check_page(client.get("/usuario/registros"))
    header = html.split("</header>")[0]
    assert "Beta Servicios Ltda." in header and "Cambiar" in header


def test_a_single_account_is_picked_and_shown_without_cambiar(app, world, login_as):
    client = login_as(world["plain_a"])
    header = check_page(client.get("/usuario/registros")).split("</header>")[0]
    assert "Alfa Ingeniería S.A.S." in header and "Cambiar" not in header


def test_a_cancelled_membership_drops_the_session_account_on_the_next_request(app, world, login_as):
    with app.app_context():
        add_member(world["plain_a"], world["b"], state=State.ACEPTADO)
    client = login_as(world["plain_a"], world["a"])
    assert "Alfa Ingeniería" in check_page(client.get("/usuario/registros")).split("</header>")[0]
    with app.app_context():
        db.session.get(Membership, world["plain_a_m"]).state = State.CANCELADO
        db.session.commit()
    header = check_page(client.get("/usuario/registros")).split("</header>")[0]
    assert "Alfa Ingeniería" not in header and "Beta Servicios Ltda." in header  # the one left is picked
    with app.app_context():
        db.session.get(Membership, world["plain_a_m"]).state = State.ACEPTADO
        db.session.commit()
    header = check_page(client.get("/usuario/registros")).split("</header>")[0]
    assert "Beta Servicios Ltda." in header and "Cambiar" in header


def test_a_user_with_only_pending_requests_is_sent_to_the_account_list(app, world, login_as):
    check_page(login_as(world["pending_a"], world["a"]).get("/cuenta/escritorio"), 303, "/usuario/cuenta")


def test_the_escritorio_without_any_account_goes_to_section_3(app, login_as):
    with app.app_context():
        user = make_user()
    check_page(login_as(user).get("/cuenta/escritorio"), 303, "/registro/entidad")


def test_a_plain_member_sees_their_account_and_state_on_the_escritorio(app, world, login_as):
    html = check_page(login_as(world["plain_a"]).get("/cuenta/escritorio"))
    assert "Alfa Ingeniería S.A.S." in html and "Aceptado" in html and "está solicitando acceso" not in html


def test_the_administrator_sees_a_card_per_pending_request_and_the_counters(app, world, login_as):
    with app.app_context():
        add_member(make_user(full_name="Quinto Pendiente", email="quinto@correo.example"), world["a"])
        make_account(None)
    html = check_page(login_as(world["admin_a"]).get("/cuenta/escritorio"))
    assert "El usuario <b>Paula Pendiente</b> (paula@correo.example) está solicitando acceso" in html
    assert "El usuario <b>Quinto Pendiente</b> (quinto@correo.example) está solicitando acceso" in html
    assert html.count("Aceptar usuarios") == 2 and "<b>2</b> Solicitudes de acceso pendientes" in html
    assert 'href="/cuenta/usuarios?estado=pendiente"' in html


def test_an_account_id_beyond_the_database_integer_is_refused_not_a_server_error(app, world, login_as):
    client = login_as(world["plain_a"], world["a"])
    check_page(client.post("/usuario/cuenta", data={"account_id": "99999999999999999999999"}), 403)
    with client.session_transaction() as session:
        assert session["account_id"] == world["a"]


def test_a_user_with_only_a_pending_request_is_told_why_there_is_nothing_to_choose(app, world, login_as):
    html = check_page(login_as(world["pending_a"]).get("/usuario/cuenta"))
    assert "Actuar por esta cuenta" not in html
    assert "Aún no tiene acceso aceptado a ninguna cuenta" in html and "le llegará un correo" in html
    html = check_page(login_as(world["plain_a"]).get("/usuario/cuenta"))
    assert "Aún no tiene acceso aceptado" not in html


def test_the_administrators_email_opens_the_escritorio_of_the_account_asked_for(app, world, login_as, outbox):
    """An administrator of two accounts, acting for the other one, lands on the right Escritorio from the email."""
    import re
    with app.app_context():
        other = make_account(world["admin_a"], name="Otra Cuenta de Ana S.A.S.")
        user = make_user(full_name="Rita Remota")
    login_as(user).post(f"/cuenta/{world['a']}/solicitud/finalizar")
    mail = [m for m in outbox() if m.recipient == "ana@a.example"][-1]
    link = re.search(r"http://\S+/cuenta/escritorio\S*", mail.text).group(0).split("://", 1)[1].split("/", 1)[1]
    client = login_as(world["admin_a"], other)
    html = check_page(client.get("/" + link))
    assert "El usuario <b>Rita Remota</b>" in html and "Alfa Ingeniería S.A.S." in html.split("</header>")[0]
    stranger = login_as(world["admin_b"], world["b"])  # the same link in another account's hands changes nothing
    html = check_page(stranger.get("/" + link))
    assert "Beta Servicios Ltda." in html and "Rita Remota" not in html
    with stranger.session_transaction() as session:
        assert session["account_id"] == world["b"]


def test_nuevo_registro_with_htmx_puts_the_message_on_the_field_and_clears_it_after(app, world, login_as):
    client = login_as(world["pending_b"])
    headers = {"HX-Request": "true", "HX-Target": "results"}
    html = check_page(client.get("/usuario/registros/nuevo?nombre=", headers=headers), 422)
    frame = html[html.rindex("<div", 0, html.index('id="nombre-field"')):]
    frame = frame[:frame.index("</div>", frame.index("</div>") + 1)]
    assert 'hx-swap-oob="true"' in frame and "has-error" in frame and 'aria-invalid="true"' in frame
    assert "Escriba el nombre" in frame
    html = check_page(client.get("/usuario/registros/nuevo?nombre=alfa", headers=headers))
    frame = html[html.rindex("<div", 0, html.index('id="nombre-field"')):]
    assert 'hx-swap-oob="true"' in frame and "has-error" not in frame.split(">", 1)[0] and 'value="alfa"' in frame
    assert "hx-swap-oob" not in check_page(client.get("/usuario/registros/nuevo?nombre="), 422)
