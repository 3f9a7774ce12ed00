"""Access to accounts: requests, "Mis registros", the account chooser, invitations, "Administración de usuarios"."""
from flask import Blueprint

bp = Blueprint("access", __name__)

from wizard.access import cards, invites, requests, switch, users  # noqa: E402,F401 - their routes join bp
