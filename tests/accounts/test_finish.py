"""Request tests for "Finalizar": everything created in one transaction, or nothing; the confirmation; resume."""
import os
import re

import pytest
from sqlalchemy import func, select

from tests.helpers.accounts import ENTITY, ENTITY_NATURAL, KIND_NATURAL
from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.pages import check_page
from wizard.accounts import service
from wizard.extensions import db
from wizard.models import Account, AccountDraft, Document, FinancialYear, Membership, MembershipEvent, State

ROW = {"anios-0-anio": "2024", "anios-0-patrimonio": "$ 500.000.000", "anios-0-activo_corriente": "300000000",
       "anios-0-activo_total": "1.000.000.000", "anios-0-pasivo_corriente": "150.000.000",
       "anios-0-pasivo_total": "500000000", "anios-0-utilidad_operacional": "100.000.000",
       "anios-0-gastos_intereses": "25.000.000"}


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def at_finish(wizard):
    wizard.kind()
    wizard.entity({**ENTITY, **ROW, "pagina_web": "www.andina.example.com"})
    wizard.attach_all()
    return wizard


def test_the_summary_shows_every_part_with_a_link_to_change_it(at_finish):
    html = check_page(at_finish.client.get("/cuenta/nueva/finalizar"))
    for text in ("Constructora Andina S.A.S.", "900373923-8", "Pamplona, Norte de Santander", "Responsable de IVA",
                 "Índice de liquidez", "2,00", 'href="/cuenta/nueva/tipo"', 'href="/cuenta/nueva/formulario"',
                 'href="/cuenta/nueva/documentos"', '>Acepto los Términos y condiciones de uso</label>',
                 'href="/terminos"', "documento.pdf"):
        assert text in html, text


def test_the_terms_must_be_accepted(app, at_finish):
    html = check_page(at_finish.client.post("/cuenta/nueva/finalizar", data={}), 422)
    assert "Marque la casilla para aceptar los Términos y condiciones de uso" in html
    assert count(app, Account) == 0


def test_finalizar_creates_the_account_its_administrator_and_its_documents(app, at_finish, user_id):
    response = at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    with app.app_context():
        account = db.session.scalar(select(Account))
        check_page(response, 303, f"/cuenta/{account.id}/creada")
        assert (account.nit, account.check_digit, account.short_name) == ("900373923", "8", "ANDINA")
        assert account.municipality_code == "54518" and account.department_code == "54"
        assert account.office_phone == "+576075682090" and account.website == "https://www.andina.example.com"
        assert account.legal_rep_name == "Ana Rojas" and account.created_by_id == user_id
        [year] = db.session.scalars(select(FinancialYear)).all()
        assert (year.year, year.equity, year.interest_expense) == (2024, 500_000_000, 25_000_000)
        [membership] = db.session.scalars(select(Membership)).all()
        assert (membership.user_id, membership.role, membership.state) == (user_id, "administrador", "aceptado")
        assert membership.accepted_at is not None
        [event] = db.session.scalars(select(MembershipEvent)).all()
        assert (event.action, event.action_label, event.actor_id) == ("crear_cuenta", "Registro de la cuenta", user_id)
        assert {d.account_id for d in db.session.scalars(select(Document))} == {account.id}
        assert db.session.scalar(select(AccountDraft)) is None
    with at_finish.client.session_transaction() as session:
        assert session["account_id"] == account.id
    html = check_page(at_finish.client.get(f"/cuenta/{account.id}/creada"))
    assert ("Felicitaciones Ana Rojas, Constructora Andina S.A.S. con el NIT 900373923-8 creada. Su usuario es el "
            "usuario administrador, usted puede administrar la información de su Entidad y dar acceso a nuevos "
            "usuarios.") in html
    assert 'href="/escritorio"' in html and "Escritorio" in html


def test_a_second_click_on_finalizar_shows_the_confirmation_and_starts_no_new_draft(app, at_finish):
    first = at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    again = at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    check_page(again, 303, first.headers["Location"])
    assert count(app, Account) == 1 and count(app, AccountDraft) == 0


def test_a_nul_character_typed_or_pasted_does_not_reach_the_account(app, wizard):
    # PostgreSQL refuses NUL in text columns: it would make "Finalizar" fail with a server error
    wizard.kind()
    wizard.entity({**ENTITY, "nombre": "Constructora\x00 Andina", "direccion": "Calle 5\x00", "rep_nombre": "Ana\x00"})
    wizard.attach_all()
    check_page(wizard.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}), 303)
    with app.app_context():
        account = db.session.scalar(select(Account))
        assert (account.name, account.address, account.legal_rep_name) == ("Constructora Andina", "Calle 5", "Ana")


