"""Why a person came to register: a circular's link (generic or personal) or a "Crear usuarios" invitation.

The reason is a signed, expiring token (wizard/tokens.py, purpose "llegada") that travels with the person:
- following the link puts it in the session (`remember`);
- section 1's "Continuar" copies it onto the new user (`User.arrival`) and ties the user to the circular's row
  (`registered`), so the activation link, opened on any device or browser, brings it back (`activated`);
- "Entrar" keeps it across the new session, ties an existing user to the circular, and says where to land
  (`signed_in`: an invitation goes back to the invitation);
- section 1 (name and email of a personal link), section 3 and the account wizard (a persona natural with the
  list's cédula) start from it (`registration_prefill`, `account_prefill`); every step's header says
  "Registro solicitado por ..." (`current`, the template global `arrival()`).
Only what the token names is ever read: a personal link's own row, never the rest of the list.
"""
from dataclasses import dataclass

from flask import g, has_request_context, session, url_for
from flask_login import current_user
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import Account, Circular, CircularRecipient, CircularState, Membership, State, User
from wizard.tokens import make_token, read_token

PURPOSE = "llegada"
SESSION_KEY = "llegada"
MAX_AGE = 90 * 24 * 3600  # a contractor may take a while; the link's circular must still be published
TOKEN_MAX_LENGTH = 600  # the column's size (User.arrival)
NATURAL_PERSON = "persona_natural_colombiana"


@dataclass(frozen=True)
class Arrival:
    token: str
    entity: Account  # "Registro solicitado por {entity.name}"
    circular: Circular | None = None
    recipient: CircularRecipient | None = None  # a personal link's row
    invitation: str | None = None  # the invitation's own token
    email: str = ""  # the invited address, when the invitation says it

    @property
    def is_invitation(self) -> bool:
        return self.invitation is not None

    @property
    def source_url(self) -> str:
        """The page the person came from: the circular (their personal page) or the invitation."""
        if self.invitation is not None:
            return url_for("access.invitation", token=self.invitation)
        if self.recipient is not None:
            return url_for("circulars.personal", token=self.recipient.token)
        return url_for("circulars.public", token=self.circular.public_token)


# --- tokens -----------------------------------------------------------------------------------------------------

def for_circular(circular_id: int, recipient_id: int | None = None) -> str:
    return make_token(PURPOSE, {"c": circular_id, "r": recipient_id})


def for_invitation(invitation_token: str) -> str:
    return make_token(PURPOSE, {"i": invitation_token})


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31 else None


def read(token: str | None) -> Arrival | None:
    """The arrival a token names, while it is valid and what it names still stands (a published circular, a live
    invitation); None otherwise."""
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH:
        return None
    check = read_token(PURPOSE, token, MAX_AGE)
    data = check.data if check.valid else None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("i"), str):
        from wizard.access.invitations import read as read_invitation  # the access area's own rules

        invite, account = read_invitation(data["i"])
        if not invite.valid or account is None:
            return None
        email = invite.data.get("m") if isinstance(invite.data.get("m"), str) else ""
        return Arrival(token, account, invitation=data["i"], email=email)
    circular_id = _int(data.get("c"))
    circular = db.session.get(Circular, circular_id) if circular_id else None
    if circular is None or circular.state != CircularState.PUBLICADA:
        return None
    recipient = None
    if data.get("r") is not None:
        recipient_id = _int(data.get("r"))
        recipient = db.session.get(CircularRecipient, recipient_id) if recipient_id else None
        if recipient is None or recipient.circular_id != circular.id:
            return None
    return Arrival(token, circular.account, circular=circular, recipient=recipient)


def remember(token: str) -> None:
    """Keep this arrival for the rest of the visit (the latest link followed wins)."""
    session[SESSION_KEY] = token
    g.pop("arrival", None)


def token() -> str | None:
    """The session's arrival token, as it is (checked when read)."""
    value = session.get(SESSION_KEY)
    return value if isinstance(value, str) else None


def current() -> Arrival | None:
    """This request's arrival: the session's, else the signed-in user's; read once per request."""
    if not has_request_context():
        return None
    if "arrival" not in g:
        found = read(token())
        if found is None and current_user.is_authenticated:
            found = read(current_user.arrival)
        g.arrival = found
    return g.arrival


def of_user(user: User) -> Arrival | None:
    """The arrival kept on a user (for the activation email, written outside the person's own session)."""
    return read(user.arrival)


