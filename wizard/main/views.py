"""The home page and the "Escritorio" entry point."""
from flask import g, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from wizard.htmx import render
from wizard.main import bp
from wizard.main.situation import situation
from wizard.reference import countries
from wizard.widgets import options, options_html

REFERENCE_MAX_AGE = 86400  # the list of countries changes less than once a day


@bp.get("/")
def home():
    """Say what the portal is for and offer "Registro" and "Entrar"; a signed-in user sees where they are."""
    if current_user.is_authenticated:
        return render("main/home.html", where=situation(current_user.id))
    return render("main/home.html", where=None)


@bp.get("/escritorio")
@login_required
def desk():
    """The acting account's Escritorio; the choice of account for a user of several; section 3 for one of none."""
    if session.get("account_id"):
        return redirect(url_for("desk.show"), 303)
    if (g.get("account_choices") or 0) > 1:
        return redirect(url_for("access.switch"), 303)
    return redirect(url_for("registration.entity"), 303)


@bp.get("/privacidad")
def privacy():
    """The full policy for the treatment of personal data (Ley 1581 de 2012), linked from section 1."""
    return render_template("main/privacy.html")


@bp.get("/salud")
def health():
    """A cheap check for load balancers."""
    return {"estado": "ok", "usuario": current_user.is_authenticated}


@bp.get("/referencia/paises")
def country_options():
    """Every country as the <option>s a deferred <select> loads (wizard/widgets.py), `elegido` selected: the same
    answer for everybody, kept by the browser for a day."""
    choices = options(countries())
    chosen = request.args.get("elegido", "")
    response = make_response(options_html(choices, chosen if chosen in choices.values else None))
    response.headers["Cache-Control"] = f"public, max-age={REFERENCE_MAX_AGE}"
    return response
