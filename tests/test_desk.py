"""The Escritorio gathers what each area contributes: a registered card appears for the users it concerns, and
the Escritorio itself knows nothing of the areas."""
from jinja2 import ChoiceLoader, DictLoader

from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard.desk import cards
from wizard.models import State


def test_an_areas_card_shows_on_the_escritorio_of_the_users_it_is_for(app, login_as, monkeypatch):
    app.jinja_env.loader = ChoiceLoader([DictLoader({"prueba/_card.html": "<h2>Tarjeta de {{ card.who }}</h2>"}),
                                         app.jinja_env.loader])
    providers = list(cards._PROVIDERS)
    monkeypatch.setattr(cards, "_PROVIDERS", providers)
    cards.card(order=5)(lambda m: cards.Card("prueba/_card.html", {"who": m.user.full_name}) if m.is_admin else None)
    with app.app_context():
        admin = make_user(full_name="Ana Admin")
        account = make_account(admin)
        plain = make_user(full_name="Pablo Plano")
        add_member(plain, account, state=State.ACEPTADO)
    html = check_page(login_as(admin, account_id=account).get("/cuenta/escritorio"))
    assert "Tarjeta de Ana Admin" in html and html.index("Tarjeta de") < html.index("Solicitudes de acceso")
    html = check_page(login_as(plain, account_id=account).get("/cuenta/escritorio"))
    assert "Tarjeta de" not in html and "Solicitudes de acceso" not in html


def test_signed_in_pages_bring_the_areas_stylesheet_inside_main_even_in_an_htmx_swap(app, login_as):
    """Contracts, circulars and payments style their cards with areas.css: a page that reaches the Escritorio by a
    swap of <main> (the head stays as it was) still gets it."""
    with app.app_context():
        admin = make_user()
        account = make_account(admin)
    client = login_as(admin, account_id=account)
    link = 'href="/static/css/areas.css"'
    html = check_page(client.get("/cuenta/escritorio"))
    assert html.index("<main") < html.index(link) < html.index("</main>")
    assert link in check_page(client.get("/cuenta/escritorio", headers={"HX-Request": "true", "HX-Target": "main"}))
