"""The acting account's "Escritorio": a gathering place where each area lays out its own cards."""
from flask import Blueprint

bp = Blueprint("desk", __name__)

from wizard.desk import views  # noqa: E402,F401 - its routes join bp
