"""The entity writes, publishes and shares its circular; only its accepted users reach it, publishing is for
administrators, and an id changed in an address reaches nothing."""
import io

import pytest
from sqlalchemy import func, select

from tests.circulars.conftest import letter, make_circular, words
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Circular, CircularEvent, CircularRecipient


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_list_with_problems_saves_nothing_and_names_each_line_keeping_what_was_typed(app, entity, login_as):
    client = login_as(entity["admin"], entity["hospital"])
    check_page(client.get("/cuenta/circulares/nueva"))
    bad = letter(contratistas="Ana Villamizar;1094265871;ana@correo.example\nPedro;12ab;pedro@correo",
                 enlaces="Guía ftp://archivos.gov.co/guia.pdf", fecha_limite="31/02/2026")
    html = check_page(client.post("/cuenta/circulares/nueva", data=bad), 422)
    assert "La lista tiene 2 problemas" in html and "No se guardó ningún contratista" in html
    assert "Línea 2, Cédula o NIT: «12ab» no es un número de cédula o NIT: use solo números" in html
    assert "Línea 2, Correo electrónico: «pedro@correo» no es un correo electrónico válido" in html
    assert "Línea 1: «ftp://archivos.gov.co/guia.pdf» debe empezar por https://" in html
    assert "Escriba la fecha como día/mes/año" in html
    assert "Ana Villamizar;1094265871;ana@correo.example" in html and "INSCRIPCION PLATAFORMA SECOP II" in html
    assert _count(app, Circular) == 0 and _count(app, CircularRecipient) == 0


def test_one_problem_in_the_list_is_said_in_the_singular(app, entity, login_as):
    client = login_as(entity["admin"], entity["hospital"])
    data = letter(contratistas="Pedro;12ab;pedro@correo.example")
    html = check_page(client.post("/cuenta/circulares/nueva", data=data), 422)
    assert "La lista tiene 1 problema: corríjalo abajo en la lista" in html


@pytest.mark.parametrize("data, name", [(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "lista.pdf"),
                                         (b"PK\x03\x04xl/workbook.xml", "lista.xlsx")])
def test_a_file_that_is_not_a_csv_is_refused_on_its_field_and_the_typed_list_is_kept(app, entity, login_as,
                                                                                     data, name):
    """Its bytes read into the list filled it with junk and a dozen problems; now the file's field says what it is."""
    client = login_as(entity["admin"], entity["hospital"])
    typed = "José Peña;88251234;jose@correo.example"
    form = letter(contratistas=typed, archivo=(io.BytesIO(data), name))
    html = check_page(client.post("/cuenta/circulares/nueva", data=form, content_type="multipart/form-data"), 422)
    assert "El archivo no es un CSV de texto: guárdelo como «CSV UTF-8» o pegue la lista" in html
    assert typed in html and "La lista tiene" not in html and "%PDF" not in html and "workbook" not in html
    assert _count(app, Circular) == 0


@pytest.mark.parametrize("first", ["BMX Servicios SAS", "MZ Ingeniería Ltda", "ID3 Consultores"])
def test_a_list_whose_first_name_looks_like_a_file_signature_is_read_as_text(app, entity, login_as, first):
    """A list without titles starts with a name; «BM…» (a bitmap's signature), «MZ…» or «ID3…» were refused as
    «no es un CSV de texto»."""
    client = login_as(entity["admin"], entity["hospital"])
    text = f"{first};900373923;obras@bmx.example\r\nJosé Peña;88251234;jose@correo.example\r\n"
    data = letter(contratistas="", archivo=(io.BytesIO(text.encode()), "contratistas.csv"))
    response = client.post("/cuenta/circulares/nueva", data=data, content_type="multipart/form-data")
    assert "no es un CSV" not in response.get_data(as_text=True)
    assert _count(app, Circular) == 1


