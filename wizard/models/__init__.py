"""The models, one module per aggregate; importing this package registers every table."""
from wizard.models.accounts import Account, AccountKind, Document, FinancialYear
from wizard.models.contracts import Contract, ContractEvent, ContractState, Instalment
from wizard.models.circulars import Circular, CircularEvent, CircularRecipient, CircularState
from wizard.models.drafts import AccountDraft, RegistrationDraft
from wizard.models.memberships import ACTIONS, Membership, MembershipEvent, Role, State
from wizard.models.outbox import OutboxMessage
from wizard.models.payments import PaymentEvent, PaymentRequest, PaymentState
from wizard.models.users import User

__all__ = [
    "ACTIONS", "Account", "AccountDraft", "AccountKind", "Circular", "CircularEvent", "CircularRecipient",
    "CircularState", "Contract", "ContractEvent", "ContractState", "Document", "FinancialYear", "Instalment",
    "Membership", "MembershipEvent", "OutboxMessage", "PaymentEvent", "PaymentRequest", "PaymentState",
    "RegistrationDraft", "Role", "State", "User",
]
