""""Mis datos de usuario": a signed-in user changes their own data, each change confirmed by email."""
from flask import Blueprint

bp = Blueprint("profile", __name__)

from wizard.profile import views  # noqa: E402,F401 - its routes join bp
