"""Messages swapped in by htmx land inside live regions that stay on the page, so screen readers announce them:
the NIT's check digit or duplicate, the municipio's error, a document row's "Documento anexo"."""
import pytest
from playwright.sync_api import Page, expect

from tests.helpers.account_journey import choose_kind, label, sign_in
from tests.helpers.accounts import ENTITY, KIND_SAS
from tests.helpers.factories import make_account, make_user
from tests.helpers.htmx_wait import settled
from wizard.accounts import service
from wizard.extensions import db
from wizard.models import AccountDraft

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def mark(page: Page, selector: str) -> None:
    page.eval_on_selector(selector, "el => { el.dataset.kept = 'yes'; }")


def kept(page: Page, selector: str) -> bool:
    return page.eval_on_selector(selector, "el => el.dataset.kept === 'yes'")


def test_the_nit_and_municipio_messages_are_announced_in_regions_that_stay(page: Page, live_server):
    with live_server.app.app_context():
        make_account(name="H&H Asociados", nit="800111202")
        user = make_user(full_name="Lucía Vivas")
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva")
    choose_kind(page, "Sociedad por acciones simplificada colombiana")
    nit_live = "#nit-field .field-live"
    assert page.get_attribute(nit_live, "aria-live") == "polite"
    mark(page, nit_live)
    label(page, "NIT").fill("900373923")
    label(page, "NIT").blur()
    expect(page.locator(nit_live)).to_contain_text("DV: 8")
    label(page, "NIT").fill("800111202")
    label(page, "NIT").blur()
    expect(page.locator(nit_live)).to_contain_text("Ya existe una cuenta con este número: H&H Asociados")
    assert kept(page, nit_live), "the NIT's live region was replaced instead of updated"

    municipio_live = "#municipio-field .field-live"
    mark(page, municipio_live)
    label(page, "Buscar municipio").fill("pampl")
    expect(label(page, "Municipio")).to_have_value("54518")
    settled(page)
    assert kept(page, municipio_live), "the municipio's live region was replaced by the search"


@pytest.fixture
def wizard_at_documents(page: Page, live_server):
    """A signed-in user whose account wizard has passed the form, on "Anexar documentos"."""
    with live_server.app.app_context():
        user = make_user(full_name="Lucía Vivas")
        db.session.add(AccountDraft(user_id=user, step="documentos", reached=2,
                                    data={"tipo": service.kind_answers(KIND_SAS),
                                          "formulario": service.entity_answers(ENTITY)}))
        db.session.commit()
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/cuenta/nueva/documentos")
    expect(page.get_by_role("heading", name="Anexar documentos")).to_be_visible()


def test_a_document_rows_message_is_announced_in_a_region_that_stays(page: Page, live_server, tmp_path, wizard_at_documents):
    path = tmp_path / "rup.pdf"
    path.write_bytes(PDF)
    live = "#doc-rup-live"
    assert page.get_attribute(live, "aria-live") == "polite"
    mark(page, live)
    page.get_by_label("Archivo: RUP (Registro Único de Proponentes)").set_input_files(str(path))
    row = page.locator("li.document", has=page.get_by_role("heading", name="RUP (Registro Único de Proponentes)"))
    row.get_by_role("button", name="Anexar documento", exact=True).click()
    expect(page.locator(live)).to_have_text("Documento anexo")
    assert kept(page, live)
    row.get_by_role("button", name="Borrar documento", exact=True).click()
    expect(page.locator(live)).to_have_text("Documento borrado")
    assert kept(page, live)
