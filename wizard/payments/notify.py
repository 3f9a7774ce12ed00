"""The payment request's emails, queued in the caller's transaction: the supervisor when it is sent or sent again;
the supplier account's users when it is approved (with the value to pay), rejected (with the reason) or paid."""
from sqlalchemy import select

from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import send_email, subject_name
from wizard.models import Membership, PaymentRequest, State, User


def supplier_emails(account_id: int) -> list[str]:
    """Every accepted user of the supplier account."""
    return list(db.session.scalars(select(User.email).join(Membership, Membership.user_id == User.id).where(
        Membership.account_id == account_id, Membership.state == State.ACEPTADO).order_by(User.id)))


def _context(found: PaymentRequest) -> dict:
    contract = found.contract
    return {"request": found, "contract": contract, "entity": contract.entity, "supplier": contract.supplier,
            "link": external_url("payments.detail", payment_id=found.id)}


def sent(found: PaymentRequest, again: bool) -> None:
    contract = found.contract
    if contract.supervisor is None:
        return
    supplier = subject_name(contract.supplier.name if contract.supplier else contract.contractor_name)
    subject = f"{'Solicitud de pago corregida' if again else 'Nueva solicitud de pago'} {found.number}: {supplier}"
    send_email(contract.supervisor.email, subject, "payment_sent", again=again, **_context(found))


def _to_supplier(found: PaymentRequest, subject: str, template: str, **extra) -> None:
    contract = found.contract
    if contract.supplier_account_id is None:
        return
    for address in supplier_emails(contract.supplier_account_id):
        send_email(address, subject, template, **_context(found), **extra)


def approved(found: PaymentRequest) -> None:
    _to_supplier(found, f"Solicitud de pago {found.number} aprobada: valor a pagar {found.to_pay_label}",
                 "payment_approved")


def rejected(found: PaymentRequest, reason: str) -> None:
    _to_supplier(found, f"Solicitud de pago {found.number} rechazada", "payment_rejected", reason=reason)


def paid(found: PaymentRequest) -> None:
    _to_supplier(found, f"Solicitud de pago {found.number} pagada", "payment_paid")
