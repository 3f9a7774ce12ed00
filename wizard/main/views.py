"""The home page and the "Escritorio" entry point."""
from flask import redirect, session, url_for
from flask_login import current_user, login_required

from wizard.htmx import render
from wizard.main import bp


@bp.get("/")
def home():
    """Say what the portal is for and offer "Registro" and "Entrar"."""
    return render("main/home.html")


@bp.get("/escritorio")
@login_required
def desk():
    """Go to the acting account's Escritorio, or to section 3 when the user has no account yet."""
    if session.get("account_id"):
        return redirect(url_for("desk.show"), 303)
    return redirect(url_for("registration.entity"), 303)


@bp.get("/salud")
def health():
    """A cheap check for load balancers."""
    return {"estado": "ok", "usuario": current_user.is_authenticated}
