"""Which step of the account wizard a request may see, and what the progress list needs."""
from flask import g, url_for
from flask_login import current_user
from sqlalchemy import inspect

from wizard.accounts import service
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


def guard(step: str):
    """The user's draft, and a redirect to the first incomplete step when this one is not open yet."""
    draft = service.get_draft(current_user.id)
    allowed = open_step(draft) if draft else 0
    if STEPS.index(step) > allowed:
        return draft, redirect_to(url_for(f"accounts.{STEPS[allowed]}"))
    return draft, None


def progress(current: str, draft) -> dict:
    """What the progress list of the steps needs."""
    return {"steps": STEPS, "labels": service.LABELS, "current": current,
            "open": open_step(draft) if draft else 0,
            "skipped": {"documentos"} if service.is_entity(draft) else set()}
