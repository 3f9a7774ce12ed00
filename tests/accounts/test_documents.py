"""Request tests for "Anexar documentos": uploads, refusals, deletion, the constancia rule and downloads.

Every case runs twice: with documents in the local folder (the default) and in S3-compatible storage, a real S3
API server (moto's) holding a bucket of the test's own.
"""
import pytest
from sqlalchemy import select

from tests.helpers.accounts import ENTITY_NATURAL, KIND_NATURAL, PDF
from tests.helpers.factories import add_member, make_user
from tests.helpers.pages import check_page
from tests.helpers.storage import stored_keys
from wizard import create_app, storage
from wizard.extensions import db
from wizard.models import Document, State, User

HTMX = {"HX-Request": "true"}


@pytest.fixture(params=["local", "s3"])
def storage_settings(request):
    """The same cases against each storage backend (the app fixture takes these settings)."""
    return request.getfixturevalue("s3_bucket") if request.param == "s3" else {}


@pytest.fixture
def at_documents(wizard):
    wizard.kind()
    wizard.entity()
    return wizard


def stored_files(app):
    return stored_keys(app)


def download(client, document_id):
    """(status, body, headers) of a download, closing the file the response streams."""
    with client.get(f"/cuenta/documentos/{document_id}") as response:
        return response.status_code, response.get_data(), response.headers


def signed_in_client(app, user_id):
    with app.app_context():
        session_id = db.session.get(User, user_id).session_id
    other = app.test_client()
    with other.session_transaction() as session:
        session["_user_id"] = session_id
    return other


def documents(app):
    with app.app_context():
        return db.session.scalars(select(Document)).all()


def test_the_page_lists_the_five_documents_and_states_the_size_limit(at_documents):
    html = check_page(at_documents.client.get("/cuenta/nueva/documentos"))
    for text in ("RUP", "Certificado con los indicadores de capacidad financiera y organizacional",
                 "Lista de contratos que acrediten su experiencia",
                 "Estados financieros auditados a 31 de diciembre del año anterior",
                 "Documentos que acreditan existencia y representación legal", "Tamaño máximo: 10 MB",
                 "Falta el documento", "¿Es obligatorio?", "Anexar documento", "Confidencial", "<progress",
                 'enctype="multipart/form-data"', 'hx-encoding="multipart/form-data"'):
        assert text in html, text


def test_an_attached_document_shows_its_name_and_size_and_is_stored_under_a_random_key(app, at_documents):
    response = at_documents.attach("rup", "Mi RUP 2024.pdf", confidencial="y")
    check_page(response, 303, "/cuenta/nueva/documentos?anexo=rup#doc-rup")
    html = check_page(at_documents.client.get("/cuenta/nueva/documentos?anexo=rup"))
    assert "Mi RUP 2024.pdf" in html and f"{len(PDF)} B" in html and "Documento anexo" in html
    [document] = documents(app)
    assert document.confidential and document.content_type == "application/pdf"
    assert stored_files(app) == [document.storage_key] and "RUP" not in document.storage_key
    assert "static" not in app.config["UPLOAD_FOLDER"]


def test_the_bytes_live_only_in_the_configured_backend(app, at_documents, storage_settings, tmp_path):
    at_documents.attach("rup", "rup.pdf")
    [document] = documents(app)
    folder = tmp_path / "uploads"
    if storage_settings:  # S3: the object is in the bucket, with its type, and nothing is on this machine's disk
        with app.app_context():
            backend = storage.backend()
        stored = backend.client.get_object(Bucket=storage_settings["S3_BUCKET"], Key=document.storage_key)
        assert stored["ContentType"] == "application/pdf" and stored["Body"].read() == PDF
        assert not folder.exists() or not list(folder.iterdir())
    else:
        assert (folder / document.storage_key).read_bytes() == PDF


def test_with_htmx_an_upload_answers_with_its_row(at_documents):
    response = at_documents.client.post("/cuenta/nueva/documentos/experiencia", headers=HTMX,
                                        data={"archivo": (__import__("io").BytesIO(b"PK\x03\x04zip"), "contratos.zip")},
                                        content_type="multipart/form-data")
    html = check_page(response)
    assert "Documento anexo" in html and "contratos.zip" in html and "<html" not in html


