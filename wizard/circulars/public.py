"""The contractor's side: the circular's page from its link (generic, or personal from the invitation email).

The page says which entity asks, the asunto, the text, the deadline and the guides, then "Registro" and "Entrar".
Following the link keeps the circular in the visit (wizard/arrival.py), so every step of registration says who
asked. The generic link shows nothing of the list; a personal link shows its own row's name, nothing else.
"""
import re

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from wizard import arrival
from wizard.circulars import bp, follow
from wizard.htmx import client_redirect, render
from wizard.models import Circular, CircularRecipient, CircularState
from wizard.extensions import db

TOKEN_MAX_LENGTH = 40
TOKEN_RULE = re.compile(r"^[A-Za-z0-9_-]{1,%d}$" % TOKEN_MAX_LENGTH)  # what secrets.token_urlsafe makes


def _well_formed(token: str) -> bool:
    """A token we could have made: anything else (a NUL, which PostgreSQL refuses) never reaches the database."""
    return bool(TOKEN_RULE.match(token))


def _published(token: str) -> Circular:
    circular = db.session.scalar(select(Circular).where(Circular.public_token == token)) \
        if _well_formed(token) else None
    if circular is None or circular.state != CircularState.PUBLICADA:
        abort(404)
    return circular


def _landing(circular: Circular, recipient: CircularRecipient | None, self_url: str):
    token = arrival.for_circular(circular.id, recipient.id if recipient else None)
    if request.method == "POST":  # "Continuar" for someone already signed in
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"), 303)
        arrival.remember(token)
        target = arrival.signed_in(current_user._get_current_object(), token)
        return client_redirect(target or url_for("main.desk"))
    arrival.remember(token)
    row = follow.rows_by_id(circular.id, [recipient.id])[0] if recipient is not None else None
    return render("circulars/landing.html", circular=circular, account=circular.account, recipient=recipient,
                  row=row, self_url=self_url)


@bp.route("/circular/<token>", methods=["GET", "POST"])
def public(token: str):
    """The circular's generic link (and its QR code)."""
    circular = _published(token)
    return _landing(circular, None, url_for("circulars.public", token=token))


@bp.route("/circular/personal/<token>", methods=["GET", "POST"])
def personal(token: str):
    """A contractor's personal link, from the invitation email: the same page, for them."""
    recipient = db.session.scalar(select(CircularRecipient).where(CircularRecipient.token == token)) \
        if _well_formed(token) else None
    if recipient is None or recipient.circular.state != CircularState.PUBLICADA:
        abort(404)
    return _landing(recipient.circular, recipient, url_for("circulars.personal", token=token))
