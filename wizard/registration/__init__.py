"""User registration: section 1 "Registrar usuario", 2 "Confirmar registro", 3 "Crear o solicitar acceso"."""
from flask import Blueprint

bp = Blueprint("registration", __name__, url_prefix="/registro")

from wizard.registration import views  # noqa: E402,F401 - its routes join bp