def test_a_csv_file_is_read_into_the_list_where_its_problems_can_be_fixed(app, entity, login_as):
    client = login_as(entity["admin"], entity["hospital"])
    csv = "Nombre,Cédula,Correo\r\nJosé Peña,88.251.234,jose@correo.example\r\nMaría,,maria@correo.example\r\n"
    data = letter(contratistas="", archivo=(io.BytesIO(csv.encode("cp1252")), "contratistas.csv"))
    html = check_page(client.post("/cuenta/circulares/nueva", data=data, content_type="multipart/form-data"), 422)
    assert "Línea 3: tiene 2 datos" in html and "José Peña,88.251.234,jose@correo.example" in html
    data = letter(contratistas="", archivo=(io.BytesIO(csv.splitlines()[1].encode()), "uno.csv"))
    check_page(client.post("/cuenta/circulares/nueva", data=data, content_type="multipart/form-data"), 303)
    with app.app_context():
        row = db.session.scalar(select(CircularRecipient))
        assert (row.name, row.number, row.email) == ("José Peña", "88251234", "jose@correo.example")


def test_the_draft_is_saved_edited_and_published_by_an_administrator(app, entity, login_as):
    client = login_as(entity["clerk"], entity["hospital"])  # a plain user of the entity writes the draft
    response = client.post("/cuenta/circulares/nueva", data=letter())
    check_page(response, 303)
    with app.app_context():
        circular = db.session.scalar(select(Circular))
        cid, token = circular.id, circular.public_token
        assert circular.state == "borrador" and circular.links[0] == {
            "title": "Video paso a paso", "url": "https://www.youtube.com/watch?v=3fzw4mPBNgo"}
    assert response.headers["Location"].endswith(f"/cuenta/circulares/{cid}")
    html = check_page(client.get(f"/cuenta/circulares/{cid}"))
    assert "Borrador" in html and "Solo un administrador de la Entidad puede publicar" in html
    check_page(client.get(f"/circular/{token}"), 404)  # a draft's link works for nobody yet
    check_page(client.post(f"/cuenta/circulares/{cid}/publicar"), 303)
    assert _state(app, cid) == "borrador"
    html = check_page(client.get(f"/cuenta/circulares/{cid}/editar"))
    assert "Carlos Suárez;88251234;carlos.suarez@correo.example" in html
    edited = letter(asunto="INSCRIPCIÓN SECOP II 2026", contratistas="Carlos Suárez;88251234;carlos@correo.example\n"
                                                                      "Marta Parada;60345678;marta@correo.example")
    check_page(client.post(f"/cuenta/circulares/{cid}/editar", data=edited), 303)
    with app.app_context():
        rows = db.session.scalars(select(CircularRecipient).order_by(CircularRecipient.number)).all()
        assert [(r.name, r.email) for r in rows] == [("Marta Parada", "marta@correo.example"),
                                                     ("Carlos Suárez", "carlos@correo.example")]
    admin = login_as(entity["admin"], entity["hospital"])
    check_page(admin.post(f"/cuenta/circulares/{cid}/publicar"), 303)
    html = check_page(admin.get(f"/cuenta/circulares/{cid}"))
    assert _state(app, cid) == "publicada"
    text = words(html)
    assert f"http://127.0.0.1:5000/circular/{token}" in html and "<svg" in html and "Descargar código QR (SVG)" in html
    assert "2 contratistas de la lista no han recibido su invitación" in text
    assert "Publicar por Edith Rojas: Borrador → Publicada" in text
    assert "Crear circular por David Durán" in text
    # a published letter no longer changes
    check_page(admin.post(f"/cuenta/circulares/{cid}/editar", data=letter(asunto="Otro")), 303)
    with app.app_context():
        assert db.session.get(Circular, cid).subject == "INSCRIPCIÓN SECOP II 2026"


def _state(app, cid):
    with app.app_context():
        return db.session.get(Circular, cid).state


def test_the_number_is_unique_in_the_entity_and_a_past_deadline_is_not_published(app, entity, login_as):
    with app.app_context():
        from datetime import date, timedelta

        cid = make_circular(entity["hospital"], entity["admin"], published=False, number="0001-2026",
                            deadline=date.today() - timedelta(days=1))
    client = login_as(entity["admin"], entity["hospital"])
    html = check_page(client.post("/cuenta/circulares/nueva", data=letter(numero="0001-2026")), 422)
    assert "Ya existe una circular con el número 0001-2026 en esta Entidad" in html
    check_page(client.post(f"/cuenta/circulares/{cid}/publicar"), 303)
    assert "La fecha límite de inscripción ya pasó" in check_page(client.get(f"/cuenta/circulares/{cid}"))
    assert _state(app, cid) == "borrador"