def test_a_nit_taken_meanwhile_sends_the_user_back_and_creates_nothing(app, at_finish):
    with app.app_context():
        make_account(nit="900373923")
    check_page(at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}), 303, "/cuenta/nueva/formulario")
    assert count(app, Account) == 1 and count(app, Membership) == 0 and count(app, AccountDraft) == 1


def test_a_database_refusal_at_the_last_moment_leaves_nothing_half_made(app, at_finish, monkeypatch):
    with app.app_context():
        make_account(nit="900373923")
    monkeypatch.setattr(service, "first_incomplete", lambda draft, upto=3: upto)  # the race: checks passed before the insert
    html = check_page(at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}), 422)
    assert "Otra cuenta se registró con este NIT" in html
    assert count(app, Account) == 1 and count(app, Membership) == 0 and count(app, FinancialYear) == 0
    assert count(app, AccountDraft) == 1
    with app.app_context():
        assert all(d.draft_id and not d.account_id for d in db.session.scalars(select(Document)))


def test_the_confirmation_is_only_for_the_accounts_members(app, at_finish):
    at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    with app.app_context():
        other = make_account()
    check_page(at_finish.client.get(f"/cuenta/{other}/creada"), 404)
    check_page(at_finish.client.get("/cuenta/999/creada"), 404)


def test_the_confirmation_is_not_told_to_a_member_who_did_not_create_the_account(app, at_finish, login_as):
    """A plain user of the account who opens its address was told «Felicitaciones …, Su usuario es el usuario
    administrador»: false for them."""
    at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    with app.app_context():
        account_id = db.session.scalar(select(Account.id))
        colleague = make_user(full_name="Pablo Colega")
        add_member(colleague, account_id, state=State.ACEPTADO)
    assert "Felicitaciones Ana Rojas" in check_page(at_finish.client.get(f"/cuenta/{account_id}/creada"))
    check_page(login_as(colleague).get(f"/cuenta/{account_id}/creada"), 404)


def test_a_persona_natural_account_has_no_legal_representative(app, wizard):
    wizard.kind(KIND_NATURAL)
    wizard.entity({**ENTITY_NATURAL, "rep_nombre": "Intruso"})
    wizard.attach_all(("constancia", "experiencia", "existencia"), sin_contabilidad=True)
    check_page(wizard.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}), 303)
    with app.app_context():
        account = db.session.scalar(select(Account))
        assert account.organization_type == "persona_natural_colombiana" and account.legal_rep_name == ""
        assert account.nit == "1032387714" and account.check_digit == "9"
        assert {d.slot for d in db.session.scalars(select(Document))} == {"constancia", "experiencia", "existencia"}


def test_a_document_no_longer_asked_for_is_removed_from_disk_on_finalizar(app, wizard):
    wizard.kind(KIND_NATURAL)
    wizard.entity(ENTITY_NATURAL)
    wizard.attach("capacidad_financiera", "certificado.pdf")  # then the person says they keep no accounts
    wizard.attach_all(("constancia", "experiencia", "existencia"), sin_contabilidad=True)
    assert "certificado.pdf" not in check_page(wizard.client.get("/cuenta/nueva/finalizar"))
    check_page(wizard.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}), 303)
    with app.app_context():
        kept = db.session.scalars(select(Document)).all()
    assert {d.original_name for d in kept} == {"documento.pdf"} and len(kept) == 3
    assert sorted(os.listdir(app.config["UPLOAD_FOLDER"])) == sorted(d.storage_key for d in kept)


def test_signing_out_half_way_resumes_at_the_step_reached_with_everything_kept(wizard, login_as, user_id):
    wizard.kind()
    wizard.entity()
    wizard.attach("rup", "mi-rup.pdf")
    wizard.client.delete_cookie("session")
    login_as(user_id)
    check_page(wizard.client.get("/cuenta/nueva"), 303, "/cuenta/nueva/documentos")
    assert "mi-rup.pdf" in check_page(wizard.client.get("/cuenta/nueva/documentos"))
    assert 'value="Constructora Andina S.A.S."' in check_page(wizard.client.get("/cuenta/nueva/formulario"))


