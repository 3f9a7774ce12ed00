"""One fragment mechanism: htmx aimed at <main> gets the page's main block (with the header's account links out of
band), a known target gets its block, and a target the map does not know is refused instead of given a document."""
import pytest
from sqlalchemy import select

from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Membership, State


def htmx(target: str) -> dict:
    return {"HX-Request": "true", "HX-Target": target}


def test_a_page_aimed_at_main_is_its_main_block_with_its_title_and_the_header_out_of_band(client):
    html = check_page(client.get("/entrar", headers=htmx("main")))
    assert "<!doctype" not in html.lower() and "<footer" not in html
    assert "<title>Entrar · Portal SECOP</title>" in html
    assert 'id="cuenta-nav" hx-swap-oob="true"' in html and "Registro" in html


def test_a_plain_request_and_a_history_restore_get_the_whole_document(client):
    for headers in ({}, {"HX-Request": "true", "HX-Target": "main", "HX-History-Restore-Request": "true"}):
        html = check_page(client.get("/entrar", headers=headers))
        assert html.lstrip().lower().startswith("<!doctype") and "<footer" in html and "hx-swap-oob" not in html


@pytest.mark.parametrize("target", ["", "cualquier-cosa", "resultados-x", "error-summary"])
def test_a_target_the_map_does_not_know_is_refused_not_given_a_whole_document(client, target):
    response = client.get("/entrar", headers={"HX-Request": "true", **({"HX-Target": target} if target else {})})
    assert response.status_code == 400


def test_a_known_target_without_its_block_on_that_page_is_refused(client):
    assert client.get("/entrar", headers=htmx("resultados")).status_code == 400


def test_the_search_results_target_gets_only_the_results(app, login_as):
    with app.app_context():
        make_account(name="Alfa Ingeniería S.A.S.")
        user = make_user()
    html = check_page(login_as(user).get("/registro/entidad?nombre=alfa", headers=htmx("resultados")))
    assert "Alfa Ingeniería" in html and "<h1>" not in html and "<title>" not in html


def test_after_acting_for_another_account_the_next_swap_refreshes_the_header(app, login_as):
    with app.app_context():
        user = make_user()
        first = make_account(user, name="Primera Cuenta S.A.S.")
        second = make_account(name="Segunda Cuenta Ltda.")
        add_member(user, second, state=State.ACEPTADO)
    client = login_as(user, account_id=first)
    response = client.post("/usuario/cuenta", data={"account_id": second}, headers=htmx("main"))
    assert response.status_code == 200 and "/cuenta/escritorio" in response.headers["HX-Location"]
    html = check_page(client.get("/cuenta/escritorio", headers=htmx("main")))
    nav = html[html.index('id="cuenta-nav"'):html.index("</nav>")]
    assert "Segunda Cuenta Ltda." in nav and "Primera Cuenta" not in nav


def test_after_finalizar_the_confirmation_swap_names_the_new_account_in_the_header(app, login_as):
    with app.app_context():
        user = make_user()
        account = make_account(user, name="Recién Creada S.A.S.", created_by_id=user)
        membership = db.session.scalar(select(Membership.id).where(Membership.user_id == user))
    assert membership
    client = login_as(user)  # no acting account in the session yet, as right after "Finalizar"
    html = check_page(client.get(f"/cuenta/{account}/creada", headers=htmx("main")))
    nav = html[html.index('id="cuenta-nav"'):html.index("</nav>")]
    assert "Recién Creada S.A.S." in nav
