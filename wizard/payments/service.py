"""Payment requests without request handling: plain values in, one transaction each, every change of state kept.

Edits are written with a condition on the editable states ("En edición", "Rechazado") in the statement itself, so
an approved or paid request cannot change even when an edit races the approval. States move only through the
workflow (`FLOW.apply`: a conditional UPDATE on the version), so two supervisors or a double tap get one outcome.
"""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from wizard import attachments, filechecks, zipcheck
from wizard.dbtypes import utcnow
from wizard.errors import Refused
from wizard.extensions import db
from wizard.formatting import pesos
from wizard.mail import deliver_soon
from wizard.models import Contract, ContractState, PaymentRequest, PaymentState
from wizard.models.contracts import FLOW as CONTRACT_FLOW
from wizard.models.payments import EDITABLE, FLOW, REVIEW_COLUMNS, SENT
from wizard.payments import notify, queries, rules
from wizard.workflow import Guard

CUFE_USED = "Este CUFE ya está en otra solicitud de pago del portal: cada factura se cobra una sola vez. Revíselo"
ONE_PER_INSTALMENT = "Esta cuota del plan de pagos ya tiene su solicitud de pago: ábrala desde el plan de pagos"
IMMUTABLE = "Esta solicitud ya fue enviada, aprobada o pagada: no se puede cambiar"
NOT_RUNNING = "El contrato no está «En ejecución»: no recibe solicitudes de pago"
TERMINATED = "El contrato está terminado: ya no recibe solicitudes de pago"


def closed_message(contract: Contract) -> str | None:
    """Why the contract's requests can no longer be made, edited or sent; None while it is "En ejecución"."""
    if contract.state == ContractState.EN_EJECUCION:
        return None
    return TERMINATED if contract.state == ContractState.TERMINADO else NOT_RUNNING
NOT_DISCARDABLE = ("Esta solicitud ya se envió a la entidad: no se puede descartar. Una solicitud enviada, aprobada "
                   "o pagada se conserva; si la rechazan, se corrige y se envía de nuevo")
ONLY_PDF_OR_ZIP = "Anexe el documento en PDF o en un ZIP con sus soportes"


def _fits_contract(row: PaymentRequest):
    """The guard's SQL: the contract's other requests and this one's total add up to no more than its value."""
    others = (select(func.coalesce(func.sum(PaymentRequest.total), 0))
              .where(PaymentRequest.contract_id == row.contract_id, PaymentRequest.id != row.id,
                     PaymentRequest.state.in_(SENT)).scalar_subquery())
    value = select(Contract.value).where(Contract.id == row.contract_id).scalar_subquery()
    return others + (row.total or 0) <= value


def _room_message(row: PaymentRequest) -> str:
    return rules.room_problem(row.total or 0, row.contract.value, queries.others_total(row.contract_id, row.id)) \
        or "El valor de la solicitud supera lo que queda por cobrar del contrato"


def commit(message: str = CUFE_USED) -> None:
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        text = str(error.orig).lower()
        raise Refused(ONE_PER_INSTALMENT if "instalment" in text else message) from None
    deliver_soon(current_app._get_current_object())


# Writing while editable -------------------------------------------------------------------------------------------

def create(contract: Contract, instalment_id: int | None, actor_id: int, values: dict) -> PaymentRequest:
    """A new request "En edición" from step 1's values; "Fecha de emisión" is today's, in Bogotá."""
    if closed_message(contract):
        raise Refused(closed_message(contract))
    issued = rules.today()
    found = PaymentRequest(contract_id=contract.id, instalment_id=instalment_id, issued_on=issued,
                           due_on=issued + timedelta(days=rules.DUE_DAYS), created_by_id=actor_id, **values)
    if found.invoices is False:
        found.cufe = None
    try:
        FLOW.create(found, "crear", actor_id)
    except IntegrityError as error:
        db.session.rollback()
        raise Refused(ONE_PER_INSTALMENT if "instalment" in str(error.orig).lower() else CUFE_USED) from None
    commit()
    return found


def _claim(found: PaymentRequest, values: dict | None = None) -> None:
    """Write `values` (or only lock the row) if the request is still editable; Refused otherwise. The reviewer's
    values are never the contractor's to write (the approval writes them)."""
    if values and REVIEW_COLUMNS & values.keys():
        raise ValueError("los valores del revisor solo los escribe la aprobación")
    try:
        result = db.session.execute(
            update(PaymentRequest).where(PaymentRequest.id == found.id, PaymentRequest.state.in_(EDITABLE))
            .values(**(values or {"state": PaymentRequest.state})).execution_options(synchronize_session=False))
    except IntegrityError:
        db.session.rollback()
        raise Refused(CUFE_USED) from None
    if result.rowcount != 1:
        db.session.rollback()
        raise Refused(IMMUTABLE)


