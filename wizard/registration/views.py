"""Placeholder until issue 2's registration lands."""
from flask import Blueprint

bp = Blueprint("registration", __name__, url_prefix="/registro")


@bp.route("/", methods=["GET", "POST"])
def start():
    """Section 1."""
    return "Registro", 200


@bp.get("/entidad")
def entity():
    """Section 3."""
    return "Entidad", 200
