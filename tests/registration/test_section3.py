"""Section 3: "Validar si mi entidad ya existe", by NIT or by name without regard to case or accents."""
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import event

from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard import nit as nit_rules
from wizard.extensions import db
from wizard.models import State

NO_MATCH = "No ha sido encontrada ninguna Entidad que corresponda a sus criterios de búsqueda. <b>Puede registrar la entidad</b>"


@pytest.fixture
def signed_in(app, login_as):
    with app.app_context():
        user_id = make_user()
        make_account(name="Construcciones Ñandú Bogotá S.A.S.", nit="900123456", municipality_code="05001")
        make_account(name="H&H Asociados", nit="800111202")
        make_account(name="100% Obras_Civiles", nit="900654321")
    return login_as(user_id)


def test_section_3_needs_a_signed_in_user(client):
    response = client.get("/registro/entidad")
    assert response.status_code == 303 and "/entrar?next=/registro/entidad" in response.headers["Location"]


def test_section_3_shows_the_progress_with_1_and_2_done_and_the_search_fields(signed_in):
    html = check_page(signed_in.get("/registro/entidad"))
    assert 'aria-current="step">3. Crear o solicitar acceso a una Entidad' in html
    assert html.count('<span class="vh"> (completada)</span>') == 2
    assert "Validar si mi entidad ya existe" in html
    for label in ("País", "Nombre de la Entidad", "NIT"):
        assert f">{label}<" in html
    assert 'method="get"' in html and 'inputmode="numeric"' in html
    assert 'href="/cuenta/nueva">Registrar Entidad</a>' in html
    # where every user without an account lands after "Entrar": their own data is one tap away, as on the Escritorio
    assert '<a href="/usuario/datos">Mis datos de usuario</a>' in html


def test_search_by_nit_finds_the_account_with_city_nit_and_solicitud_de_acceso(signed_in):
    html = check_page(signed_in.get("/registro/entidad?pais=CO&nombre=&nit=800.111.202"))
    assert "H&amp;H Asociados" in html and "COLOMBIA | Bogotá D.C. NIT: 800111202-1" in html
    assert "Construcciones" not in html
    assert 'action="/cuenta/' in html and "/solicitud" in html and "Solicitud de acceso" in html
    assert 'name="volver" value="/registro/entidad?pais=CO&amp;nombre=&amp;nit=800.111.202"' in html


def test_search_by_name_ignores_case_and_accents(signed_in):
    for query in ("nandu bogota", "ÑANDÚ", "construcciones ñandu"):
        html = check_page(signed_in.get(f"/registro/entidad?pais=CO&nombre={query}"))
        assert "Construcciones Ñandú Bogotá S.A.S." in html and "COLOMBIA | Medellín NIT: 900123456" in html


def test_like_wildcards_typed_by_the_user_match_themselves(signed_in):
    assert "100% Obras_Civiles" in signed_in.get("/registro/entidad?nombre=100%25").get_data(as_text=True)
    html = signed_in.get("/registro/entidad?nombre=%25%25%25").get_data(as_text=True)
    assert NO_MATCH in html


def test_no_match_says_the_sentence_and_offers_registrar_entidad_keeping_the_search(signed_in):
    html = check_page(signed_in.get("/registro/entidad?pais=CO&nombre=F%26F+asociados&nit=901234567"))
    assert NO_MATCH in html
    href = html.split('">Registrar Entidad</a>')[0].rsplit('href="', 1)[1].replace("&amp;", "&")
    assert urlsplit(href).path == "/cuenta/nueva"
    assert parse_qs(urlsplit(href).query) == {"nombre": ["F&F asociados"], "nit": ["901234567"]}


def test_the_search_is_validated_in_spanish(signed_in):
    html = check_page(signed_in.get("/registro/entidad?pais=CO&nombre=&nit="), 422)
    assert "Escriba el nombre de la Entidad (al menos 3 caracteres) o su NIT" in html
    html = check_page(signed_in.get("/registro/entidad?nombre=ab"), 422)
    assert "Escriba al menos 3 caracteres del nombre" in html
    html = check_page(signed_in.get("/registro/entidad?nit=80011A202"), 422)
    assert "Escriba el NIT solo con números" in html
    assert "Elija un país" in check_page(signed_in.get("/registro/entidad?pais=XX&nombre=hhh"), 422)