def test_only_the_entitys_accepted_users_reach_its_circulars(app, entity, login_as):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], [("Ana", "1094265871", "ana@correo.example")])
        theirs = make_circular(entity["other"], entity["other_admin"], number="0099-2026")
    pages = [f"/cuenta/circulares/{cid}", f"/cuenta/circulares/{cid}/seguimiento", f"/cuenta/circulares/{cid}/carta",
             f"/cuenta/circulares/{cid}/qr.svg", f"/cuenta/circulares/{cid}/seguimiento.csv",
             f"/cuenta/circulares/{cid}/editar", f"/cuenta/circulares/{cid}/agregar"]
    posts = [f"/cuenta/circulares/{cid}/publicar", f"/cuenta/circulares/{cid}/invitaciones",
             f"/cuenta/circulares/{cid}/recordatorios", f"/cuenta/circulares/{cid}/agregar"]
    visitor = app.test_client()
    for path in pages:
        response = visitor.get(path)
        assert response.status_code == 303 and "/entrar?next=" in response.headers["Location"]
    for user in ("other_admin", "supplier_admin", "pending"):  # another entity, a supplier, a pending request
        client = login_as(entity[user])
        for path in pages:
            check_page(client.get(path), 404)
        for path in posts:
            check_page(client.post(path, data={"ids": ["1"]}), 404)
    check_page(login_as(entity["supplier_admin"], entity["supplier"]).get("/cuenta/circulares"), 403)
    check_page(login_as(entity["supplier_admin"], entity["supplier"]).get("/cuenta/circulares/nueva"), 403)
    clerk = login_as(entity["clerk"], entity["hospital"])
    for path in pages[:3]:
        check_page(clerk.get(path))
    check_page(clerk.get(f"/cuenta/circulares/{theirs}"), 404)  # an id changed in the address reaches nothing
    check_page(clerk.get("/cuenta/circulares/2147483647"), 404)
    assert _count(app, CircularEvent) == 4  # nobody's attempt wrote anything


def test_a_member_of_two_entities_acts_for_the_circulars_entity(app, entity, login_as):
    from tests.helpers.factories import add_member

    with app.app_context():
        add_member(entity["admin"], entity["other"], state="aceptado")
        theirs = make_circular(entity["other"], entity["other_admin"], number="0099-2026")
    client = login_as(entity["admin"], entity["hospital"])
    html = check_page(client.get(f"/cuenta/circulares/{theirs}"))
    assert "Alcaldía de Chitagá" in html
    with client.session_transaction() as session:
        assert session["account_id"] == entity["other"]


def test_the_qr_code_and_the_printable_letter(app, entity, login_as):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], links=[
            {"title": "Video paso a paso", "url": "https://www.youtube.com/watch?v=3fzw4mPBNgo"}])
        token = db.session.get(Circular, cid).public_token
    client = login_as(entity["clerk"], entity["hospital"])
    response = client.get(f"/cuenta/circulares/{cid}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert 'filename="circular-0014-2026-qr.svg"' in response.headers["Content-Disposition"]
    assert response.data.startswith(b"<?xml") and token.encode() in response.data  # its title names the link
    html = check_page(client.get(f"/cuenta/circulares/{cid}/carta"))
    for text in ("E.S.E. HOSPITAL SAN JUAN DE DIOS DE PAMPLONA", "CIRCULAR No. 0014-2026", "Pamplona, ",
                 "Destinatarios:", "ASUNTO:", "EDITH ROJAS", "Subdirectora Administrativa", "(www.youtube.com)",
                 f"/circular/{token}", "<svg", "Proyectó: Edith Rojas", 'class="button print-button" hidden'):
        assert text in html, text
    assert "style=" not in html


def test_invitations_go_once_to_each_listed_contractor_with_their_own_link(app, entity, login_as, outbox):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], [("Ana María", "1094265871", "ana@correo.example"),
                                                                 ("Carlos", "88251234", "carlos@correo.example")])
    client = login_as(entity["clerk"], entity["hospital"])
    check_page(client.post(f"/cuenta/circulares/{cid}/invitaciones"), 303)
    check_page(client.post(f"/cuenta/circulares/{cid}/invitaciones"), 303)  # a second click sends nothing
    mails = outbox()
    assert sorted(m.recipient for m in mails) == ["ana@correo.example", "carlos@correo.example"]
    ana = next(m for m in mails if m.recipient == "ana@correo.example")
    assert ana.subject == "E.S.E. Hospital San Juan de Dios de Pamplona: CIRCULAR No. 0014-2026"
    assert "Hola Ana María:" in ana.text and "Fecha límite de inscripción:" in ana.text
    with app.app_context():
        tokens = dict(db.session.execute(select(CircularRecipient.email, CircularRecipient.token)).all())
    assert f"/circular/personal/{tokens['ana@correo.example']}" in ana.text
    assert tokens["carlos@correo.example"] not in ana.text and "Carlos" not in ana.text
    assert "Se envió 1 invitación" not in check_page(client.get(f"/cuenta/circulares/{cid}"))
    assert "Enviar invitaciones por David Durán: sigue «Publicada» (2 invitaciones)" in words(check_page(
        client.get(f"/cuenta/circulares/{cid}")))


