"""A file over the size limit keeps the user on the step with the message on the field (with or without
JavaScript), a request far over it goes back to the page it came from, and the upload's address reopened leads to
its step instead of "Acción no permitida"."""
import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from tests.helpers.accounts import PDF
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Document

HTMX = {"HX-Request": "true", "HX-Target": "main"}
TOO_LARGE = "El archivo supera el tamaño máximo de"


@pytest.fixture
def admin(world, as_user):
    return as_user(world, "e_admin", "e")


def send(client, url, name, data, headers=None):
    """A multipart upload built in memory (the test client spools a large one to a file it leaves open)."""
    body, _, boundary = stream_encode_multipart({"archivo": FileStorage(io.BytesIO(data), filename=name)},
                                                use_tempfile=False)
    return client.post(url, data=body.getvalue(), headers=headers or {}, content_type=f"multipart/form-data; boundary={boundary}")


def documents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Document.id)))


def test_an_11_mb_signed_contract_is_refused_on_its_field_and_the_step_stays(app, admin, world):
    url = f"/entidad/contratos/{world['draft']}/documentos"
    before = documents(app)
    big = PDF + b"0" * (11 * 1024 * 1024)
    html = check_page(send(admin, url + "/firmado", "contrato.pdf", big), 422)
    assert TOO_LARGE in html and "Ir al inicio" not in html and "Documentos del contrato" in html
    assert 'id="archivo-firmado" name="archivo" aria-describedby="archivo-firmado-error" aria-invalid="true"' in html
    # with htmx, after a program was refused: the size is said on the field and the old message is gone
    html = check_page(send(admin, url + "/firmado", "contrato.exe", b"MZ\x90\x00", HTMX), 422)
    assert "No se aceptan programas ejecutables" in html
    html = check_page(send(admin, url + "/firmado", "contrato.pdf", big, HTMX), 422)
    assert TOO_LARGE in html and "No se aceptan programas ejecutables" not in html
    assert documents(app) == before


@pytest.mark.settings(MAX_DOCUMENT_BYTES=1024 * 1024, MAX_CONTENT_LENGTH=1024 * 1024 + 4096)
def test_a_request_over_the_request_limit_still_answers_on_the_contract_field(app, admin, world):
    url = f"/entidad/contratos/{world['draft']}/documentos"
    big = b"0" * (2 * 1024 * 1024)
    for headers in ({}, HTMX):
        html = check_page(send(admin, url + "/otro", "estudios.pdf", big, headers), 422)
        assert f"{TOO_LARGE} 1 MB" in html and 'aria-describedby="archivo-otro-error" aria-invalid="true"' in html


@pytest.mark.settings(MAX_DOCUMENT_BYTES=1024 * 1024, MAX_CONTENT_LENGTH=1024 * 1024 + 4096)
def test_elsewhere_a_request_over_the_limit_goes_back_to_its_page_with_the_message(app, admin, world):
    back = f"http://localhost/contratos/{world['c']}"
    response = send(admin, "/entidad/contratos/importar", "contratos.csv", b"0" * (2 * 1024 * 1024), {"Referer": back})
    check_page(response, 303, f"/contratos/{world['c']}")
    assert TOO_LARGE in check_page(admin.get(f"/contratos/{world['c']}"))
    response = send(admin, "/entidad/contratos/importar", "contratos.csv", b"0" * (2 * 1024 * 1024), {"Referer": "http://otro.example/x"})
    assert TOO_LARGE in check_page(response, 413)  # never back to another site


def test_reopening_an_upload_address_leads_to_its_step(app, admin, world, as_user):
    url = f"/entidad/contratos/{world['draft']}/documentos"
    check_page(admin.get(url + "/firmado"), 303, url)
    check_page(admin.get(url + "/otro"), 303, url)
    supplier = as_user(world, "s_admin", "s")
    check_page(supplier.get(f"/contratos/{world['c']}/documentos-proveedor"), 303,
               f"/contratos/{world['c']}#documentos-proveedor")


@pytest.mark.settings(MAX_DOCUMENT_BYTES=1024 * 1024, MAX_CONTENT_LENGTH=1024 * 1024 + 4096, WTF_CSRF_ENABLED=True)
def test_a_request_over_the_limit_from_someone_who_may_not_edit_the_contract_gets_the_general_answer(app, world,
                                                                                                   as_user):
    """With CSRF on, the form is read (and the 413 raised) before the view's login_required: the contract's own
    answer must not be tried for a visitor signed out or from another entity (it raised inside the handler: 500)."""
    big = b"0" * (2 * 1024 * 1024)
    for client in (app.test_client(), as_user(world, "f_admin", "f")):
        for url in (f"/entidad/contratos/{world['draft']}/documentos/firmado", f"/contratos/{world['c']}/documentos-proveedor"):
            response = send(client, url, "contrato.pdf", big)
            page = response.get_data(as_text=True)
            assert response.status_code == 413 and TOO_LARGE in page, (url, response.status_code)
            assert "Documentos del contrato" not in page