def save(found: PaymentRequest, values: dict) -> None:
    """Save a step's values on the same request (never a new one)."""
    if values.get("invoices") is False:
        values = {**values, "cufe": None}
    _claim(found, values)
    commit()
    db.session.refresh(found)


def check_upload(upload: FileStorage | None) -> tuple[list | None, None]:
    """Refused unless the upload is a PDF or a ZIP whose inside is acceptable; a ZIP's file list when it is one.
    Leaves the stream where it was, for attachments to read it again."""
    if upload is None or not upload.filename:
        raise Refused(attachments.CHOOSE_FILE)
    checked = filechecks.check(upload.stream, upload.filename, attachments.max_bytes())
    upload.stream.seek(0)
    if checked.problem:
        raise Refused(checked.problem)
    if zipcheck.is_zip(checked.data):
        inspection = zipcheck.inspect(checked.data)
        if inspection.problem:
            raise Refused(inspection.problem)
        return inspection.listing()
    if checked.content_type != "application/pdf":
        raise Refused(ONLY_PDF_OR_ZIP)
    return None


def attach(found: PaymentRequest, slot: str, upload: FileStorage | None, actor_id: int):
    listing = check_upload(upload)
    _claim(found)  # holds the row until the attachment commits: a sending waits for it
    return attachments.attach("payment", found.id, slot, upload, actor_id, extra={"contents": listing})


def remove(found: PaymentRequest, document) -> None:
    _claim(found)
    attachments.discard(document)
    db.session.commit()


def set_asked(contract: Contract, chosen: list[str], actor_id: int, seen_version: int | None = None) -> bool:
    """The supporting documents the entity asks of the contract's payment requests; on a registered contract a
    correction kept in its history (requests already sent keep what they were judged with: the choice is checked
    when a request is sent). False when nothing changed; Refused for a form older than the contract."""
    before, after = rules.asked(contract.payment_documents), rules.asked(chosen)
    if before == after:
        return False
    if contract.is_draft:
        contract.payment_documents = after
    else:
        names = lambda slots: ", ".join(rules.DOCUMENTS[s] for s in slots) or "Ninguno"  # noqa: E731
        CONTRACT_FLOW.apply(contract, "corregir", actor_id, values={"payment_documents": after},
                            seen_version=seen_version, event={"changes": {"documentos_pago": [names(before),
                                                                                              names(after)]}})
    db.session.commit()
    return True


def missing(found: PaymentRequest, required: list[str] | None = None) -> list[tuple[str, str]]:
    """(step, what is missing) before the request can be sent; `required`, when the caller has it, is
    queries.required_documents(found)."""
    problems = []
    if found.invoices is None or not found.number:
        problems.append(("factura", "Diga si está obligado a facturar electrónicamente y el número de factura o pago"))
    elif found.invoices and not found.cufe:
        problems.append(("factura", "Escriba el CUFE de la factura electrónica"))
    if found.net is None or found.total is None or found.due_on is None:
        problems.append(("valores", "Escriba la fecha de vencimiento, el valor neto y el valor total"))
    else:
        room = rules.room_problem(found.total, found.contract.value, queries.others_total(found.contract_id, found.id))
        if room:
            problems.append(("valores", room))
    attached = queries.documents(found.id)
    required = queries.required_documents(found) if required is None else required
    for slot in required:
        if slot not in attached:
            problems.append(("documentos", f"Anexe el documento «{rules.DOCUMENTS[slot]}»"))
    if "planilla" in required and (not found.payroll_number or found.payroll_paid_on is None):
        problems.append(("documentos", "Escriba el número de planilla y la fecha de pago de la seguridad social"))
    return problems


# Moving between states ---------------------------------------------------------------------------------------------

def snapshot(found: PaymentRequest) -> dict:
    """The values as they are sent, kept in the sending's event."""
    names = [d.original_name for d in queries.documents(found.id).values()]
    kept = {"number": found.number, "cufe": found.cufe or "—", "due_on": found.due_on.isoformat(),
            "net": found.net, "total": found.total, "notes": found.notes or "—"}
    if found.payroll_number or found.payroll_paid_on:  # the planilla's, when the request carries one
        kept |= {"payroll_number": found.payroll_number or "—",
                 "payroll_paid_on": found.payroll_paid_on.isoformat() if found.payroll_paid_on else "—"}
    return kept | {"documents": names}


