"""Reading payment requests: a contract's plan with its requests, the money picture's amounts, the supervisor's
list and count. Each is one query whatever the number of rows."""
from sqlalchemy import Select, and_, func, literal_column, or_, select
from sqlalchemy.orm import joinedload

from wizard import attachments
from wizard.contracts.picture import Amounts
from wizard.extensions import db
from wizard.models import (Contract, ContractState, Document, Membership, PaymentEvent, PaymentRequest, PaymentState,
                           State)
from wizard.models.payments import SENT
from wizard.payments import rules
from wizard.payments.rules import local_day

# A discarded request is kept, but counted nowhere. Written as a literal: the unique indexes on the CUFE and the
# instalment count only live requests, and SQLite uses such a partial index only for the very same condition.
LIVE = PaymentRequest.state != literal_column(f"'{PaymentState.DESCARTADA}'")


def amounts(contract_ids: list[int]) -> dict[int, Amounts]:
    """The money picture's source: the totals paid, approved and sent of each contract, in one grouped query."""
    if not contract_ids:
        return {}
    rows = db.session.execute(
        select(PaymentRequest.contract_id, PaymentRequest.state, func.coalesce(func.sum(PaymentRequest.total), 0))
        .where(PaymentRequest.contract_id.in_(contract_ids),
               PaymentRequest.state.in_([PaymentState.PAGADO, PaymentState.APROBADO, PaymentState.ENVIADO]))
        .group_by(PaymentRequest.contract_id, PaymentRequest.state)).all()
    found: dict[int, dict] = {}
    for contract_id, state, total in rows:
        key = {PaymentState.PAGADO: "paid", PaymentState.APROBADO: "approved", PaymentState.ENVIADO: "sent"}[state]
        found.setdefault(contract_id, {})[key] = int(total)
    return {contract_id: Amounts(**values) for contract_id, values in found.items()}


def others_total(contract_id: int, exclude_id: int | None) -> int:
    """What the contract's other requests already ask for (sent, approved, rejected to be re-sent, paid)."""
    query = select(func.coalesce(func.sum(PaymentRequest.total), 0)).where(
        PaymentRequest.contract_id == contract_id, PaymentRequest.state.in_(SENT))
    if exclude_id is not None:
        query = query.where(PaymentRequest.id != exclude_id)
    return int(db.session.scalar(query))


def count_before(contract_id: int, exclude_id: int | None = None) -> int:
    query = select(func.count()).where(PaymentRequest.contract_id == contract_id, LIVE)
    if exclude_id is not None:
        query = query.where(PaymentRequest.id < exclude_id)
    return db.session.scalar(query)


def required_documents(found: PaymentRequest) -> list[str]:
    """The documents this request must carry (rules.required_documents): what its contract asks for, those asked
    once unless another request of the contract sent to the entity carried them (one query, only when some are)."""
    chosen = found.contract.payment_documents
    once = rules.asked_once(chosen)
    delivered = set(db.session.scalars(
        select(Document.slot).join(PaymentRequest, PaymentRequest.id == Document.payment_request_id)
        .where(PaymentRequest.contract_id == found.contract_id, PaymentRequest.id != found.id,
               PaymentRequest.state.in_(SENT), Document.slot.in_(once)).distinct())) if once else set()
    return rules.required_documents(found.invoices, chosen, delivered)