@pytest.mark.parametrize("name, data, message", [
    ("factura.pdf", b"MZ\x90\x00" + b"\x00" * 100, "No se aceptan programas ejecutables"),
    ("informe.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "No se aceptan programas ejecutables"),
    ("instalar.bat", b"echo hola", "No se aceptan programas ejecutables"),
    ("setup.bat.", b"echo hola", "No se aceptan programas ejecutables"),
    ("a.ps1 .", b"Get-Process", "No se aceptan programas ejecutables"),
    ("pagina.hta", b"<script>x</script>", "No se aceptan programas ejecutables"),
    ("acceso.lnk", b"L\x00\x00\x00", "No se aceptan programas ejecutables"),
    ("vacio.pdf", b"", "El archivo está vacío"),
])
def test_executables_and_empty_files_are_refused_and_nothing_is_kept(app, at_documents, name, data, message):
    html = check_page(at_documents.attach("rup", name, data), 422)
    assert message in html and "Falta el documento" in html
    assert documents(app) == [] and stored_files(app) == []


def test_choosing_no_file_is_explained(at_documents):
    response = at_documents.client.post("/cuenta/nueva/documentos/rup", data={}, content_type="multipart/form-data")
    assert "Elija el archivo que quiere anexar" in check_page(response, 422)


@pytest.mark.settings(MAX_DOCUMENT_BYTES=1024, MAX_CONTENT_LENGTH=64 * 1024)
def test_a_file_over_the_size_limit_is_refused(app, at_documents):
    html = check_page(at_documents.attach("rup", "grande.pdf", PDF + b"0" * 2000), 422)
    assert "supera el tamaño máximo de" in html and documents(app) == []
    response = at_documents.client.post("/cuenta/nueva/documentos/rup", headers=HTMX, content_type="multipart/form-data",
                                        data={"archivo": (__import__("io").BytesIO(b"0" * 100_000), "enorme.pdf")})
    assert "supera el tamaño máximo" in check_page(response, 422)
    response = at_documents.attach("rup", "enorme.pdf", b"0" * 100_000)
    assert "supera el tamaño máximo" in check_page(response, 413)


def test_replacing_a_document_removes_the_old_file(app, at_documents):
    at_documents.attach("rup", "uno.pdf")
    at_documents.attach("rup", "dos.pdf")
    [document] = documents(app)
    assert document.original_name == "dos.pdf" and stored_files(app) == [document.storage_key]


def test_borrar_documento_removes_the_row_and_the_file(app, at_documents):
    at_documents.attach("rup")
    check_page(at_documents.client.post("/cuenta/nueva/documentos/rup/borrar"), 303)
    assert documents(app) == [] and stored_files(app) == []
    html = check_page(at_documents.client.post("/cuenta/nueva/documentos/rup/borrar", headers=HTMX))
    assert "Falta el documento" in html


def test_continuar_names_the_required_documents_still_missing(at_documents):
    at_documents.attach("experiencia")
    html = check_page(at_documents.client.post("/cuenta/nueva/documentos", data={"continuar": "1"}), 422)
    assert "Estados financieros auditados a 31 de diciembre del año anterior: Anexe este documento" in html
    assert "Lista de contratos que acrediten su experiencia: Anexe" not in html


def test_an_unknown_document_slot_is_not_found(at_documents):
    check_page(at_documents.attach("../../etc/passwd"), 404)
    check_page(at_documents.attach("constancia"), 404)  # only for a persona natural not keeping accounts


def test_a_persona_natural_not_keeping_accounts_attaches_a_constancia_instead(wizard):
    wizard.kind(KIND_NATURAL)
    wizard.entity(ENTITY_NATURAL)
    html = check_page(wizard.client.get("/cuenta/nueva/documentos"))
    assert "No estoy obligado a llevar contabilidad" in html and "Cédula de ciudadanía" in html
    html = check_page(wizard.client.post("/cuenta/nueva/documentos", data={"sin_contabilidad": "y", "aplicar": "1"}))
    assert "Constancia de no estar obligado a llevar contabilidad" in html
    assert "Certificado con los indicadores" not in html and "Estados financieros" not in html
    wizard.attach_all(("constancia", "experiencia", "existencia"), sin_contabilidad=True)


@pytest.mark.parametrize("sent, kept", [
    ("../../secretos/informe.pdf", "informe.pdf"),
    ("/home/ana/Escritorio/RUT 2024.pdf", "RUT 2024.pdf"),
    ("../", "documento"),
    ("a\x00b\x1f.pdf", "ab.pdf"),
])
def test_a_file_is_kept_under_its_own_name_without_folders_or_control_characters(app, at_documents, sent, kept):
    check_page(at_documents.attach("rup", sent), 303)
    [document] = documents(app)
    assert document.original_name == kept
    disposition = download(at_documents.client, document.id)[2]["Content-Disposition"]
    assert kept in disposition and "/" not in disposition


def test_marking_an_attached_document_confidential_without_a_new_file_says_so(app, at_documents):
    at_documents.attach("rup", "rup.pdf")
    response = at_documents.client.post("/cuenta/nueva/documentos/rup", data={"confidencial": "y"},
                                        content_type="multipart/form-data")
    html = check_page(at_documents.client.get(response.headers["Location"]))
    assert "Cambios guardados" in html and "Documento anexo" not in html and "confidencial" in html
    [document] = documents(app)
    assert document.confidential and document.original_name == "rup.pdf"


def test_two_uploads_racing_for_one_row_leave_no_file_or_record_behind(app, at_documents):
    at_documents.attach("rup", "primero.pdf")
    with app.app_context():  # a double click without JavaScript: both requests saw the row empty and both saved
        [first] = db.session.scalars(select(Document)).all()
        key = storage.new_key()
        storage.backend().put(key, PDF, "application/pdf")
        db.session.add(Document(draft_id=first.draft_id, slot="rup", original_name="segundo.pdf",
                                storage_key=key, size=len(PDF), uploaded_by_id=first.uploaded_by_id))
        db.session.commit()
    html = check_page(at_documents.client.get("/cuenta/nueva/documentos"))
    assert "segundo.pdf" in html and "primero.pdf" not in html  # the latest upload is the one shown
    at_documents.attach_all()
    check_page(at_documents.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}), 303)
    kept = documents(app)
    assert all(d.account_id for d in kept) and "primero.pdf" not in {d.original_name for d in kept}
    assert sorted(stored_files(app)) == sorted(d.storage_key for d in kept)