def forget(user: User | None = None) -> None:
    """The arrival is spent (the invitation was accepted): no page says it again."""
    session.pop(SESSION_KEY, None)
    g.pop("arrival", None)
    if user is not None and user.arrival is not None:
        user.arrival = None


# --- the steps of registration ----------------------------------------------------------------------------------

def registration_prefill() -> dict:
    """What section 1 starts with: a personal link's name and email, an invitation's email (all editable)."""
    found = current()
    if found is None:
        return {}
    if found.recipient is not None:
        return {"full_name": found.recipient.name, "email": found.recipient.email}
    return {"email": found.email} if found.email else {}


def registered(user: User) -> None:
    """Section 1 made this user: keep the arrival on it and tie it to the circular (the caller commits)."""
    found = current()
    if found is None:
        return
    user.arrival = found.token
    if found.circular is not None:
        _tie(found, user)


def activated(user: User) -> None:
    """The activation link was followed, maybe in another browser: bring the user's arrival into this session."""
    found = of_user(user)
    if found is not None:
        remember(found.token)


def keep_across_sign_in() -> str | None:
    """The session's arrival token before "Entrar" clears the session (give it to `signed_in`)."""
    return token()


def signed_in(user: User, kept: str | None) -> str | None:
    """After "Entrar": the arrival of the link followed before (or the user's own) in the new session, the user tied
    to the circular; commits. Where to land, when the arrival says (an invitation not yet accepted)."""
    found = read(kept) or read(user.arrival)
    if found is None:
        return None
    if found.circular is not None and _member(user.id, found.circular.account_id):
        return None  # the entity's own user looking at its circular is not one of its contractors
    remember(found.token)
    if user.arrival != found.token:
        user.arrival = found.token
    if found.circular is not None:
        _tie(found, user)
    db.session.commit()
    if found.is_invitation and not _member(user.id, found.entity.id):
        return found.source_url
    return None


def _member(user_id: int, account_id: int) -> bool:
    return db.session.scalar(select(Membership.id).where(
        Membership.user_id == user_id, Membership.account_id == account_id, Membership.state == State.ACEPTADO)) is not None


def _tie(found: Arrival, user: User) -> None:
    """Record that this user came through the circular: on the personal link's row (unless another user came
    through it first), else on the list's row with the user's email, else on a row of its own (the generic link)."""
    circular_id = found.circular.id
    R = CircularRecipient
    if db.session.scalar(select(R.id).where(R.circular_id == circular_id, R.user_id == user.id)) is not None:
        return
    now = utcnow()
    row_id = found.recipient.id if found.recipient is not None else db.session.scalar(
        select(R.id).where(R.circular_id == circular_id, R.email_key == User.key(user.email), R.user_id.is_(None)))
    if row_id is not None:
        db.session.execute(update(R).where(R.id == row_id, R.user_id.is_(None)).values(user_id=user.id, linked_at=now)
                           .execution_options(synchronize_session=False))
        return
    if found.recipient is not None:
        return  # the personal row already belongs to whoever registered first
    try:
        with db.session.begin_nested():
            db.session.add(R(circular_id=circular_id, listed=False, name=user.full_name, number=None,
                             email=user.email, user_id=user.id, linked_at=now))
    except IntegrityError:  # the same person in two tabs: one row is enough
        pass


def account_prefill(natural: bool = False) -> dict | None:
    """The account wizard's first answers for a contractor from a circular's list: a persona natural colombiana
    with the list's name and cédula (all editable); None when the arrival gives no number. `natural`: the user
    asked for a persona natural account ("Crear mi cuenta de Proveedor como persona natural", e.g. from a
    circular's generic link): the same start with their own name, and the cédula when a list gives it."""
    found = current()
    recipient = found.recipient if found is not None else None
    if recipient is None and found is not None and found.circular is not None and current_user.is_authenticated:
        recipient = db.session.scalar(select(CircularRecipient).where(
            CircularRecipient.circular_id == found.circular.id, CircularRecipient.user_id == current_user.id))
    if recipient is not None and recipient.number:
        person = {"nombre": recipient.name, "nit": recipient.number}
    elif natural and current_user.is_authenticated:
        person = {"nombre": current_user.full_name}
    else:
        return None
    return {"tipo": {"pais": "CO", "tipo": "proveedor", "area": "privado", "organizacion": NATURAL_PERSON},
            "formulario": person}


def init_app(app) -> None:
    """Templates ask `arrival()` (this request's) and `arrival_of(user)` (an email's)."""
    app.jinja_env.globals["arrival"] = current
    app.jinja_env.globals["arrival_of"] = of_user
