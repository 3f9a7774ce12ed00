"""Which step of the account wizard a request may see, and what the progress list needs."""
from flask import flash, g, session, url_for
from flask_login import current_user
from sqlalchemy import inspect

from wizard.accounts import service
from wizard.models import Account
from wizard.extensions import db
from wizard.accounts.service import STEPS
from wizard.htmx import redirect_to


def open_step(draft) -> int:
    """service.open_step, worked out once a request (it validates both forms and looks the NIT up): `guard` and
    `progress` ask for it again only after the draft changed (a save or an upload commits, which reloads it)."""
    state = inspect(draft)
    unchanged = not state.unloaded and not state.modified
    known = g.get("account_open_step")
    if known is not None and known[0] is draft and unchanged:
        return known[1]
    allowed = service.open_step(draft)
    g.account_open_step = (draft, allowed) if unchanged else None
    return allowed


# The session's key for the account this session just created from the wizard: until the user starts the wizard
# again on purpose (/cuenta/nueva), its pages (Back, a reload) lead to that account's confirmation, not to an
# empty wizard that suggests the account was lost.
JUST_CREATED = "account_just_created"


def already_created():
    """A redirect to the confirmation of the account this session just made from the wizard, or None."""
    account_id = session.get(JUST_CREATED)
    account = db.session.get(Account, account_id) if isinstance(account_id, int) else None
    if account is None:
        session.pop(JUST_CREATED, None)
        return None
    flash(f"La cuenta {account.name} ya fue creada: puede ir al Escritorio.", "info")
    return redirect_to(url_for("accounts.creada", account_id=account.id))


def guard(step: str):
    """The user's draft, and a redirect to the first incomplete step when this one is not open yet (or, with no
    draft left, to the confirmation of the account it just became)."""
    draft = service.get_draft(current_user.id)
    if draft is None:
        done = already_created()
        if done:
            return None, done
    allowed = open_step(draft) if draft else 0
    if STEPS.index(step) > allowed:
        return draft, redirect_to(url_for(f"accounts.{STEPS[allowed]}"))
    return draft, None


def progress(current: str, draft) -> dict:
    """What the progress list of the steps needs."""
    return {"steps": STEPS, "labels": service.LABELS, "current": current,
            "open": open_step(draft) if draft else 0,
            "skipped": {"documentos"} if service.is_entity(draft) else set()}
