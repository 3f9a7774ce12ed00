"""A contractor from a circular's link (and a person invited by "Crear usuarios") registers knowing who asked:
the reason is carried through section 1, the activation email (on any device), Entrar, section 3 and the account
wizard; a public link reveals nothing of the list, and a personal link nothing but its own row."""
import re

import pytest
from sqlalchemy import select

from tests.circulars.conftest import make_circular, recipient, words
from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.pages import check_page
from tests.helpers.registration import form, link_in
from wizard.extensions import db
from wizard.models import AccountDraft, Circular, CircularRecipient, User

ASKED = "Registro solicitado por E.S.E. Hospital San Juan de Dios de Pamplona"


@pytest.fixture
def circular(app, entity):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], [
            ("Ana María Villamizar Duarte", "1094265871", "ana.villamizar@correo.example"),
            ("Carlos Suárez Peña", "88251234", "carlos.suarez@correo.example")])
        c = db.session.get(Circular, cid)
        return {"id": cid, "public": c.public_token, "ana": recipient(cid, "1094265871").token,
                "ana_id": recipient(cid, "1094265871").id}


def _sign_in(client, username, password=PASSWORD):
    return client.post("/entrar", data={"username": username, "password": password})


def test_the_public_link_shows_the_circular_and_nothing_of_its_list(app, client, circular):
    html = check_page(client.get(f"/circular/{circular['public']}"))
    text = words(html)
    assert ASKED in text and "INSCRIPCION PLATAFORMA SECOP II" in text and "Fecha límite de inscripción" in text
    assert ">Registro</a>" in html and "Entrar" in text
    for private in ("Ana María", "Carlos", "1094265871", "88251234", "correo.example", circular["ana"]):
        assert private not in html
    check_page(client.get("/circular/otro-token"), 404)
    check_page(client.get("/circular/" + "x" * 500), 404)


def test_a_personal_link_shows_its_own_name_and_no_other_row(app, client, circular):
    html = check_page(client.get(f"/circular/personal/{circular['ana']}"))
    assert "Ana María Villamizar Duarte" in html and "Carlos" not in html and "88251234" not in html
    assert "1094265871" not in html  # not even its own number on the page
    # section 1 starts with the list's name and email, and nothing of anyone else
    html = check_page(client.get("/registro/"))
    assert ASKED in words(html)
    assert 'value="Ana María Villamizar Duarte"' in html and 'value="ana.villamizar@correo.example"' in html
    assert "Carlos" not in html


def test_a_personal_link_of_a_draft_or_of_nothing_reaches_nothing(app, entity, client):
    with app.app_context():
        draft = make_circular(entity["hospital"], entity["admin"], [("Luis", "70111222", "l@correo.example")],
                              published=False, number="0002-2026")
        token = recipient(draft, "70111222").token
    check_page(client.get(f"/circular/personal/{token}"), 404)
    check_page(client.get("/circular/personal/no-existe"), 404)
    assert "Registro solicitado" not in check_page(client.get("/registro/"))


def test_the_reason_is_carried_through_each_step_of_registration_even_on_another_device(
        app, client, circular, outbox):
    client.get(f"/circular/personal/{circular['ana']}")
    response = client.post("/registro/", data=form(full_name="Ana María Villamizar Duarte",
                                                   email="ana.villamizar@correo.example", username="ana.villamizar"))
    check_page(response, 303, "/registro/confirmar")
    assert ASKED in words(check_page(client.get("/registro/confirmar")))
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ana.villamizar"))
        row = db.session.get(CircularRecipient, circular["ana_id"])
        assert row.user_id == user.id and row.linked_at is not None and user.arrival
    mail = outbox()[-1]
    assert mail.subject == "Activación de su registro en SECOP"
    assert ASKED in mail.text and "CIRCULAR No. 0014-2026" in mail.text
    # the activation link opened on another device: the reason comes along to Entrar and beyond
    laptop = app.test_client()
    check_page(laptop.get(link_in(mail.text)), 303, "/entrar")
    assert ASKED in words(check_page(laptop.get("/entrar")))
    check_page(_sign_in(laptop, "ana.villamizar", "Clave2026segura"), 303, "/escritorio")
    html = check_page(laptop.get("/registro/entidad"))
    assert ASKED in words(html) and "Crear mi cuenta de Proveedor como persona natural" in html
    # the account wizard starts as a persona natural with the list's name and cédula (all editable)
    check_page(laptop.get("/cuenta/nueva"), 303, "/cuenta/nueva/tipo")
    html = check_page(laptop.get("/cuenta/nueva/tipo"))
    assert ASKED in words(html)
    assert re.search(r'<option selected value="persona_natural_colombiana">|<option value="persona_natural_colombiana" selected', html)
    assert re.search(r'id="area-0"[^>]*checked|checked[^>]*id="area-0"', html)
    check_page(laptop.post("/cuenta/nueva/tipo", data={"pais": "CO", "tipo": "proveedor", "area": "privado",
                                                       "organizacion": "persona_natural_colombiana"}), 303)
    html = check_page(laptop.get("/cuenta/nueva/formulario"))
    assert 'value="Ana María Villamizar Duarte"' in html and 'value="1094265871"' in html
    assert "Número de cédula" in html


