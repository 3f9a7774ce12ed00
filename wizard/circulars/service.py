"""Circulars without request handling: write, publish, add contractors, send invitations and reminders.

Who may do what (README, "Circulares"): every accepted user of the Entidad Estatal sees its circulars, writes
drafts, follows them up and sends invitations and reminders; only its administrators publish (a published
circular speaks for the entity, with its signature, to people outside it).
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select, update

from wizard.circulars import follow
from wizard.circulars.recipients import Recipient
from wizard.dbtypes import utcnow
from wizard.errors import NotAllowed, Refused
from wizard.extensions import db
from wizard.links import external_url
from wizard.mail import send_email, subject_name
from wizard.models import Account, AccountKind, Circular, CircularRecipient, CircularState, Membership, State, User
from wizard.models.circulars import FLOW

REMINDER_EVERY = timedelta(days=3)  # a person is reminded by hand at most this often
AUTO_REMINDER_AFTER = timedelta(days=5)  # the scheduled reminders: five days after the last email...
AUTO_REMINDERS = 3  # ...three times in all (as Coupa does)
NUMBER_TAKEN = "Ya existe una circular con el número {number} en esta Entidad: use otro número"
ONLY_ADMINS = "Solo un administrador de la Entidad puede publicar la circular."
R = CircularRecipient


@dataclass(frozen=True)
class Letter:
    """What the entity writes: every field of the circular but its list."""

    number: str
    subject: str
    addressees: str
    body: str
    deadline: date
    signer_name: str
    signer_position: str
    links: list[dict]

    def columns(self) -> dict:
        return dict(number=self.number, subject=self.subject, addressees=self.addressees, body=self.body,
                    deadline=self.deadline, signer_name=self.signer_name, signer_position=self.signer_position,
                    links=self.links)


@dataclass
class Reminded:
    sent: list[str] = field(default_factory=list)  # names
    recent: list[tuple[str, datetime]] = field(default_factory=list)  # (name, when last reminded)
    done: list[str] = field(default_factory=list)  # names of people with their account: nothing to remind


# --- who ----------------------------------------------------------------------------------------------------------

def entity_membership(user_id: int, account_id: int | None) -> Membership | None:
    """The user's accepted membership of this account when it is an Entidad Estatal (the account loaded)."""
    if account_id is None:
        return None
    return db.session.scalar(select(Membership).join(Account, Account.id == Membership.account_id).where(
        Membership.user_id == user_id, Membership.account_id == account_id, Membership.state == State.ACEPTADO,
        Account.kind == AccountKind.ENTIDAD_ESTATAL))


def for_member(user_id: int, circular_id: int) -> tuple[Circular, Membership]:
    """The circular and the user's accepted membership of its entity; NotAllowed for anyone else (the view's 404)."""
    circular = db.session.get(Circular, circular_id)
    membership = entity_membership(user_id, circular.account_id) if circular is not None else None
    if membership is None:
        raise NotAllowed("No existe esa circular.")
    return circular, membership


def number_taken(account_id: int, number: str, except_id: int | None = None) -> bool:
    query = select(Circular.id).where(Circular.account_id == account_id, Circular.number == number)
    if except_id is not None:
        query = query.where(Circular.id != except_id)
    return db.session.scalar(query) is not None


# --- writing ------------------------------------------------------------------------------------------------------

def create(account_id: int, actor_id: int, letter: Letter, recipients: list[Recipient]) -> Circular:
    """A new draft with its list; commits."""
    if entity_membership(actor_id, account_id) is None:
        raise NotAllowed("Solo los usuarios de la Entidad Estatal escriben sus circulares.")
    if number_taken(account_id, letter.number):
        raise Refused(NUMBER_TAKEN.format(number=letter.number))
    circular = Circular(account_id=account_id, created_by_id=actor_id, **letter.columns())
    FLOW.create(circular, "crear", actor_id, event={"count": len(recipients) or None})
    _add(circular.id, recipients)
    db.session.commit()
    return circular