def cufe_taken(cufe: str, exclude_id: int | None) -> bool:
    query = select(PaymentRequest.id).where(PaymentRequest.cufe == cufe, LIVE)
    if exclude_id is not None:
        query = query.where(PaymentRequest.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def for_instalment(instalment_id: int) -> PaymentRequest | None:
    return db.session.scalar(select(PaymentRequest).where(PaymentRequest.instalment_id == instalment_id, LIVE))


def first_sent_on(found: PaymentRequest):
    """The day in Bogotá the request was first sent (a rejected one was sent again later), for "Fecha de
    recepción original"."""
    first = db.session.scalar(select(func.min(PaymentEvent.created_at)).where(
        PaymentEvent.payment_request_id == found.id, PaymentEvent.action == "enviar"))
    return local_day(first or found.sent_at)


def events(request_id: int) -> list[PaymentEvent]:
    return list(db.session.scalars(select(PaymentEvent).options(joinedload(PaymentEvent.actor))
                                   .where(PaymentEvent.payment_request_id == request_id)
                                   .order_by(PaymentEvent.id.desc())))


def documents(request_id: int) -> dict[str, Document]:
    return attachments.by_slot("payment", request_id)


def _reviewable(membership: Membership) -> Select:
    """The sent requests of the contracts this entity user reviews: those they supervise (every one of the entity
    for its administrators)."""
    query = (select(PaymentRequest).join(Contract, Contract.id == PaymentRequest.contract_id)
             .where(PaymentRequest.state == PaymentState.ENVIADO, Contract.account_id == membership.account_id,
                    Contract.state != ContractState.EN_EDICION))
    if not membership.is_admin:
        query = query.where(Contract.supervisor_id == membership.user_id)
    return query


def to_review(membership: Membership, page: int, per_page: int = 20):
    """"Pagos por revisar", oldest sending first, with each contract and its supplier loaded in the same query."""
    query = (_reviewable(membership)
             .options(joinedload(PaymentRequest.contract).joinedload(Contract.supplier))
             .order_by(PaymentRequest.sent_at, PaymentRequest.id))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def next_to_review(membership: Membership, found: PaymentRequest) -> tuple[PaymentRequest | None, int]:
    """The request to review after `found` (the next one in "Pagos por revisar"'s order, else the oldest other one)
    and how many others wait: a supervisor with forty goes from one to the next without the list."""
    others = _reviewable(membership).where(PaymentRequest.id != found.id)
    shown = others.options(joinedload(PaymentRequest.contract).joinedload(Contract.supplier)).order_by(
        PaymentRequest.sent_at, PaymentRequest.id).limit(1)
    following = None
    if found.sent_at is not None:
        later = or_(PaymentRequest.sent_at > found.sent_at,
                    and_(PaymentRequest.sent_at == found.sent_at, PaymentRequest.id > found.id))
        following = db.session.scalar(shown.where(later))
    following = following or db.session.scalar(shown)
    if following is None:
        return None, 0
    return following, db.session.scalar(select(func.count()).select_from(others.subquery()))


def review_count(membership: Membership) -> int:
    return db.session.scalar(select(func.count()).select_from(_reviewable(membership).subquery()))


def reviews_anything(membership: Membership) -> bool:
    """An entity user who supervises a contract (or administers the entity) has the card, even at zero."""
    if membership.is_admin:
        return True
    return db.session.scalar(select(Contract.id).where(
        Contract.account_id == membership.account_id, Contract.supervisor_id == membership.user_id).limit(1)) is not None


def is_reviewer(contract: Contract, user_id: int) -> bool:
    """The contract's supervisor or an administrator of its entity, with accepted access to it."""
    membership = db.session.scalar(select(Membership).where(
        Membership.account_id == contract.account_id, Membership.user_id == user_id,
        Membership.state == State.ACEPTADO))
    return membership is not None and (membership.is_admin or contract.supervisor_id == user_id)


def is_supplier_user(contract: Contract, user_id: int) -> bool:
    return contract.supplier_account_id is not None and db.session.scalar(select(Membership.id).where(
        Membership.account_id == contract.supplier_account_id, Membership.user_id == user_id,
        Membership.state == State.ACEPTADO)) is not None


def may_read(user_id: int, request_id: int) -> bool:
    """Who may download a request's documents: the supplier's accepted users; once sent, its reviewers."""
    found = db.session.get(PaymentRequest, request_id)
    if found is None:
        return False
    contract = found.contract
    return is_supplier_user(contract, user_id) or (found.state in SENT and is_reviewer(contract, user_id))


def plan_rows(contract: Contract) -> tuple[dict[int, PaymentRequest], list[PaymentRequest], list[PaymentRequest]]:
    """The contract's live requests by instalment, those outside the plan ("Crear"), and the discarded ones (kept
    with their history, shown to the contractor apart from the plan), in one query."""
    by_instalment, outside, discarded = {}, [], []
    for found in db.session.scalars(select(PaymentRequest).where(PaymentRequest.contract_id == contract.id)
                                    .order_by(PaymentRequest.id)):
        if found.state == PaymentState.DESCARTADA:
            discarded.append(found)
        elif found.instalment_id is not None:
            by_instalment[found.instalment_id] = found
        else:
            outside.append(found)
    return by_instalment, outside, discarded


def open_counts(contract_id: int) -> dict[str, int]:
    """How many of the contract's requests are still open, by state ("En edición", "Rechazado", "Enviado"): what
    "Terminar contrato" warns about."""
    rows = db.session.execute(
        select(PaymentRequest.state, func.count()).where(
            PaymentRequest.contract_id == contract_id,
            PaymentRequest.state.in_([PaymentState.EN_EDICION, PaymentState.RECHAZADO, PaymentState.ENVIADO]))
        .group_by(PaymentRequest.state)).all()
    return {state: int(count) for state, count in rows}
