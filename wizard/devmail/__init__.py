"""The development mailbox: every email the portal wrote, readable by a person. Never in production."""
from flask import Blueprint, abort, render_template
from sqlalchemy import select

from wizard.extensions import db
from wizard.models import OutboxMessage

bp = Blueprint("devmail", __name__, url_prefix="/dev/correo")


@bp.get("/")
def index():
    """List the latest emails, newest first."""
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100)).all()
    return render_template("devmail/index.html", messages=messages)


@bp.get("/<int:message_id>")
def show(message_id: int):
    """Show one email: its text part, and its HTML part in a sandboxed frame-free view."""
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template("devmail/show.html", message=message)
