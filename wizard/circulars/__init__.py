"""Circulars: an entity's letter to its contractors with a link to register, and its follow-up of who did."""
from flask import Blueprint

bp = Blueprint("circulars", __name__)

from wizard.circulars import cards, entity, public, tracking  # noqa: E402,F401 - their routes and card join bp
