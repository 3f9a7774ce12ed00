"""The contract's "Plan de pagos": the contractor's monthly payment requests (a factura or a cuenta de cobro, its
values and supporting documents, sent to the entity) and the supervisor's review (approve, reject, mark paid)."""
from flask import Blueprint
from sqlalchemy import exists, select

from wizard import attachments
from wizard.contracts import picture
from wizard.contracts.service import register_guard
from wizard.models import PaymentRequest
from wizard.models.payments import SENT
from wizard.payments import queries, rules
from wizard.workflow import Guard

bp = Blueprint("payments", __name__)

attachments.register_owner("payment", "payment_request_id", queries.may_read)
for _endpoint in ("payments.documentos", "payments.anexar", "payments.borrar"):  # step 3 is one form with every file
    attachments.carries_files(_endpoint, len(rules.DOCUMENTS))
picture.register_source(queries.amounts)
# Once a request was sent, the contract's data it was judged against no longer changes.
register_guard(Guard(
    lambda row: ~exists(select(PaymentRequest.id).where(PaymentRequest.contract_id == row.id,
                                                        PaymentRequest.state.in_(SENT))),
    "El contrato ya tiene solicitudes de pago enviadas: sus datos y su plan de pagos ya no se pueden corregir",
    applies=lambda row, transition: transition.code == "corregir"))


@bp.app_template_global("payment_plan")
def payment_plan(contract):
    """The contract's requests for its "Plan de pagos" table: (by instalment id, outside the plan, discarded)."""
    return queries.plan_rows(contract)


@bp.app_template_global("open_payment_requests")
def open_payment_requests(contract) -> dict[str, int]:
    """{state: count} of the contract's requests still open, for "Terminar contrato"'s warning."""
    return queries.open_counts(contract.id)


@bp.app_template_global("asked_documents")
def asked_documents(contract) -> list[str]:
    """The names of the supporting documents the contract's payment requests must carry (the contract's page)."""
    return [rules.DOCUMENTS[slot] + (" (una sola vez)" if slot in rules.FIRST_PAYMENT else "")
            for slot in rules.asked(contract.payment_documents)]


@bp.app_template_global("offered_instalments")
def offered_instalments(contract, requests) -> set[int]:
    """The instalments of the plan offered with "Registro" (wizard/payments/rules.py, `offered`)."""
    return rules.offered(contract.instalments, set(requests), rules.today())


from wizard.payments import asked, cards, detail, documents, review, steps  # noqa: E402,F401 - routes join bp
# last: the malformed-input sweep walks the routes in this order, and a discarded draft closes the steps before it
from wizard.payments import discard  # noqa: E402,F401
