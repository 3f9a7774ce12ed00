"""Entrar, Salir, and recovering a forgotten user name or password."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from wizard.auth import views  # noqa: E402,F401 - its routes join bp