def send(found: PaymentRequest, actor_id: int) -> None:
    """"Enviar": the request goes to the entity (again, when it was rejected); its supervisor is emailed."""
    if closed_message(found.contract):  # first: nothing the contractor could add would help
        raise Refused(closed_message(found.contract))
    problems = missing(found)
    if problems:
        raise Refused(problems[0][1])
    code = "reenviar" if found.state == PaymentState.RECHAZADO else "enviar"
    values = {"sent_at": utcnow(), "rejection_reason": ""}
    if not found.filing_number:
        values["filing_number"] = rules.filing_number(found.id, found.issued_on.year)
    # Two requests of one contract sent at the same instant each check the room the other leaves: the contract's row
    # is locked first, so the second one's check sees the first one sent (a no-op on SQLite, which writes one by one).
    db.session.execute(select(Contract.id).where(Contract.id == found.contract_id).with_for_update())
    guard = Guard(_fits_contract, _room_message(found))
    FLOW.apply(found, code, actor_id, values=values, guards=[guard], event={"values": snapshot(found)})
    notify.sent(found, again=code == "reenviar")
    commit()


def approve(found: PaymentRequest, actor_id: int, review: dict, seen_version: int | None) -> None:
    """"Confirmar y aprobar" with the reviewer's values (`review`: received_on, budget_record, amount_to_pay,
    amortization_bp), written by the approval's own conditional UPDATE and kept in its event."""
    review = {name: review[name] for name in REVIEW_COLUMNS}
    problem = rules.review_problem(**review, issued=found.issued_on, total=found.total or 0)
    if problem:
        raise Refused(problem)
    kept = {"total": found.total, **review, "received_on": review["received_on"].isoformat()}
    FLOW.apply(found, "aprobar", actor_id, seen_version=seen_version, values=review, event={"values": kept})
    notify.approved(found)
    commit()


def discard(found: PaymentRequest, actor_id: int, seen_version: int | None) -> None:
    """"Descartar solicitud": a request "En edición" never sent becomes "Descartada" (kept, with its history; its
    instalment is free for "Registro" again) and its documents are deleted through wizard.attachments.
    Refused when it was ever sent (NOT_DISCARDABLE) or when it changed meanwhile (FLOW.stale)."""
    if found.filing_number or found.state != PaymentState.EN_EDICION:
        raise Refused(NOT_DISCARDABLE if found.filing_number or found.state in SENT else FLOW.stale)
    documents = [d.original_name for d in queries.documents(found.id).values()]
    kept = {"number": found.number or "—", "total": found.total, "documents": documents,
            "instalment": found.instalment.number if found.instalment else "fuera del plan"}
    never_sent = Guard(lambda row: ~exists(select(PaymentRequest.id).where(
        PaymentRequest.id == row.id, PaymentRequest.filing_number.is_not(None))), NOT_DISCARDABLE)
    FLOW.apply(found, "descartar", actor_id, seen_version=seen_version, guards=[never_sent],
               event={"values": {k: v for k, v in kept.items() if v is not None}})
    # listed after the UPDATE, which waited for any upload holding the row: that one's file goes too
    for document in attachments.all_of("payment", found.id):
        attachments.discard(document)
    commit()


def reject(found: PaymentRequest, actor_id: int, reason: str, seen_version: int | None) -> None:
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise Refused("Escriba el motivo del rechazo: el contratista lo necesita para corregir la solicitud")
    FLOW.apply(found, "rechazar", actor_id, reason=reason[:2000], seen_version=seen_version,
               values={"rejection_reason": reason[:2000]})
    notify.rejected(found, reason[:2000])
    commit()


def mark_paid(found: PaymentRequest, actor_id: int, paid_on: date, upload: FileStorage | None,
              seen_version: int | None) -> None:
    """"Marcar como pagado" with the "Fecha real de pago" and an optional support (checked before anything moves)."""
    has_file = upload is not None and bool(upload.filename)
    listing = check_upload(upload) if has_file else None
    FLOW.apply(found, "pagar", actor_id, seen_version=seen_version, values={"paid_on": paid_on},
               event={"values": {"paid_on": paid_on.isoformat(), "total": found.total}})
    notify.paid(found)
    if has_file:
        attachments.attach("payment", found.id, rules.SUPPORT, upload, actor_id, extra={"contents": listing})
    commit()


def total_label(found: PaymentRequest) -> str:
    return pesos(found.total) if found.total is not None else "—"