def test_contractors_are_added_to_a_published_list_never_twice(app, entity, login_as):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], [("Ana", "1094265871", "ana@correo.example")])
    client = login_as(entity["clerk"], entity["hospital"])
    check_page(client.get(f"/cuenta/circulares/{cid}/agregar"))
    html = check_page(client.post(f"/cuenta/circulares/{cid}/agregar", data={
        "contratistas": "Ana Otra;1094265871;otra@correo.example\nLuis;70111222;ANA@correo.example"}), 422)
    assert "el número 1094265871 ya está en la circular" in html and "el correo ANA@correo.example ya está" in html
    check_page(client.post(f"/cuenta/circulares/{cid}/agregar", data={"contratistas": "Luis;70111222;luis@correo.example"}), 303)
    assert _count(app, CircularRecipient) == 2
    assert "2 contratistas de la lista no han recibido" in words(check_page(client.get(f"/cuenta/circulares/{cid}")))


def test_the_escritorio_card_shows_the_entitys_circulars_with_their_counts(app, entity, login_as):
    with app.app_context():
        make_circular(entity["hospital"], entity["admin"], [("Ana", "1094265871", "ana@correo.example"),
                                                            ("Carlos", "88251234", "carlos@correo.example")])
    html = check_page(login_as(entity["clerk"], entity["hospital"]).get("/cuenta/escritorio"))
    assert "CIRCULAR No. 0014-2026" in html and "0 de 2 con Cuenta de Proveedor creada · 2 sin registrarse" in words(html)
    assert "Crear circular" in html
    assert "Circulares" not in check_page(login_as(entity["supplier_admin"], entity["supplier"]).get("/cuenta/escritorio"))


def test_a_past_deadline_is_refused_on_its_field_when_the_draft_is_saved(app, entity, login_as):
    client = login_as(entity["admin"], entity["hospital"])
    html = check_page(client.post("/cuenta/circulares/nueva", data=letter(fecha_limite="01/01/2020")), 422)
    assert 'id="fecha_limite-error"' in html and "La fecha límite de inscripción ya pasó" in html
    assert 'value="01/01/2020"' in html and _count(app, Circular) == 0
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], published=False, number="0002-2026")
    html = check_page(client.post(f"/cuenta/circulares/{cid}/editar", data=letter(fecha_limite="2020-01-01")), 422)
    assert "La fecha límite de inscripción ya pasó" in html


def test_a_non_administrator_is_not_offered_publicar(app, entity, login_as):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], published=False, number="0003-2026")
    clerk = login_as(entity["clerk"], entity["hospital"])
    html = check_page(clerk.get(f"/cuenta/circulares/{cid}"))
    assert "Solo un administrador de la Entidad puede publicar la circular." in html and ">Publicar</button>" not in html
    form = check_page(clerk.get("/cuenta/circulares/nueva"))
    assert "«Publicar» le da" not in form and "Solo un administrador de la Entidad puede publicarla" in form
    response = clerk.post("/cuenta/circulares/nueva", data=letter(numero="0004-2026"))
    assert "Revísela y pulse «Publicar»" not in check_page(clerk.get(response.headers["Location"]))
    admin = login_as(entity["admin"], entity["hospital"])
    assert "«Publicar» le da" in check_page(admin.get("/cuenta/circulares/nueva"))
