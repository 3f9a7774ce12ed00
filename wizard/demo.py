"""Demo data for `make run`: idempotent, so running it twice changes nothing."""
from dataclasses import dataclass

from sqlalchemy import select

from wizard import demo_contracts, demo_payments, nit
from wizard.extensions import db
from wizard.models import Account, AccountKind, Membership, Role, State, User
from wizard.models.memberships import FLOW
from wizard.dbtypes import utcnow


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    full_name: str
    email: str


@dataclass(frozen=True)
class DemoAccount:
    name: str
    short_name: str
    nit: str
    kind: str
    organization_type: str
    municipality_code: str
    business_area: str = "privado"


USERS = [
    DemoUser("hhadmin", "Asociados2026", "Helena Herrera", "helena.herrera@hh-asociados.example"),
    DemoUser("hospital.admin", "Pamplona2026", "Edith Rojas Villamizar", "subdireccion@hospital-pamplona.example"),
    DemoUser("rojas.admin", "Jaramillo2026", "Andrés Rojas Jaramillo", "andres@rojasjaramillo.example"),
    DemoUser("juan.perez", "Contratista2026", "Juan Pérez Gómez", "juan.perez@correo.example"),
    DemoUser("luis.supervisor", "Supervisor2026", "Luis Fernando Contreras Jaimes",
             "luis.contreras@hospital-pamplona.example"),
    DemoUser("ana.contratista", "Servicios2026", "Ana María Villamizar Duarte", "ana.villamizar@correo.example"),
]
ACCOUNTS = [
    (DemoAccount("H&H Asociados", "H&H", "800111202", AccountKind.PROVEEDOR, "sas", "11001"), "hhadmin"),
    (DemoAccount("E.S.E. Hospital San Juan de Dios de Pamplona", "HSJD PAMPLONA", "900544472",
                 AccountKind.ENTIDAD_ESTATAL, "ese", "54518", "publico"), "hospital.admin"),
    (DemoAccount("Rojas Jaramillo SAS", "ROJAS JARAMILLO", "800199436", AccountKind.PROVEEDOR, "sas", "05001"),
     "rojas.admin"),
    (DemoAccount("Construcciones Andinas Ltda.", "CONSTRUANDINAS", "900373923", AccountKind.PROVEEDOR, "ltda",
                 "54001"), "rojas.admin"),
    (DemoAccount("Ana María Villamizar Duarte", "", "1094265871", AccountKind.PROVEEDOR, "persona_natural_colombiana",
                 "54518"), "ana.contratista"),
]
PENDING = [("juan.perez", "800111202")]
# Accepted plain users of an account (invited by its administrator, invitation accepted).
MEMBERS = [("luis.supervisor", "900544472")]


def _user(spec: DemoUser) -> User:
    user = db.session.scalar(select(User).where(User.username_key == User.key(spec.username)))
    if user is None:
        user = User(full_name=spec.full_name, email=spec.email, username=spec.username, country="CO",
                    security_question="mascota", mobile_phone="+573001234567", timezone="America/Bogota",
                    activated_at=utcnow())
        user.set_password(spec.password)
        user.set_security_answer("Firulais")
        db.session.add(user)
        db.session.flush()
    return user


def _membership(user: User, account: Account, role: Role, code: str) -> None:
    """The user's membership of the account, made by the workflow's creation action `code` (once)."""
    exists = db.session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.account_id == account.id)
    )
    if exists:
        return
    now = utcnow()
    membership = Membership(user_id=user.id, account_id=account.id, role=role, requested_at=now,
                            accepted_at=now if FLOW[code].target == State.ACEPTADO else None, state_changed_at=now)
    FLOW.create(membership, code, user.id, event={"role": role})


def load() -> list[str]:
    """Create what is missing and say what was created."""
    created = []
    users = {spec.username: _user(spec) for spec in USERS}
    for spec, admin in ACCOUNTS:
        account = db.session.scalar(select(Account).where(Account.nit == spec.nit))
        if account is None:
            account = Account(name=spec.name, short_name=spec.short_name, nit=spec.nit,
                              check_digit=nit.check_digit(spec.nit), kind=spec.kind, country="CO",
                              business_area=spec.business_area, organization_type=spec.organization_type,
                              municipality_code=spec.municipality_code, department_code=spec.municipality_code[:2],
                              mipyme=True, tax_regime="responsable_iva", address="Calle 10 # 5-21",
                              notification_email=users[admin].email, created_by_id=users[admin].id)
            db.session.add(account)
            db.session.flush()
            created.append(spec.name)
        _membership(users[admin], account, Role.ADMIN, "crear_cuenta")
    for username, account_nit in PENDING:
        account = db.session.scalar(select(Account).where(Account.nit == account_nit))
        _membership(users[username], account, Role.USER, "solicitar")
    for username, account_nit in MEMBERS:
        account = db.session.scalar(select(Account).where(Account.nit == account_nit))
        _membership(users[username], account, Role.USER, "invitar")
    db.session.flush()
    demo_contracts.load(users)
    db.session.flush()
    demo_payments.load(users)
    from wizard.circulars import demo as circular_demo  # the hospital's circular, with contractors in each state

    circular_demo.load(users["hospital.admin"], users["ana.contratista"])
    db.session.commit()
    return created
