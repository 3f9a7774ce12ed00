"""Placeholder until issue 2's sign-in lands."""
from flask import Blueprint

bp = Blueprint("auth", __name__)


@bp.route("/entrar", methods=["GET", "POST"])
def login():
    """Entrar."""
    return "Entrar", 200


@bp.post("/salir")
def logout():
    """Salir."""
    return "Salir", 200
