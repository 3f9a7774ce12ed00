"""The blueprint every access view registers on."""
from flask import Blueprint

bp = Blueprint("access", __name__)
