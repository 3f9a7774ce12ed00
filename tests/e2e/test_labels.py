"""A field is found by its exact wording, by label and by accessible name alike, required or not: the " *" of a
required field is drawn by the stylesheet. As text in the label, "Contraseña" matched no label exactly (it was
"Contraseña *"), and "Nombre de la Entidad" loosely matched "Nombre de la entidad bancaria" too."""
from playwright.sync_api import expect

from tests.helpers.account_journey import choose_kind
from tests.helpers.browser_sessions import sign_in
from tests.helpers.factories import make_user


def exactly_one(page, wording: str) -> None:
    expect(page.get_by_label(wording, exact=True)).to_have_count(1)
    expect(page.get_by_role("textbox", name=wording, exact=True)).to_have_count(1)


def test_required_fields_are_found_by_their_exact_wording_and_still_show_the_asterisk(page, live_server):
    page.goto(f"{live_server.url}/entrar")
    for wording in ("Nombre de usuario", "Contraseña"):
        exactly_one(page, wording)
    star = page.locator("label[for=password]").evaluate("e => getComputedStyle(e, '::after').content")
    assert star.startswith('" *"'), star  # seen, and left out of the name read aloud
    page.goto(f"{live_server.url}/registro/")
    for wording in ("Nombre y apellido", "Correo electrónico", "Elige tu usuario", "Contraseña", "Confirmar"):
        exactly_one(page, wording)
    with live_server.app.app_context():
        user = make_user(full_name="Camila Torres")
    sign_in(page.context, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(page, "Sociedad por acciones simplificada colombiana")
    for wording in ("Nombre de la Entidad", "NIT", "Dirección", "Correo electrónico de la oficina",
                    "Nombre de la entidad bancaria"):
        exactly_one(page, wording)
    expect(page.get_by_role("group", name="Mipyme", exact=True)).to_have_count(1)
    expect(page.get_by_text("Mipyme", exact=True)).to_have_count(1)