def test_a_file_cannot_be_attached_or_deleted_before_the_form_is_complete(app, wizard):
    wizard.kind()  # the form is not filled in yet
    check_page(wizard.attach("existencia"), 303, "/cuenta/nueva/formulario")
    check_page(wizard.client.post("/cuenta/nueva/documentos/existencia/borrar"), 303, "/cuenta/nueva/formulario")
    assert documents(app) == [] and stored_files(app) == []


def test_the_constancia_row_exists_only_for_a_persona_natural_not_keeping_accounts(app, at_documents):
    at_documents.client.post("/cuenta/nueva/documentos", data={"sin_contabilidad": "y", "aplicar": "1"})
    check_page(at_documents.attach("constancia"), 404)
    assert documents(app) == [] and stored_files(app) == []


def test_a_draft_document_is_served_only_to_its_uploader(app, at_documents):
    at_documents.attach("rup", "rup.pdf")
    [document] = documents(app)
    status, body, headers = download(at_documents.client, document.id)
    assert status == 200 and body == PDF and headers["Content-Disposition"].startswith("attachment")
    with app.app_context():
        stranger = signed_in_client(app, make_user())
    assert download(stranger, document.id)[0] == 404
    assert download(stranger, 999999)[0] == 404


def test_a_document_whose_bytes_are_gone_is_not_found_rather_than_an_error(app, at_documents):
    at_documents.attach("rup", "rup.pdf")
    [document] = documents(app)
    with app.app_context():
        storage.backend().delete(document.storage_key)
        storage.backend().delete(document.storage_key)  # deleting twice is no error either
    assert download(at_documents.client, document.id)[0] == 404


