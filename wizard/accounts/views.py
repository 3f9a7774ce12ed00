"""Placeholder until issue 3's wizard lands."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/cuenta")


@bp.get("/nueva")
def start():
    """Kind of account."""
    return "Cuenta", 200