def test_the_search_is_one_query_however_many_results(app, signed_in):
    with app.app_context():
        for n in range(25):
            make_account(name=f"Grupo Andino {n}", municipality_code="54518")
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
    try:
        html = check_page(signed_in.get("/registro/entidad?nombre=grupo+andino"))
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listener)
    assert html.count(">Solicitud de acceso</button>") == 20 and "Pamplona" in html
    account_queries = [s for s in statements if "FROM accounts" in s]
    assert len(account_queries) == 1


def test_htmx_gets_only_the_results(signed_in):
    headers = {"HX-Request": "true", "HX-Target": "resultados"}
    html = check_page(signed_in.get("/registro/entidad?nombre=asociados", headers=headers))
    assert "<html" not in html and "H&amp;H Asociados" in html and "Validar si mi entidad" not in html
    html = check_page(signed_in.get("/registro/entidad?nombre=", headers=headers), 422)
    assert "Escriba el nombre de la Entidad" in html


def test_malformed_searches_never_fail(signed_in):
    for query in ("nombre=" + "x" * 50_000, "nit=" + "9" * 5000, "pais=" + "%00" * 10, "nombre=%00%01",
                  "nit=%25%5F", "nombre=a&nombre=b&nit=1&nit=2"):
        assert signed_in.get(f"/registro/entidad?{query}").status_code in (200, 422)


def test_a_nit_typed_with_its_check_digit_after_a_dash_is_still_found(signed_in):
    html = check_page(signed_in.get("/registro/entidad?nit=800.111.202-1"))
    assert "H&amp;H Asociados" in html


def test_a_link_with_only_tracking_parameters_opens_the_empty_search_not_an_error(signed_in):
    html = check_page(signed_in.get("/registro/entidad?utm_source=circular&fbclid=abc"))
    assert "Revise" not in html and "Escriba el nombre de la Entidad" not in html
    assert "Validar si mi entidad ya existe" in html


@pytest.mark.parametrize("typed", ["H & H", "H & H Asociados", "hh asociados", "H y H Asociados S.A.S.", "H&H"])
def test_names_are_found_without_regard_to_spaces_punctuation_and_or_y_or_the_legal_form(signed_in, typed):
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nombre": typed}))
    assert "H&amp;H Asociados" in html and NO_MATCH not in html


def test_a_name_of_one_or_two_letters_is_found_by_how_the_name_starts(app, signed_in):
    """ "H&H" has no three letters in a row for PostgreSQL's trigram index: it is looked up as the start of the
    name (a B-tree prefix), so "Servicios HH del Norte" is not offered for it, and three letters still match inside."""
    with app.app_context():
        make_account(name="Servicios HH del Norte Ltda.", nit="900777111")
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nombre": "H&H"}))
    assert "H&amp;H Asociados" in html and "Servicios HH del Norte" not in html
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nombre": "hh del"}))
    assert "Servicios HH del Norte" in html and "H&amp;H Asociados" not in html


def test_names_that_start_with_what_was_typed_come_first_then_the_others_by_name(app, signed_in):
    with app.app_context():
        for name, nit in (("Agro Andinas Ltda.", "900777112"), ("Andinas Obras S.A.S.", "900777113"),
                          ("Andinas Alimentos S.A.", "900777114"), ("Bolívar Andinas S.A.S.", "900777115")):
            make_account(name=name, nit=nit)
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nombre": "andinas"}))
    shown = [name for name in ("Agro Andinas", "Andinas Alimentos", "Andinas Obras", "Bolívar Andinas")
             if name in html]
    assert sorted(shown, key=html.index) == ["Andinas Alimentos", "Andinas Obras", "Agro Andinas",
                                             "Bolívar Andinas"]


@pytest.mark.parametrize("typed", ["800111202-1", "800.111.202-1", "800111202 1"])
def test_a_nit_typed_with_its_check_digit_finds_the_account(signed_in, typed):
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": typed}))
    assert "H&amp;H Asociados" in html and NO_MATCH not in html


def test_a_wrong_check_digit_is_refused_on_the_nit_field(signed_in):
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": "800111202-7"}), 422)
    assert "El dígito de verificación de 800111202 es 1, no 7" in html
    assert 'id="nit-error"' in html and NO_MATCH not in html


def _field(html: str, field_id: str) -> str:
    """The out-of-band frame of one field in an htmx answer."""
    start = html.rindex("<div", 0, html.index(f'id="{field_id}-field"'))
    live_end = html.index("</div>", start)  # the frame holds the message's live region, then the control
    return html[start:html.index("</div>", live_end + 1)]


