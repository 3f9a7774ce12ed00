"""Step 3 is one form: "Anexar documento" and "Borrar documento" are its buttons, so the "Número de planilla" and
"Fecha de pago" typed there travel with every upload and deletion (with or without JavaScript) and are never lost:
saved when right, shown again as typed when not (without a message the user did not ask for)."""
import io
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from tests.helpers import payments as p
from wizard.extensions import db
from wizard.models import Document, PaymentRequest


@pytest.fixture
def ana(world, as_user):
    return as_user(world, "s_admin", "s")


def _saved(app, payment_id):
    with app.app_context():
        found = db.session.get(PaymentRequest, payment_id)
        return found.payroll_number, found.payroll_paid_on and found.payroll_paid_on.isoformat()


class _Forms(HTMLParser):
    """Which form (by its position) each named input and each button's words belong to."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.owner, self.button = 0, None, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms += 1
            self.current = self.forms
        elif tag in ("input", "textarea") and attrs.get("name"):
            self.owner[attrs["name"]] = self.current
        elif tag == "button":  # by where it sends the form: each document's own address
            self.owner[attrs.get("formaction") or attrs.get("aria-label") or ""] = self.current

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def test_the_payroll_fields_and_every_document_button_are_one_form(app, ana, world):
    payment_id = p.start(ana, world["c"])
    ana.post(f"/pagos/{payment_id}/documentos/informe", data=p.upload(p.PDF, "informe.pdf"),
             content_type="multipart/form-data")
    forms = _Forms()
    forms.feed(ana.get(f"/pagos/{payment_id}/documentos").get_data(as_text=True))
    one = forms.owner["planilla"]
    assert one is not None and forms.owner["fecha_pago"] == one
    assert forms.owner[f"/pagos/{payment_id}/documentos/informe"] == one
    assert forms.owner[f"/pagos/{payment_id}/documentos/planilla"] == one
    borrar = [action for action in forms.owner if "/borrar/" in action or action.endswith("/borrar")]
    assert borrar and all(forms.owner[action] == one for action in borrar)
    assert forms.owner["archivo-informe"] == one


def test_anexar_documento_saves_the_payroll_typed_in_the_same_form(app, ana, world):
    payment_id = p.start(ana, world["c"])
    response = ana.post(f"/pagos/{payment_id}/documentos/informe",
                        data={"archivo-informe": (io.BytesIO(p.PDF), "informe.pdf"),
                              "archivo-planilla": (io.BytesIO(b""), ""),
                              "planilla": "9876543210", "fecha_pago": "2026-11-10"},
                        content_type="multipart/form-data")
    assert response.status_code == 303
    assert _saved(app, payment_id) == ("9876543210", "2026-11-10")
    page = ana.get(f"/pagos/{payment_id}/documentos").get_data(as_text=True)
    assert 'value="9876543210"' in page and "informe.pdf" in page


def test_a_half_typed_payroll_is_shown_again_as_typed_after_an_upload_without_a_message(app, ana, world):
    payment_id = p.start(ana, world["c"])
    response = ana.post(f"/pagos/{payment_id}/documentos/informe",
                        data={"archivo-informe": (io.BytesIO(p.PDF), "informe.pdf"), "planilla": "98765",
                              "fecha_pago": ""}, content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="98765"' in text and "Documento anexo" in text
    assert "Escriba la fecha" not in text and "Error:" not in text


def test_a_refused_upload_keeps_the_payroll_typed(app, ana, world):
    payment_id = p.start(ana, world["c"])
    response = ana.post(f"/pagos/{payment_id}/documentos/planilla",
                        data={"archivo-planilla": (io.BytesIO(b"texto"), "planilla.txt"), "planilla": "55555",
                              "fecha_pago": "2026-11"}, content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "en PDF o en un ZIP" in text
    assert 'value="55555"' in text and 'value="2026-11"' in text


def test_borrar_documento_saves_the_payroll_typed_in_the_same_form(app, ana, world):
    payment_id = p.start(ana, world["c"])
    ana.post(f"/pagos/{payment_id}/documentos/informe", data=p.upload(p.PDF, "informe.pdf"),
             content_type="multipart/form-data")
    with app.app_context():
        document_id = db.session.scalar(select(Document.id).where(Document.payment_request_id == payment_id))
    response = ana.post(f"/pagos/{payment_id}/documentos/{document_id}/borrar",
                        data={"planilla": "1234567", "fecha_pago": "2026-11-09"})
    assert response.status_code == 303 and _saved(app, payment_id) == ("1234567", "2026-11-09")


def test_continuar_attaches_a_file_chosen_but_not_yet_attached(app, ana, world):
    payment_id = p.start(ana, world["c"])
    response = ana.post(f"/pagos/{payment_id}/documentos",
                        data={"archivo-informe": (io.BytesIO(p.PDF), "informe.pdf"), **p.PAYROLL},
                        content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Anexe el documento «Informe de actividades»" not in text
    assert "informe.pdf" in text and "Anexe el documento «Cuenta de cobro»" in text


def test_anexar_documento_also_attaches_the_other_files_chosen_in_the_form(app, ana, world):
    """Every chosen file travels with every button: "Anexar documento" on one attaches the others chosen too,
    instead of dropping them without a word."""
    payment_id = p.start(ana, world["c"])
    answer = ana.post(f"/pagos/{payment_id}/documentos/informe", content_type="multipart/form-data", data={
        "archivo-informe": (io.BytesIO(p.PDF), "informe.pdf"), "archivo-planilla": (io.BytesIO(p.PDF), "pila.pdf")})
    assert answer.status_code == 303
    with app.app_context():
        slots = set(db.session.scalars(select(Document.slot).where(Document.payment_request_id == payment_id)))
    assert slots == {"informe", "planilla"}


@pytest.mark.settings(MAX_DOCUMENT_BYTES=64 * 1024, MAX_CONTENT_LENGTH=2 * 64 * 1024 + 4096)
def test_files_each_within_the_limit_are_not_refused_together(app, ana, world):
    """Step 3 carries every file at once: three of 60 KB under a 64 KB limit pass, although together they are
    over the request limit of other pages."""
    payment_id = p.start(ana, world["c"])
    big = p.PDF + b"0" * (60 * 1024)
    answer = ana.post(f"/pagos/{payment_id}/documentos", content_type="multipart/form-data", data={
        "archivo-informe": (io.BytesIO(big), "informe.pdf"), "archivo-planilla": (io.BytesIO(big), "pila.pdf"),
        "archivo-evidencias": (io.BytesIO(big), "fotos.pdf"), "planilla": "8512345678", "fecha_pago": "2026-11-20"})
    assert answer.status_code in (303, 422) and "supera el tamaño" not in answer.get_data(as_text=True)
    with app.app_context():
        slots = set(db.session.scalars(select(Document.slot).where(Document.payment_request_id == payment_id)))
    assert {"informe", "planilla"} <= slots
    assert _saved(app, payment_id)[0] == "8512345678"


def test_the_upload_addresses_reopened_lead_to_the_step(app, ana, world):
    payment_id = p.start(ana, world["c"])
    for path in (f"/pagos/{payment_id}/documentos/informe", f"/pagos/{payment_id}/documentos/999/borrar"):
        answer = ana.get(path)
        assert answer.status_code == 303 and answer.headers["Location"] == f"/pagos/{payment_id}/documentos", path