def test_a_resumed_draft_keeps_financial_rows_confidential_flags_and_the_constancia_choice(wizard, login_as, user_id):
    wizard.kind(KIND_NATURAL)
    wizard.entity({**ENTITY_NATURAL, **ROW})
    wizard.client.post("/cuenta/nueva/documentos", data={"sin_contabilidad": "y", "aplicar": "1"})
    wizard.attach("constancia", "constancia.pdf", confidencial="y")
    wizard.client.delete_cookie("session")
    login_as(user_id)
    check_page(wizard.client.get("/cuenta/nueva"), 303, "/cuenta/nueva/documentos")
    html = check_page(wizard.client.get("/cuenta/nueva/documentos"))
    assert re.search(r'<input(?=[^>]*name="sin_contabilidad")(?=[^>]*\schecked)[^>]*>', html)
    assert "constancia.pdf" in html and "confidencial)" in html
    assert re.search(r'<input(?=[^>]*id="confidencial-constancia")(?=[^>]*\schecked)[^>]*>', html)
    html = check_page(wizard.client.get("/cuenta/nueva/formulario"))
    assert 'value="2024"' in html and "$ 500.000.000" in html and "$ 25.000.000" in html


def test_each_user_has_one_draft(app, wizard, user_id):
    wizard.client.get("/cuenta/nueva")
    wizard.client.get("/cuenta/nueva")
    wizard.kind()
    assert count(app, AccountDraft) == 1


def test_the_terms_page_says_what_they_are(client):
    html = check_page(client.get("/terminos"))
    assert "Términos y condiciones de uso" in html and "veraz" in html


def test_an_impossible_account_number_is_not_found(signed_in):
    check_page(signed_in.get("/cuenta/99999999999999999999/creada"), 404)


def test_a_persona_natural_is_congratulated_without_repeating_the_name(app, wizard):
    from tests.helpers.accounts import ENTITY_NATURAL, KIND_NATURAL

    wizard.kind(KIND_NATURAL)
    wizard.entity({**ENTITY_NATURAL, "nombre": "Ana Rojas"})
    wizard.attach_all(slots=("capacidad_financiera", "experiencia", "estados_financieros", "existencia"))
    response = wizard.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    html = check_page(wizard.client.get(response.headers["Location"]))
    assert "Felicitaciones Ana Rojas, su cuenta de Proveedor con el NIT 1032387714-9 creada." in html
    assert "Ana Rojas, Ana Rojas" not in html


def test_the_terms_checkbox_says_acepto(at_finish):
    html = check_page(at_finish.client.get("/cuenta/nueva/finalizar"))
    assert '<label for="terminos">Acepto los Términos y condiciones de uso</label>' in html
    assert "Pulsando en Finalizar" not in html


@pytest.mark.parametrize("page", ["/cuenta/nueva/finalizar", "/cuenta/nueva/tipo", "/cuenta/nueva/formulario",
                                  "/cuenta/nueva/documentos"])
def test_back_or_reload_after_finalizar_shows_the_account_made_not_an_empty_wizard(app, at_finish, page):
    created = at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}).headers["Location"]
    response = at_finish.client.get(page)
    check_page(response, 303, created)
    html = check_page(at_finish.client.get(created))
    assert "La cuenta Constructora Andina S.A.S. ya fue creada" in html and "Escritorio" in html
    assert count(app, AccountDraft) == 0


def test_a_second_account_may_be_started_on_purpose_after_the_first(app, at_finish):
    at_finish.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    check_page(at_finish.client.get("/cuenta/nueva"), 303, "/cuenta/nueva/tipo")
    html = check_page(at_finish.client.get("/cuenta/nueva/tipo"))
    assert "Tipo de organización" in html and "ya fue creada" not in html


def test_the_confirmation_follows_the_sentence_of_the_specification_for_a_persona_natural(app, wizard):
    wizard.kind(KIND_NATURAL)
    wizard.entity({**ENTITY_NATURAL, "nombre": "Ana Rojas"})
    wizard.attach_all(slots=("capacidad_financiera", "experiencia", "estados_financieros", "existencia"))
    response = wizard.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"})
    html = check_page(wizard.client.get(response.headers["Location"]))
    assert ("con el NIT 1032387714-9 creada. Su usuario es el usuario administrador, usted puede administrar la "
            "información de su Entidad y dar acceso a nuevos usuarios.") in html
    assert "administrador y el proveedor:" not in html


def test_the_summary_shows_the_postal_code_and_fax_only_when_typed(wizard):
    """An empty «Código postal» (optional) left a bare «· Código postal» after the address; a fax typed was not
    shown at all."""
    wizard.kind()
    wizard.entity({**ENTITY, "codigo_postal": "", "fax_oficina": "607 5682091"})
    wizard.attach_all()
    html = check_page(wizard.client.get("/cuenta/nueva/finalizar"))
    assert "<dd>Calle 5 # 6-30</dd>" in html and "Código postal" not in html
    assert "<dt>Fax de oficina</dt><dd>607 5682091</dd>" in html
    wizard.entity({**ENTITY, "fax_oficina": ""})
    html = check_page(wizard.client.get("/cuenta/nueva/finalizar"))
    assert "Calle 5 # 6-30 · Código postal 543050" in html and "Fax de oficina" not in html
