"""Each step of the contractor's request: what it checks, what it says on the field, that nothing typed is lost and
that the request is saved as it is passed (and found again on another device)."""
import pytest
from sqlalchemy import func, select

from tests.helpers import payments as p
from wizard import cufe
from wizard.extensions import db
from wizard.models import Document, PaymentRequest


@pytest.fixture
def ana(world, as_user):
    return as_user(world, "s_admin", "s")


def _request(app, payment_id):
    with app.app_context():
        found = db.session.get(PaymentRequest, payment_id)
        db.session.expunge(found)
        return found


def test_step_one_requires_the_answer_and_for_a_factura_its_number_and_cufe(app, ana, world):
    url = f"/contratos/{world['c']}/pagos/nuevo"
    page = ana.post(url, data={"numero": "FE-1"})
    assert page.status_code == 422 and "Elija «Sí» si factura" in page.get_data(as_text=True)
    page = ana.post(url, data={"factura": "si", "numero": "", "cufe": "abc"}).get_data(as_text=True)
    assert "Escriba el número de la factura" in page and "96 caracteres y usted escribió 3" in page
    assert 'value="si" checked' in page or "checked" in page  # the answer is kept
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentRequest.id))) == 0  # nothing half-written


def test_validar_checks_the_cufe_and_links_to_dians_lookup_without_saving(app, ana, world):
    code = p.a_cufe()
    spaced = " ".join(code[i:i + 32].upper() for i in range(0, 96, 32))
    page = ana.post(f"/contratos/{world['c']}/pagos/nuevo",
                    data={"factura": "si", "numero": "FE-9", "cufe": spaced, "validar": "1"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "El CUFE tiene la forma correcta" in text
    assert f"https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey={code}" in text
    with app.app_context():
        assert db.session.scalar(select(func.count(PaymentRequest.id))) == 0


def test_a_cufe_already_in_any_request_of_the_portal_is_refused(app, ana, world, as_user):
    payment_id = p.start(ana, world["c"], invoices=True)
    used = _request(app, payment_id).cufe
    page = ana.post(f"/contratos/{world['c']}/pagos/nuevo", data={"factura": "si", "numero": "FE-2",
                                                                  "cufe": used.upper()})
    assert page.status_code == 422 and "ya está en otra solicitud de pago del portal" in page.get_data(as_text=True)
    # the same request keeps its own CUFE when its first step is saved again
    assert ana.post(f"/pagos/{payment_id}/factura", data={"factura": "si", "numero": "FE-3",
                                                         "cufe": used}).status_code == 303


def test_a_cuenta_de_cobro_gets_the_next_pago_number_and_no_cufe(app, ana, world):
    first = p.start(ana, world["c"], p.instalment_id(app, world["c"], 1))
    assert _request(app, first).number == "Pago 001" and _request(app, first).cufe is None
    form = ana.get(f"/contratos/{world['c']}/pagos/nuevo").get_data(as_text=True)
    assert "Pago 002" in form
    second = p.start(ana, world["c"], cufe=p.a_cufe())  # a CUFE typed then "No": not kept
    assert _request(app, second).number == "Pago 002" and _request(app, second).cufe is None


def test_registro_twice_on_one_instalment_opens_the_same_request(app, ana, world):
    cuota = p.instalment_id(app, world["c"], 2)
    first = p.start(ana, world["c"], cuota)
    again = ana.post(f"/contratos/{world['c']}/pagos/nuevo?cuota={cuota}", data={"factura": "si", "numero": "FE-1"})
    assert again.status_code == 303 and again.headers["Location"] == f"/pagos/{first}"
    assert ana.get(f"/contratos/{world['c']}/pagos/nuevo?cuota={cuota}").headers["Location"] == f"/pagos/{first}"


def test_a_second_tab_sending_step_one_of_the_same_instalment_is_told_why_it_lands_on_the_first(app, ana, world):
    """It was sent to the first request's page without a word: its «Sí», number and CUFE silently gone."""
    cuota = p.instalment_id(app, world["c"], 2)
    first = p.start(ana, world["c"], cuota)
    again = ana.post(f"/contratos/{world['c']}/pagos/nuevo?cuota={cuota}",
                     data={"factura": "si", "numero": "FE-9", "cufe": p.a_cufe()})
    assert again.status_code == 303 and again.headers["Location"] == f"/pagos/{first}"
    page = ana.get(f"/pagos/{first}").get_data(as_text=True)
    assert "La cuota 2 ya tiene la solicitud de pago Pago 001 («En edición»): no se creó otra." in page
    assert "Lo que eligió en esta página no se guardó" in page
    assert _request(app, first).number == "Pago 001" and _request(app, first).cufe is None


def test_a_double_tap_on_step_one_goes_on_to_valores_without_a_false_warning(app, ana, world):
    """Without scripts a second tap on «Continuar» posts the same answers again: the first tap made the request with
    them, so there is nothing to warn about (it said «Lo que eligió en esta página no se guardó»)."""
    cuota = p.instalment_id(app, world["c"], 2)
    answers = {"factura": "si", "numero": "FE-9", "cufe": p.a_cufe()}
    first = ana.post(f"/contratos/{world['c']}/pagos/nuevo?cuota={cuota}", data=answers)
    again = ana.post(f"/contratos/{world['c']}/pagos/nuevo?cuota={cuota}", data=answers)
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert again.headers["Location"].endswith("/valores")
    page = ana.get(again.headers["Location"]).get_data(as_text=True)
    assert "no se creó otra" not in page and "no se guardó" not in page


def test_an_instalment_of_another_contract_in_the_url_reaches_nothing(app, ana, world):
    foreign = p.instalment_id(app, world["other"], 1)
    assert ana.get(f"/contratos/{world['c']}/pagos/nuevo?cuota={foreign}").status_code == 404
    assert ana.get(f"/contratos/{world['c']}/pagos/nuevo?cuota=x1").status_code == 404


def test_step_two_proposes_the_planned_value_and_checks_the_money(app, ana, world):
    payment_id = p.start(ana, world["c"], p.instalment_id(app, world["c"], 1))
    page = ana.get(f"/pagos/{payment_id}/valores").get_data(as_text=True)
    assert 'value="$ 3.000.000"' in page and "Fecha de emisión" in page
    bad = ana.post(f"/pagos/{payment_id}/valores", data={"vencimiento": "2026-12-31", "valor_neto": "3.000.000",
                                                         "valor_total": "2.500.000", "notas": "Mis notas"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "no puede ser menor que el valor neto" in text
    assert "Mis notas" in text and 'value="2.500.000"' in text  # nothing typed is lost
    too_much = ana.post(f"/pagos/{payment_id}/valores", data={**p.VALUES, "valor_neto": "36.000.001",
                                                              "valor_total": "36.000.001"})
    assert too_much.status_code == 422 and "Queda por cobrar $ 36.000.000" in too_much.get_data(as_text=True)
    assert ana.post(f"/pagos/{payment_id}/valores", data={**p.VALUES, "valor_neto": "3000000",
                                                          "valor_total": "3,570,000"}).status_code == 303
    found = _request(app, payment_id)
    assert (found.net, found.total) == (3_000_000, 3_570_000)


def test_what_is_left_counts_the_other_requests_sent(app, ana, world):
    with app.app_context():
        p.make_request(world["c"], world["s_admin"], instalment=1, total=34_000_000, state="aprobado")
    payment_id = p.start(ana, world["c"])
    page = ana.post(f"/pagos/{payment_id}/valores", data={**p.VALUES, "valor_neto": "3.000.000",
                                                          "valor_total": "3.000.000"})
    assert page.status_code == 422 and "Queda por cobrar $ 2.000.000" in page.get_data(as_text=True)


def test_step_two_explains_the_values_for_who_invoices_and_who_does_not(app, ana, world):
    invoicing = p.start(ana, world["c"], invoices=True)
    assert "antes del IVA" in ana.get(f"/pagos/{invoicing}/valores").get_data(as_text=True)
    not_invoicing = p.start(ana, world["c"])
    assert "monto mensual de su pago" in ana.get(f"/pagos/{not_invoicing}/valores").get_data(as_text=True)


def test_step_three_needs_each_document_and_the_payroll_and_keeps_what_was_typed(app, ana, world):
    payment_id = p.start(ana, world["c"])
    page = ana.post(f"/pagos/{payment_id}/documentos", data={"planilla": "9876543210", "fecha_pago": "2026-13-40"})
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and "Anexe el documento «Informe de actividades»" in text
    assert "Cuenta de cobro" in text and "como día/mes/año" in text and 'value="9876543210"' in text
    response = ana.post(f"/pagos/{payment_id}/documentos/informe", data=p.upload(p.good_zip(), "soportes.zip"),
                        content_type="multipart/form-data")
    assert response.status_code == 303
    page = ana.get(f"/pagos/{payment_id}/documentos").get_data(as_text=True)
    assert "Documento anexo" in page and "Borrar documento" in page and "evidencias/foto-turno.pdf" in page


def test_a_document_must_be_a_pdf_or_a_zip(app, ana, world):
    payment_id = p.start(ana, world["c"])
    page = ana.post(f"/pagos/{payment_id}/documentos/planilla", data=p.upload(b"hola, soy un texto", "planilla.txt"),
                    content_type="multipart/form-data")
    assert page.status_code == 422 and "en PDF o en un ZIP" in page.get_data(as_text=True)


def test_borrar_documento(app, ana, world):
    payment_id = p.start(ana, world["c"])
    ana.post(f"/pagos/{payment_id}/documentos/informe", data=p.upload(p.PDF, "informe.pdf"),
             content_type="multipart/form-data")
    with app.app_context():
        document_id = db.session.scalar(select(Document.id).where(Document.payment_request_id == payment_id))
    assert ana.post(f"/pagos/{payment_id}/documentos/{document_id}/borrar").status_code == 303
    assert "Falta el documento" in ana.get(f"/pagos/{payment_id}/documentos").get_data(as_text=True)


def test_confirmar_lists_what_is_missing_and_enviar_refuses_until_it_is_there(app, ana, world):
    payment_id = p.start(ana, world["c"])
    page = ana.get(f"/pagos/{payment_id}/confirmar").get_data(as_text=True)
    assert "Faltan datos para enviar la solicitud" in page and "Anexe el documento «Cuenta de cobro»" in page
    assert p.send(ana, payment_id).status_code == 422
    assert p.state(app, payment_id) == "en_edicion"


def test_the_request_is_saved_at_every_step_and_resumed_on_another_device(app, world, login_as):
    phone = login_as(world["s_admin"], world["s"])
    payment_id = p.start(phone, world["c"])
    phone.post(f"/pagos/{payment_id}/valores", data=p.VALUES)
    other = app.test_client()
    with app.app_context():
        session_id = db.session.get(__import__("wizard.models", fromlist=["User"]).User, world["s_user"]).session_id
    with other.session_transaction() as session:
        session["_user_id"], session["_fresh"], session["account_id"] = session_id, True, world["s"]
    page = other.get(f"/contratos/{world['c']}").get_data(as_text=True)
    assert "En edición" in page
    assert 'value="$ 3.000.000"' in other.get(f"/pagos/{payment_id}/valores").get_data(as_text=True)
    assert "Pago de marzo" in other.get(f"/pagos/{payment_id}/valores").get_data(as_text=True)


HOSTILE = {
    "un programa": ({"informe.pdf": p.PDF, "setup.exe": b"MZ\x90\x00" + b"\x00" * 60}, "programa ejecutable"),
    "un nombre que sale de su carpeta": ({"../../etc/passwd": b"root"}, "no pueden salir de su carpeta"),
    "una ruta absoluta": ({"/etc/cron.d/x": b"x"}, "no pueden salir de su carpeta"),
    "una bomba": ({"bomba.txt": b"\x00" * (20 * 1024 * 1024)}, "tamaño muy superior"),
    "un ZIP dentro de otro dentro de otro": (
        {"a.zip": p.zip_bytes({"b.zip": p.zip_bytes({"c.pdf": p.PDF})})}, "ZIPs dentro de otros ZIPs"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_zip_is_refused_with_a_message_and_nothing_is_stored(app, ana, world, name, tmp_path):
    files, says = HOSTILE[name]
    payment_id = p.start(ana, world["c"])
    page = ana.post(f"/pagos/{payment_id}/documentos/informe", data=p.upload(p.zip_bytes(files), "soportes.zip"),
                    content_type="multipart/form-data")
    assert page.status_code == 422 and says in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Document.id)).where(Document.payment_request_id == payment_id)) == 0
    assert not any((tmp_path / "uploads").rglob("*")) or all(f.is_dir() for f in (tmp_path / "uploads").rglob("*"))


def test_a_damaged_zip_or_one_with_a_password_is_refused(app, ana, world):
    payment_id = p.start(ana, world["c"])
    damaged = p.good_zip()[:-30]
    page = ana.post(f"/pagos/{payment_id}/documentos/informe", data=p.upload(damaged, "soportes.zip"),
                    content_type="multipart/form-data")
    assert page.status_code == 422
    locked = bytearray(p.zip_bytes({"informe.pdf": p.PDF}))
    locked[6] |= 0x1  # the "encrypted" flag, in the local header and in the central directory
    central = locked.index(b"PK\x01\x02")
    locked[central + 8] |= 0x1
    page = ana.post(f"/pagos/{payment_id}/documentos/informe", data=p.upload(bytes(locked), "clave.zip"),
                    content_type="multipart/form-data")
    assert page.status_code == 422 and "contraseña" in page.get_data(as_text=True)


def test_validar_el_cufe_answers_about_the_cufe_alone(app, ana, world):
    url = f"/contratos/{world['c']}/pagos/nuevo"
    good = ana.post(url, data={"factura": "si", "numero": "", "cufe": p.a_cufe(), "validar": "1"})
    text = good.get_data(as_text=True)
    assert good.status_code == 200 and "El CUFE tiene la forma correcta" in text
    assert "Escriba el número de la factura" not in text and "Error:" not in text
    bad = ana.post(url, data={"factura": "si", "numero": "", "cufe": "abc", "validar": "1"}).get_data(as_text=True)
    assert "96 caracteres y usted escribió 3" in bad and "Escriba el número de la factura" not in bad


def test_valores_names_every_problem_at_once_a_wrong_date_and_a_total_below_the_net(app, ana, world):
    payment_id = p.start(ana, world["c"])
    page = ana.post(f"/pagos/{payment_id}/valores", data={"vencimiento": "2026-02-31", "valor_neto": "3.000.000",
                                                          "valor_total": "2.000.000", "notas": ""})
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and "no puede ser menor que el valor neto" in text
    assert 'id="vencimiento-error"><span class="vh">Error: </span>' in text
