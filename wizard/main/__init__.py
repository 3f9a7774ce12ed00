"""The home page, the "Escritorio" entry point and the health check."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from wizard.main import views  # noqa: E402,F401 - its routes join bp
