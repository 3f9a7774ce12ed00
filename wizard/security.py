"""Security headers on every response, and how Flask-Login finds and refuses users."""
from flask import Flask, Response, request, url_for

from wizard.extensions import login_manager

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Entre con su usuario para continuar."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        response.vary.add("HX-Request")
        if request.endpoint and request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response


@login_manager.user_loader
def load_user(session_id: str):
    from wizard.acting import load_signed_in

    return load_signed_in(session_id)


@login_manager.unauthorized_handler
def unauthorized():
    """Send the visitor to "Entrar", as a full page even when htmx asked, and come back afterwards."""
    from flask import flash

    from wizard.htmx import client_redirect

    flash(login_manager.login_message, "info")
    target = request.full_path if request.method == "GET" else _referring_path()
    return client_redirect(url_for("auth.login", next=target.rstrip("?") or None))


def _referring_path() -> str:
    """The path and query of the page a POST came from, when it is on this site (a POST itself cannot be redone)."""
    from urllib.parse import urlsplit

    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host or not parts.path.startswith("/"):
        return ""
    return parts.path + ("?" + parts.query if parts.query else "")
