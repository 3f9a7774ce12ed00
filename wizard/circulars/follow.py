"""Who has done what: each row's state read from the facts, in SQL, so any list is a constant number of queries.

A row's person is the user who came through one of the circular's links (`user_id`), or else the user with the
row's email (a listed contractor who registered without the link). The states, in order:
- "Cuenta de Proveedor creada": a supplier account with the row's cédula or NIT exists (for someone from the
  generic link, who gave no number: they have access to a supplier account);
- "Usuario activado": the person's user followed the activation link;
- "Usuario registrado": the person has a user;
- "Sin registrarse": none of these.
"""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from wizard import nit as nit_rules
from wizard.extensions import db
from wizard.models import Account, AccountKind, CircularRecipient, Membership, State, User
from wizard.text import contains, fold

SIN_REGISTRARSE, REGISTRADO, ACTIVADO, CUENTA = "sin_registrarse", "registrado", "activado", "cuenta"
STATE_LABELS = {SIN_REGISTRARSE: "Sin registrarse", REGISTRADO: "Usuario registrado", ACTIVADO: "Usuario activado",
                CUENTA: "Cuenta de Proveedor creada"}
STATES = tuple(STATE_LABELS)
DONE = CUENTA
PER_PAGE = 50

R = CircularRecipient
_linked = aliased(User, name="linked_user")
_by_email = aliased(User, name="email_user")
_by_number = aliased(Account, name="number_account")

person_id = func.coalesce(_linked.id, _by_email.id)
registered_at = func.coalesce(_linked.created_at, _by_email.created_at)
activated_at = func.coalesce(_linked.activated_at, _by_email.activated_at)
_member_since = (select(func.min(func.coalesce(Membership.accepted_at, Membership.state_changed_at))).join(Account, Account.id == Membership.account_id)
                 .where(Membership.user_id == person_id, Membership.state == State.ACEPTADO,
                        Account.kind == AccountKind.PROVEEDOR)
                 .correlate_except(Membership, Account).scalar_subquery())
account_at = case((R.number.is_not(None), _by_number.created_at), else_=_member_since)
state = case((account_at.is_not(None), CUENTA), (activated_at.is_not(None), ACTIVADO),
             (registered_at.is_not(None), REGISTRADO), else_=SIN_REGISTRARSE)


@dataclass
class Row:
    recipient: CircularRecipient
    state: str
    registered_at: datetime | None
    activated_at: datetime | None
    account_at: datetime | None
    waiting: list = field(default_factory=list)  # what waits for the number elsewhere (wizard/circulars/waiting.py)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def done(self) -> bool:
        return self.state == DONE


def _joined(stmt):
    """The statement over recipients with the person's user (linked, or by email) and the account of the number."""
    return (stmt.select_from(R)
            .outerjoin(_linked, _linked.id == R.user_id)
            .outerjoin(_by_email, and_(R.user_id.is_(None), _by_email.email_key == R.email_key))
            .outerjoin(_by_number, and_(_by_number.nit == R.number, _by_number.kind == AccountKind.PROVEEDOR)))


def _search(q: str):
    digits = nit_rules.clean(q)
    conditions = [contains(R.name_key, q), contains(R.email_key, q)]
    if digits.isascii() and digits.isdigit():
        conditions.append(R.number == nit_rules.number(q))
    return or_(*conditions)


def counts(circular_id: int) -> dict[str, int]:
    """How many rows of the circular are in each state (every state present, zeros included): one query."""
    found = dict(db.session.execute(_joined(select(state, func.count())).where(R.circular_id == circular_id)
                                    .group_by(state)).all())
    return {code: found.get(code, 0) for code in STATES}


def counts_of(circular_ids: list[int]) -> dict[int, dict[str, int]]:
    """counts() of several circulars at once (the Escritorio's card): one query."""
    result = {cid: dict.fromkeys(STATES, 0) for cid in circular_ids}
    if circular_ids:
        rows = db.session.execute(_joined(select(R.circular_id, state, func.count()))
                                  .where(R.circular_id.in_(circular_ids)).group_by(R.circular_id, state)).all()
        for cid, code, count in rows:
            result[cid][code] = count
    return result


def funnel(found: dict[str, int]) -> list[tuple[str, int]]:
    """The funnel's steps, each counting the people who got at least that far."""
    total = sum(found.values())
    registered = found[REGISTRADO] + found[ACTIVADO] + found[CUENTA]
    return [("En la circular", total), ("Usuario registrado", registered),
            ("Usuario activado", found[ACTIVADO] + found[CUENTA]), ("Cuenta de Proveedor creada", found[CUENTA])]


def listing(circular_id: int, estado: str = "", q: str = ""):
    """The statement of a circular's rows with their state and dates, filtered, in the list's order."""
    stmt = _joined(select(R, registered_at, activated_at, account_at, state)).where(R.circular_id == circular_id)
    if estado in STATE_LABELS:
        stmt = stmt.where(state == estado)
    q = clean_query(q)
    if q:
        stmt = stmt.where(_search(q))
    return stmt.order_by(R.listed.desc(), R.id)


def count(circular_id: int, estado: str = "", q: str = "") -> int:
    return db.session.scalar(select(func.count()).select_from(listing(circular_id, estado, q).order_by(None)
                                                                .subquery()))


def rows(stmt, limit: int | None = None, offset: int = 0) -> list[Row]:
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return [Row(r, s, reg, act, acc) for r, reg, act, acc, s in db.session.execute(stmt)]


def page(circular_id: int, estado: str = "", q: str = "", limit: int = PER_PAGE, offset: int = 0) -> list[Row]:
    """One page of the list, in its order. Without a state filter the page's rows are picked first, through the
    list's index, and only they are joined to the users and accounts that give their states: joining all 3,000
    rows of a circular to choose 50 cost 20 ms and grew with the list. A state is read from the joins, so a page
    filtered by state is chosen after them."""
    if estado in STATE_LABELS:
        return rows(listing(circular_id, estado, q), limit=limit, offset=offset)
    chosen = select(R.id).where(R.circular_id == circular_id)
    q = clean_query(q)
    if q:
        chosen = chosen.where(_search(q))
    chosen = chosen.order_by(R.listed.desc(), R.id).limit(limit).offset(offset).subquery()
    return rows(listing(circular_id).where(R.id.in_(select(chosen.c.id))))


def ids(circular_id: int, *conditions) -> list[int]:
    """The ids of the circular's rows meeting the conditions (which may name `state`): one query."""
    return list(db.session.scalars(_joined(select(R.id)).where(R.circular_id == circular_id, *conditions)
                                   .order_by(R.id)))


def rows_by_id(circular_id: int, ids: list[int]) -> list[Row]:
    """The rows of these ids that belong to the circular (others are ignored), with their states: one query."""
    if not ids:
        return []
    return rows(_joined(select(R, registered_at, activated_at, account_at, state))
                .where(R.circular_id == circular_id, R.id.in_(ids)).order_by(R.id))


def clean_query(value: str) -> str:
    return fold((value or "").replace("\x00", ""))[:100]