def _add(circular_id: int, recipients: list[Recipient]) -> None:
    db.session.add_all([R(circular_id=circular_id, listed=True, name=r.name, number=r.number, email=r.email)
                        for r in recipients])


def update_draft(circular: Circular, actor_id: int, letter: Letter, recipients: list[Recipient],
                 seen_version: int | None) -> None:
    """Save a draft's letter and replace its list (rows of numbers still listed keep their links); commits."""
    if number_taken(circular.account_id, letter.number, except_id=circular.id):
        raise Refused(NUMBER_TAKEN.format(number=letter.number))
    FLOW.apply(circular, "editar", actor_id, values=letter.columns(), seen_version=seen_version)
    wanted = {r.number: r for r in recipients}
    kept = db.session.scalars(select(R).where(R.circular_id == circular.id)).all()
    for row in kept:
        new = wanted.pop(row.number, None)
        if new is None:
            db.session.delete(row)
        else:
            row.set_contact(new.name, new.email)
    db.session.flush()
    _add(circular.id, list(wanted.values()))
    db.session.commit()


def publish(circular: Circular, membership: Membership, seen_version: int | None) -> None:
    """Publish a draft (administrators only): its link, QR code and letter then work; commits."""
    if not membership.is_admin:
        raise NotAllowed(ONLY_ADMINS)
    if circular.deadline < date.today():
        raise Refused("La fecha límite de inscripción ya pasó: cámbiela en «Editar» antes de publicar.")
    FLOW.apply(circular, "publicar", membership.user_id, values={"published_at": utcnow()},
               seen_version=seen_version)
    db.session.commit()


def conflicts(circular_id: int, recipients: list[Recipient]) -> list[str]:
    """Who of these is already on the circular (by number or email): two queries, whatever the list's size."""
    numbers = {r.number for r in recipients}
    emails = {User.key(r.email) for r in recipients}
    taken_numbers = set(db.session.scalars(select(R.number).where(R.circular_id == circular_id,
                                                                  R.number.in_(numbers))))
    taken_emails = set(db.session.scalars(select(R.email_key).where(R.circular_id == circular_id,
                                                                    R.email_key.in_(emails))))
    found = []
    for r in recipients:
        if r.number in taken_numbers:
            found.append(f"{r.name}: el número {r.number} ya está en la circular")
        elif User.key(r.email) in taken_emails:
            found.append(f"{r.name}: el correo {r.email} ya está en la circular")
    return found


def add_recipients(circular: Circular, actor_id: int, recipients: list[Recipient]) -> None:
    """Add contractors to a published circular's list (none of them already on it); commits."""
    problems = conflicts(circular.id, recipients)
    if problems:
        raise Refused("; ".join(problems[:20]) + (f" y {len(problems) - 20} más" if len(problems) > 20 else ""))
    FLOW.apply(circular, "agregar", actor_id, event={"count": len(recipients)})
    _add(circular.id, recipients)
    db.session.commit()


# --- emails -------------------------------------------------------------------------------------------------------

def _subject(circular: Circular) -> str:
    return f"{subject_name(circular.account.name)}: {circular.title}"


def _email(circular: Circular, row: follow.Row | CircularRecipient, template: str, subject: str) -> None:
    recipient = row.recipient if isinstance(row, follow.Row) else row
    send_email(recipient.email, subject, template, circular=circular, recipient=recipient,
               state=row.state if isinstance(row, follow.Row) else follow.SIN_REGISTRARSE,
               link=external_url("circulars.personal", token=recipient.token),
               new_activation_page=external_url("registration.confirm"))


def uninvited(circular_id: int) -> int:
    """How many listed contractors have not been sent their personal invitation (and have no account yet)."""
    return len(_uninvited_ids(circular_id))


def _uninvited_ids(circular_id: int) -> list[int]:
    return follow.ids(circular_id, R.listed.is_(True), R.invited_at.is_(None), follow.state != follow.DONE)


