"""Which step of the account wizard a request may see, and what the progress list needs."""
from flask import url_for
from flask_login import current_user

from wizard.accounts import service
from wizard.accounts.service import STEPS
from wizard.htmx import redirect_to


def guard(step: str):
    """The user's draft, and a redirect to the first incomplete step when this one is not open yet."""
    draft = service.get_draft(current_user.id)
    allowed = service.open_step(draft)
    if STEPS.index(step) > allowed:
        return draft, redirect_to(url_for(f"accounts.{STEPS[allowed]}"))
    return draft, None


def progress(current: str, draft) -> dict:
    """What the progress list of the steps needs."""
    return {"steps": STEPS, "labels": service.LABELS, "current": current,
            "open": service.open_step(draft) if draft else 0,
            "skipped": {"documentos"} if service.is_entity(draft) else set()}