@pytest.mark.parametrize("query, field_id, message", [
    ({"pais": "CO", "nit": "800111202-5"}, "nit", "El dígito de verificación de 800111202 es 1, no 5"),
    ({"pais": "CO", "nombre": "", "nit": ""}, "nombre", "Escriba el nombre de la Entidad"),
])
def test_htmx_puts_the_message_on_the_field_too_not_only_in_the_results(signed_in, query, field_id, message):
    headers = {"HX-Request": "true", "HX-Target": "resultados"}
    html = check_page(signed_in.get("/registro/entidad", query_string=query, headers=headers), 422)
    frame = _field(html, field_id)
    assert 'hx-swap-oob="true"' in frame and "has-error" in frame and 'aria-invalid="true"' in frame
    assert message in frame


def test_htmx_clears_the_fields_message_once_the_search_is_right(signed_in):
    headers = {"HX-Request": "true", "HX-Target": "resultados"}
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": "800111202-1"},
                                    headers=headers))
    assert "H&amp;H Asociados" in html
    for field_id in ("pais", "nombre", "nit"):
        frame = _field(html, field_id)
        assert 'hx-swap-oob="true"' in frame and "has-error" not in frame and "aria-invalid" not in frame
    assert 'value="800111202-1"' in _field(html, "nit")  # what was typed stays
    assert html.count("<option") == 1  # the country list is loaded apart (cached), not sent with every search


def test_the_whole_page_draws_each_field_once_with_its_message(signed_in):
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": "800111202-5"}), 422)
    assert "hx-swap-oob" not in html and 'aria-invalid="true"' in _field(html, "nit")


def test_a_pending_access_request_is_told_in_section_3_with_a_link_to_mis_registros(app, login_as):
    with app.app_context():
        user_id = make_user()
        pending = make_account(name="H&H Asociados", nit="800111202")
        refused = make_account(name="Obras del Norte S.A.S.", nit="900654321")
        add_member(user_id, pending, state=State.PENDIENTE)
        add_member(user_id, refused, state=State.RECHAZADO)
    client = login_as(user_id)
    html = check_page(client.get("/registro/entidad"))
    notice = html.split('id="solicitudes-pendientes"', 1)[1].split("</div>", 1)[0]
    assert "Su solicitud de acceso a <b>H&amp;H Asociados</b> está" in notice and ">Pendiente</span>" in notice
    assert 'href="/usuario/registros">Mis registros</a>' in notice and "Obras del Norte" not in notice
    headers = {"HX-Request": "true", "HX-Target": "resultados"}  # the results alone do not repeat it
    assert "solicitudes-pendientes" not in check_page(client.get("/registro/entidad?nombre=obras", headers=headers))


def test_section_3_says_nothing_of_requests_when_there_are_none(signed_in):
    assert "solicitudes-pendientes" not in check_page(signed_in.get("/registro/entidad"))


@pytest.mark.parametrize("typed", ["8001112021", "800.111.2021"])
def test_a_nit_with_its_check_digit_typed_without_a_dash_finds_the_account(signed_in, typed):
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": typed}))
    assert "H&amp;H Asociados" in html and NO_MATCH not in html


def test_a_ten_digit_cedula_is_still_found_even_when_its_last_digit_looks_like_a_check_digit(app, signed_in):
    with app.app_context():  # 1032387714 is a real 10-digit cédula-NIT (DV 9); 8001112021 one that ends like a DV
        make_account(name="Natalia Persona Natural", nit="1032387714")
        make_account(name="Nicolás Persona Natural", nit="8001112021")
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": "1032387714"}))
    assert "Natalia Persona Natural" in html and "H&amp;H" not in html
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": "8001112021"}))
    assert "Nicolás Persona Natural" in html and "H&amp;H Asociados" in html  # ambiguous: both are shown
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": "10323877149"}))
    assert "Natalia Persona Natural" in html  # the 10-digit cédula with its DV


def test_nit_candidates_take_a_trailing_check_digit_only_when_it_is_the_right_one():
    assert nit_rules.candidates("8001112021") == ["800111202", "8001112021"]
    assert nit_rules.candidates("8001112025") == ["8001112025"]
    assert nit_rules.candidates("800111202") == ["800111202"]
    assert nit_rules.candidates("800111202-1") == ["800111202"]
    assert nit_rules.candidates("10323877149") == ["1032387714"]


def test_a_nit_with_letters_is_refused_in_words_that_agree_with_the_hint(signed_in):
    html = check_page(signed_in.get("/registro/entidad", query_string={"pais": "CO", "nit": "abc-12"}), 422)
    assert "Escriba el NIT solo con números, con o sin el dígito de verificación" in html
    assert "sin el dígito de verificación\"" not in html and "números, sin el dígito" not in html
