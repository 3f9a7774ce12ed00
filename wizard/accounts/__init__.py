"""The account wizard: kind of account, the entity form, documents and "Finalizar", for activated users."""
from flask import Blueprint, flash, request, url_for
from flask_login import current_user

from wizard import attachments, filechecks
from wizard.accounts.financial import SOURCE, indicators, parse_money
from wizard.formatting import pesos
from wizard.reference import departments
from wizard.htmx import client_redirect

bp = Blueprint("accounts", __name__)
OPEN_TO_ALL = {"accounts.terminos", "accounts.creada"}


@bp.before_request
def activated_users_only():
    """The wizard is for activated users: one who has not followed the emailed link is told to do so first."""
    if request.endpoint in OPEN_TO_ALL or not current_user.is_authenticated or current_user.is_activated:
        return None
    flash("Active su usuario con el enlace que le enviamos por correo antes de registrar una Entidad.", "warning")
    return client_redirect(url_for("main.home"))


@bp.app_template_filter("pesos_text")
def pesos_text(value: str | None) -> str:
    """An amount as typed, shown as "$ 1.234.567" when it is one, else as typed (so nothing is lost)."""
    amount = parse_money(value)
    return pesos(amount) if amount is not None else (value or "")


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    return filechecks.human_size(size)


@bp.context_processor
def financial_helpers() -> dict:
    return {"indicators": indicators, "source": SOURCE, "departments": departments}


def _draft_owner(user_id: int, draft_id: int) -> bool:
    from wizard.models import AccountDraft
    from wizard.extensions import db

    draft = db.session.get(AccountDraft, draft_id)
    return draft is not None and draft.user_id == user_id


def _account_member(user_id: int, account_id: int) -> bool:
    from wizard.acting import accepted_membership

    return accepted_membership(user_id, account_id) is not None


# A draft's files are its maker's; an account's, its accepted members'.
attachments.register_owner("draft", "draft_id", _draft_owner)
attachments.register_owner("account", "account_id", _account_member)

from wizard.accounts import cards, finish, uploads, views  # noqa: E402,F401 - their routes and card join bp
