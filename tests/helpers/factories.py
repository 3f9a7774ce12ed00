"""Builders of test data with sensible defaults; each returns the new row's id."""
import itertools

from wizard import nit as nit_rules
from wizard.extensions import db
from wizard.models import Account, AccountKind, Membership, Role, State, User
from wizard.models.memberships import FLOW
from wizard.dbtypes import utcnow

_seq = itertools.count(1)
PASSWORD = "Clave2026segura"


def make_user(activated: bool = True, password: str = PASSWORD, **fields) -> int:
    n = next(_seq)
    values = {
        "full_name": f"Usuaria Prueba {n}",
        "email": f"usuaria{n}@correo.example",
        "username": f"usuaria{n}",
        "country": "CO",
        "security_question": "mascota",
        "mobile_phone": "+573001234567",
        "timezone": "America/Bogota",
        "activated_at": utcnow() if activated else None,
    }
    values.update(fields)
    user = User(**values)
    user.set_password(password)
    user.set_security_answer("Firulais")
    db.session.add(user)
    db.session.commit()
    return user.id


def make_account(admin_id: int | None = None, name: str | None = None, nit: str | None = None,
                 kind: str = AccountKind.PROVEEDOR, municipality_code: str = "11001", **fields) -> int:
    n = next(_seq)
    number = nit or str(900100000 + n)
    account = Account(name=name or f"Empresa Prueba {n} S.A.S.", nit=number, check_digit=nit_rules.check_digit(number),
                      kind=kind, organization_type=fields.pop("organization_type", "sas"), country="CO",
                      municipality_code=municipality_code, department_code=municipality_code[:2], **fields)
    db.session.add(account)
    db.session.commit()
    if admin_id is not None:
        add_member(admin_id, account.id, role=Role.ADMIN, state=State.ACEPTADO)
    return account.id


# How a test reaches each state through the workflow: the creation action, then the changes that follow.
_PATHS = {State.PENDIENTE: ("solicitar",), State.ACEPTADO: ("invitar",), State.RECHAZADO: ("solicitar", "rechazar"),
          State.CANCELADO: ("invitar", "cancelar")}


def add_member(user_id: int, account_id: int, role: str = Role.USER, state: str = State.PENDIENTE) -> int:
    """A membership in `state`, reached through the memberships' workflow as the portal would."""
    now = utcnow()
    first, *then = ("crear_cuenta",) if (role, state) == (Role.ADMIN, State.ACEPTADO) else _PATHS[state]
    membership = Membership(user_id=user_id, account_id=account_id, role=role, requested_at=now,
                            accepted_at=now if state == State.ACEPTADO else None, state_changed_at=now)
    FLOW.create(membership, first, user_id, event={"role": role})
    for code in then:
        FLOW.apply(membership, code, user_id, event={"role": role})
    db.session.commit()
    return membership.id
