"""Placeholder until issue 4's access management lands."""
from flask import Blueprint

bp = Blueprint("access", __name__)


@bp.get("/cuenta/escritorio")
def desk():
    """Escritorio."""
    return "Escritorio", 200


@bp.post("/cuenta/<int:account_id>/solicitud")
def request_access(account_id: int):
    """Solicitud de acceso."""
    return "Solicitud", 200