def test_after_creation_documents_are_served_to_accepted_members_only(app, at_documents):
    at_documents.attach_all()
    check_page(at_documents.client.post("/cuenta/nueva/finalizar", data={"terminos": "y"}), 303)
    document = documents(app)[0]
    assert document.account_id and document.draft_id is None
    assert download(at_documents.client, document.id)[0] == 200
    statuses = {}
    for state in (State.ACEPTADO, State.PENDIENTE, State.CANCELADO, None):
        with app.app_context():
            uid = make_user()
            if state:
                add_member(uid, document.account_id, state=state)
        statuses[state] = download(signed_in_client(app, uid), document.id)[0]
    assert statuses == {State.ACEPTADO: 200, State.PENDIENTE: 404, State.CANCELADO: 404, None: 404}


def test_uploads_are_never_stored_under_static(tmp_path):
    with pytest.raises(RuntimeError):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "UPLOAD_FOLDER": "static/subidas"})


@pytest.mark.parametrize("method, url, data", [
    ("post", "/cuenta/nueva/documentos/rup", {"archivo": "no soy un archivo", "confidencial": "x" * 10_000}),
    ("post", "/cuenta/nueva/documentos", {"sin_contabilidad": ["y", "n"], "continuar": "☃"}),
    ("post", "/cuenta/nueva/documentos/rup/borrar", {"archivo": "x"}),
    ("get", "/cuenta/documentos/abc", None),
    ("get", "/cuenta/documentos/99999999999999999999", None),
    ("post", "/cuenta/nueva/finalizar", {"terminos": "<script>"}),
])
def test_malformed_document_requests_never_break(at_documents, method, url, data):
    response = getattr(at_documents.client, method)(url, data=data)
    assert response.status_code in (200, 303, 404, 422), response.status_code
    check_page(response, response.status_code)


def test_a_document_kept_under_a_runnable_name_downloads_under_a_harmless_one(app, at_documents):
    """Say a name the blocklist did not know when it was uploaded: the download never suggests running it."""
    at_documents.attach("rup", "rup.pdf")
    [document] = documents(app)
    with app.app_context():
        db.session.get(Document, document.id).original_name = "soporte.hta."
        db.session.commit()
    response = at_documents.client.get(f"/cuenta/documentos/{document.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"] == "attachment; filename=soporte.hta.txt"


def test_a_document_is_downloaded_byte_for_byte_even_by_a_browser_that_accepts_compression(app, at_documents):
    """Even a long one stored with a text type, which an answer of that type and size would be compressed under."""
    long_pdf = PDF.replace(b"trailer", b"%" + b"relleno " * 500 + b"\ntrailer")
    assert at_documents.attach("rup", "rup.pdf", data=long_pdf).status_code == 303
    [document] = documents(app)
    with app.app_context():
        db.session.get(Document, document.id).content_type = "text/plain"
        db.session.commit()
    with at_documents.client.get(f"/cuenta/documentos/{document.id}",
                                 headers={"Accept-Encoding": "gzip, deflate, br, zstd"}) as response:
        assert response.status_code == 200 and response.mimetype == "text/plain"
        assert "Content-Encoding" not in response.headers and response.get_data() == long_pdf


def test_with_htmx_attaching_a_flagged_document_drops_it_from_the_error_summary(at_documents):
    import io
    import re

    at_documents.attach("experiencia")
    html = check_page(at_documents.client.post("/cuenta/nueva/documentos", data={"continuar": "1"}), 422)
    flagged = re.search(r'name="senalados" value="([^"]+)"', html).group(1)
    assert set(flagged.split(",")) == {"capacidad_financiera", "estados_financieros", "existencia"}

    def attach(slot, flagged):
        return check_page(at_documents.client.post(
            f"/cuenta/nueva/documentos/{slot}", headers=HTMX, content_type="multipart/form-data",
            data={"archivo": (io.BytesIO(PDF), "d.pdf"), "senalados": flagged}))

    row = attach("existencia", flagged)
    summary = row.split('id="doc-summary"')[1]
    assert "Revise los documentos marcados" in summary and "<title>Error: " in row
    assert "Estados financieros auditados" in summary and 'href="#archivo-existencia"' not in summary
    flagged = re.search(r'name="senalados" value="([^"]+)"', row).group(1)
    attach("capacidad_financiera", flagged)
    row = attach("estados_financieros", "capacidad_financiera,estados_financieros")
    summary = row.split('id="doc-summary"')[1]
    assert "Revise" not in summary and "Anexe este documento" not in summary
    assert "<title>Registrar Entidad: anexar documentos" in row