def test_entrar_with_an_existing_user_from_a_link_ties_them_to_the_circular(app, client, circular):
    with app.app_context():
        user = make_user(full_name="Carlos S.", email="carlos.personal@correo.example", username="carlos.s")
    client.get(f"/circular/{circular['public']}")  # the generic link, with a user of another email
    check_page(_sign_in(client, "carlos.s"), 303)
    with app.app_context():
        row = db.session.scalar(select(CircularRecipient).where(CircularRecipient.user_id == user))
        assert row is not None and not row.listed and row.name == "Carlos S." and row.number is None
        assert db.session.get(User, user).arrival
    check_page(_sign_in(client, "carlos.s"), 303)  # again: still one row
    with app.app_context():
        assert len(db.session.scalars(select(CircularRecipient).where(CircularRecipient.user_id == user)).all()) == 1


def test_the_generic_link_recognises_a_listed_contractor_by_email(app, client, circular):
    client.get(f"/circular/{circular['public']}")
    check_page(client.post("/registro/", data=form(email="Carlos.Suarez@correo.example", username="carlos.suarez")),
               303)
    with app.app_context():
        row = recipient(circular["id"], "88251234")
        assert row.user_id is not None and row.listed
        assert db.session.scalar(select(db.func.count(CircularRecipient.id))) == 2  # no row of its own


def test_a_signed_in_user_continues_from_the_circulars_page(app, login_as, circular):
    with app.app_context():
        user = make_user(email="ana.villamizar@correo.example")
    client = login_as(user)
    html = check_page(client.get(f"/circular/personal/{circular['ana']}"))
    assert "Continuar" in html and ">Registro</a>" not in html.split("Qué hacer")[1]
    check_page(client.post(f"/circular/personal/{circular['ana']}"), 303, "/escritorio")
    with app.app_context():
        assert db.session.get(CircularRecipient, circular["ana_id"]).user_id == user


def test_a_personal_row_taken_by_a_first_person_is_not_given_to_a_second(app, client, circular):
    with app.app_context():
        first = make_user()
        db.session.get(CircularRecipient, circular["ana_id"]).user_id = first
        db.session.commit()
    client.get(f"/circular/personal/{circular['ana']}")
    html = check_page(client.get(f"/circular/personal/{circular['ana']}"))
    assert "Ya hay un usuario activado para esta invitación" in html
    check_page(client.post("/registro/", data=form(email="otra.ana@correo.example", username="otra.ana")), 303)
    with app.app_context():
        assert db.session.get(CircularRecipient, circular["ana_id"]).user_id == first


def test_a_forged_or_foreign_arrival_in_the_session_is_ignored(app, client, circular, entity):
    from wizard.arrival import for_circular

    with app.test_request_context():
        draft = make_circular(entity["hospital"], entity["admin"], published=False, number="0003-2026")
        forged = [for_circular(draft), for_circular(circular["id"], 999), "no-es-un-token", for_circular(10**12)]
    for token in forged:
        with client.session_transaction() as session:
            session["llegada"] = token
        assert "Registro solicitado" not in check_page(client.get("/registro/"))


def test_an_invited_person_without_a_user_registers_activates_and_lands_on_the_invitation(
        app, login_as, outbox, entity):
    admin = login_as(entity["supplier_admin"], entity["supplier"])
    check_page(admin.post("/cuenta/usuarios/invitar", data={"correo": "nueva@correo.example"}), 303)
    invitation = link_in(outbox()[-1].text)
    guest = app.test_client()
    html = check_page(guest.get(invitation))
    assert "volverá a esta invitación" in html
    html = check_page(guest.get("/registro/"))
    assert "Registro solicitado por H&H Asociados" in words(html) and 'value="nueva@correo.example"' in html
    check_page(guest.post("/registro/", data=form(email="nueva@correo.example", username="nueva.usuaria")), 303)
    activation = outbox()[-1]
    assert "Registro solicitado por H&H Asociados" in activation.text
    other_device = app.test_client()
    check_page(other_device.get(link_in(activation.text)), 303, "/entrar")
    response = _sign_in(other_device, "nueva.usuaria", "Clave2026segura")
    check_page(response, 303, invitation)
    html = check_page(other_device.get(invitation))
    assert "Aceptar la invitación" in html
    check_page(other_device.post(invitation), 303, "/usuario/cuenta")
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "nueva.usuaria")).arrival is None
    check_page(_sign_in(other_device, "nueva.usuaria", "Clave2026segura"), 303, "/escritorio")  # spent


