"""Where a signed-in user lands: "Entrar", "Escritorio" and the home page say where they are and what comes next."""
from tests.helpers.accounts import ENTITY, KIND_SAS
from tests.helpers.factories import PASSWORD, add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard.models import State


def sign_in(client, username):
    return client.post("/entrar", data={"username": username, "password": PASSWORD})


def test_an_administrator_of_two_accounts_lands_on_the_choice_of_account_then_its_escritorio(app, client):
    with app.app_context():
        admin = make_user(username="rojas.dos")
        first = make_account(admin, name="Rojas Jaramillo SAS")
        make_account(admin, name="Construcciones Andinas Ltda.")
    check_page(sign_in(client, "rojas.dos"), 303, "/escritorio")
    check_page(client.get("/escritorio"), 303, "/usuario/cuenta")
    html = check_page(client.get("/usuario/cuenta"))
    assert "Rojas Jaramillo SAS" in html and "Construcciones Andinas Ltda." in html and "Actuar por esta cuenta" in html
    client.post("/cuenta/nueva/tipo", data=KIND_SAS)  # a third account begun: offered on the choice too
    assert "Continúe el registro de su Entidad, paso 2 de 4" in check_page(client.get("/usuario/cuenta"))
    check_page(client.post("/usuario/cuenta", data={"account_id": first}), 303, "/cuenta/escritorio")
    check_page(client.get("/escritorio"), 303, "/cuenta/escritorio")  # every later tap on "Escritorio"


def test_a_user_with_one_account_lands_on_its_escritorio_and_one_without_on_section_3(app, client):
    with app.app_context():
        admin = make_user(username="una.cuenta")
        make_account(admin, name="Una Cuenta SAS")
        make_user(username="sin.cuenta")
    sign_in(client, "una.cuenta")
    check_page(client.get("/escritorio"), 303, "/cuenta/escritorio")
    other = app.test_client()
    sign_in(other, "sin.cuenta")
    check_page(other.get("/escritorio"), 303, "/registro/entidad")


def test_the_home_page_of_a_signed_in_user_leads_to_their_escritorio(app, client):
    with app.app_context():
        admin = make_user(username="con.cuenta")
        make_account(admin, name="Con Cuenta SAS")
    sign_in(client, "con.cuenta")
    html = check_page(client.get("/"))
    assert "Regístrese para contratar con el Estado" not in html and 'href="/registro/">Registro<' not in html
    assert "Con Cuenta SAS" in html and 'href="/escritorio"' in html and "Ir al Escritorio" in html


def test_the_home_page_of_a_user_without_account_leads_to_section_3(app, client):
    with app.app_context():
        make_user(username="nueva.persona")
    sign_in(client, "nueva.persona")
    html = check_page(client.get("/"))
    assert "Regístrese para contratar" not in html
    assert 'href="/registro/entidad"' in html and "Crear o solicitar acceso a una Entidad" in html


def test_an_unfinished_account_is_offered_by_name_on_the_home_page_and_on_section_3_after_signing_in(app, client):
    with app.app_context():
        make_user(username="a.medias")
    sign_in(client, "a.medias")
    client.post("/cuenta/nueva/tipo", data=KIND_SAS)
    client.post("/cuenta/nueva/formulario", data={**ENTITY, "guardar": "1"})
    client.post("/salir")
    sign_in(client, "a.medias")
    for path in ("/", "/registro/entidad"):
        html = check_page(client.get(path))
        assert "Continúe el registro de Constructora Andina S.A.S., paso 2 de 4" in html, path
        assert 'href="/cuenta/nueva">Continuar el registro' in html, path
    client.post("/cuenta/nueva/formulario", data=ENTITY)  # the form passes: the documents are next
    assert "paso 3 de 4" in check_page(client.get("/"))


def test_an_administrator_creating_a_second_account_finds_it_on_the_escritorio(app, client, login_as):
    with app.app_context():
        admin = make_user()
        account = make_account(admin, name="Primera SAS")
    login_as(admin, account_id=account)
    client.post("/cuenta/nueva/tipo", data=KIND_SAS)
    html = check_page(client.get("/cuenta/escritorio"))
    assert "Continúe el registro de su Entidad, paso 2 de 4" in html


def test_a_pending_request_is_named_on_the_home_page(app, client):
    with app.app_context():
        user = make_user(username="espera.respuesta")
        account = make_account(name="Empresa Esperada SAS")
        add_member(user, account, state=State.PENDIENTE)
    sign_in(client, "espera.respuesta")
    html = check_page(client.get("/"))
    assert "Su solicitud de acceso a <b>Empresa Esperada SAS</b> está" in html and "Pendiente" in html


def test_every_page_names_the_mesa_de_servicio_and_section_1_says_how_personal_data_is_treated(client):
    html = check_page(client.get("/"))
    assert "Mesa de servicio" in html and "018000 520808" in html and "601 745 6788" in html
    html = check_page(client.get("/registro/"))
    assert "Ley 1581 de 2012" in html and "habeas data" in html
    assert 'href="/privacidad">Política de tratamiento de datos personales</a>' in html
    html = check_page(client.get("/privacidad"))
    assert "<h1>Política de tratamiento de datos personales</h1>" in html and "Ley 1581 de 2012" in html