def send_invitations(circular: Circular, actor_id: int) -> int:
    """Email every listed contractor not yet invited (and not done) their personal link, once; commits. How many."""
    if not circular.is_published:
        raise Refused("Publique la circular antes de enviar las invitaciones.")
    ids = _uninvited_ids(circular.id)
    claimed = _claim(ids, R.invited_at.is_(None), {"invited_at": utcnow()})
    if not claimed:
        return 0
    for row in db.session.scalars(select(R).where(R.id.in_(claimed)).order_by(R.id)):
        _email(circular, row, "circular_invitation", _subject(circular))
    FLOW.apply(circular, "invitar", actor_id, event={"count": len(claimed)})
    db.session.commit()
    return len(claimed)


def _claim(ids: list[int], condition, values: dict) -> list[int]:
    """Mark these rows in one conditional UPDATE and return the ids it changed (two clicks send once)."""
    claimed = []
    for start in range(0, len(ids), 500):  # SQLite's limit of bound values, with room
        claimed += db.session.scalars(update(R).where(R.id.in_(ids[start:start + 500]), condition).values(**values)
                                      .returning(R.id).execution_options(synchronize_session=False)).all()
    return sorted(claimed)


def remind(circular: Circular, actor_id: int, ids: list[int]) -> Reminded:
    """Remind the selected people not yet done, each at most once every three days; commits."""
    if not circular.is_published:
        raise Refused("Publique la circular antes de enviar recordatorios.")
    outcome = Reminded()
    rows = follow.rows_by_id(circular.id, ids)
    now = utcnow()
    pending = []
    for row in rows:
        if row.done:
            outcome.done.append(row.recipient.name)
        elif row.recipient.reminded_at is not None and now - row.recipient.reminded_at < REMINDER_EVERY:
            outcome.recent.append((row.recipient.name, row.recipient.reminded_at))
        else:
            pending.append(row)
    claimed = set(_claim([row.recipient.id for row in pending],
                         or_(R.reminded_at.is_(None), R.reminded_at <= now - REMINDER_EVERY),
                         {"reminded_at": now, "reminders": R.reminders + 1}))
    for row in pending:
        if row.recipient.id in claimed:
            _email(circular, row, "circular_reminder", "Recordatorio: " + _subject(circular))
            outcome.sent.append(row.recipient.name)
        else:  # another click reminded them a moment ago
            outcome.recent.append((row.recipient.name, now))
    if outcome.sent:
        FLOW.apply(circular, "recordar", actor_id, event={"count": len(outcome.sent)})
    db.session.commit()
    return outcome


def scheduled_reminders(now: datetime | None = None) -> int:
    """The daily reminders (`flask remind-circulars`): every invited person of a published circular who is not done
    is reminded five days after the last email, three times in all; commits. How many were sent."""
    now = now or utcnow()
    cutoff = now - AUTO_REMINDER_AFTER
    last = or_(and_(R.reminded_at.is_(None), R.invited_at <= cutoff), R.reminded_at <= cutoff)
    circulars = db.session.scalars(select(Circular).where(Circular.state == CircularState.PUBLICADA,
                                                          Circular.id.in_(select(R.circular_id).where(
                                                              R.invited_at.is_not(None), R.reminders < AUTO_REMINDERS,
                                                              last))).order_by(Circular.id)).all()
    sent = 0
    for circular in circulars:
        stmt = follow.listing(circular.id).where(R.invited_at.is_not(None), R.reminders < AUTO_REMINDERS, last,
                                                 follow.state != follow.DONE)
        rows = follow.rows(stmt)
        claimed = set(_claim([row.recipient.id for row in rows], R.reminders < AUTO_REMINDERS,
                             {"reminded_at": now, "reminders": R.reminders + 1}))
        for row in rows:
            if row.recipient.id in claimed:
                _email(circular, row, "circular_reminder", "Recordatorio: " + _subject(circular))
        if claimed:
            FLOW.apply(circular, "recordar", None, reason="Recordatorio automático", event={"count": len(claimed)})
            sent += len(claimed)
        db.session.commit()
    return sent