def test_after_the_deadline_the_page_says_so_and_still_lets_them_register(app, entity, client):
    from datetime import date, timedelta

    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], number="0009-2025",
                            deadline=date.today() - timedelta(days=3))
        token = db.session.get(Circular, cid).public_token
    text = words(check_page(client.get(f"/circular/{token}")))
    assert "ya pasó. Aún puede registrarse: hágalo cuanto antes." in text and "Registro" in text
    assert "(ya pasó: aún puede registrarse, hágalo cuanto antes)" in words(check_page(client.get("/registro/")))


def test_the_entitys_own_user_looking_at_the_circular_is_not_counted_as_a_contractor(app, client, entity, circular):
    client.get(f"/circular/{circular['public']}")  # the administrator checks the link before printing it
    check_page(client.post("/entrar", data={"username": db_username(app, entity["clerk"]), "password": PASSWORD}),
               303)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(CircularRecipient.id)).where(
            CircularRecipient.circular_id == circular["id"])) == 2  # the two listed, no row for the clerk
        assert db.session.get(User, entity["clerk"]).arrival is None
    html = check_page(client.get(f"/cuenta/circulares/{circular['id']}/seguimiento"))
    assert "David Durán" not in html and "Llegó por el enlace" not in html


def db_username(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id).username


def test_the_public_circular_brings_the_areas_stylesheet_inside_main_and_registration_does_not(client, circular):
    """The letter's styles are in areas.css, linked inside <main> so that an htmx swap of <main> brings them; the
    registration's first visit (a phone on 3G) loads app.css alone."""
    link = 'href="/static/css/areas.css"'
    html = check_page(client.get(f"/circular/{circular['public']}"))
    assert html.index("<main") < html.index(link) < html.index("</main>")
    swap = check_page(client.get(f"/circular/{circular['public']}", headers={"HX-Request": "true", "HX-Target": "main"}))
    assert link in swap
    assert link not in check_page(client.get("/registro/")) and link not in check_page(client.get("/entrar"))


def _como_persona_natural_starts_as_one(client) -> str:
    """Section 3's «Crear mi cuenta de Proveedor como persona natural»: the Tipo step comes chosen as a persona
    natural colombiana, and passing it opens the entity form (returned)."""
    html = check_page(client.get("/registro/entidad"))
    href = re.search(r'href="([^"]+)">Crear mi cuenta de Proveedor como persona natural', html).group(1)
    check_page(client.get(href.replace("&amp;", "&")), 303, "/cuenta/nueva/tipo")
    html = check_page(client.get("/cuenta/nueva/tipo"))
    assert re.search(r'<option selected value="persona_natural_colombiana">|<option value="persona_natural_colombiana" selected', html)
    assert re.search(r'id="area-0"[^>]*checked|checked[^>]*id="area-0"', html)
    check_page(client.post("/cuenta/nueva/tipo", data={"pais": "CO", "tipo": "proveedor", "area": "privado",
                                                       "organizacion": "persona_natural_colombiana"}), 303)
    return check_page(client.get("/cuenta/nueva/formulario"))


def test_como_persona_natural_from_the_generic_link_starts_the_account_with_the_users_own_name(app, client, circular):
    with app.app_context():
        make_user(full_name="Marta Lucía Rincón", email="marta.rincon@correo.example", username="marta.rincon")
    client.get(f"/circular/{circular['public']}")  # the generic link: no list row, no cédula
    check_page(_sign_in(client, "marta.rincon"), 303)
    html = _como_persona_natural_starts_as_one(client)
    assert 'value="Marta Lucía Rincón"' in html and "Número de cédula" in html


def test_como_persona_natural_after_a_first_try_with_nothing_chosen_still_starts_as_a_persona_natural(
        app, client, circular):
    """A contractor who first tapped "Registrar Entidad" and "Generar formulario" with nothing chosen (a draft with
    an empty "Tipo de organización"), then came back for «Crear mi cuenta de Proveedor como persona natural», got
    that empty first step: the button's promise held only for someone who had never opened the wizard."""
    with app.app_context():
        make_user(full_name="Marta Lucía Rincón", email="marta.rincon@correo.example", username="marta.rincon")
    client.get(f"/circular/{circular['public']}")
    check_page(_sign_in(client, "marta.rincon"), 303)
    check_page(client.get("/cuenta/nueva"), 303, "/cuenta/nueva/tipo")
    check_page(client.post("/cuenta/nueva/tipo", data={"pais": "CO", "tipo": "proveedor"}), 422)
    assert 'value="Marta Lucía Rincón"' in _como_persona_natural_starts_as_one(client)


def test_registrar_entidad_from_the_generic_link_does_not_assume_a_persona_natural(app, client, circular):
    with app.app_context():
        make_user(full_name="Pedro Empresa", email="pedro@correo.example", username="pedro.empresa")
    client.get(f"/circular/{circular['public']}")
    check_page(_sign_in(client, "pedro.empresa"), 303)
    check_page(client.get("/cuenta/nueva"), 303, "/cuenta/nueva/tipo")
    html = check_page(client.get("/cuenta/nueva/tipo"))
    assert "persona_natural_colombiana\" selected" not in html and "selected value=\"persona_natural_colombiana\"" not in html
