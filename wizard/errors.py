"""The one "refused" exception of every service, and the error pages in Spanish (a 500 rolls the session back)."""
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, render_template, request
from flask_wtf.csrf import CSRFError

from wizard.extensions import db
from wizard.htmx import redirect_to
from wizard.links import safe_next


class Refused(Exception):
    """What the rules do not allow; its message is shown to the user as it is, and nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)

    @property
    def message(self) -> str:
        return str(self.args[0])


class NotAllowed(Refused):
    """The actor may not act on this at all: the view answers 403 (or 404 where an id must not be confirmed)."""


def referring_page() -> str | None:
    """The same-site page (path and query) the request was sent from, when its Referer names one other than itself."""
    parts = urlsplit(request.headers.get("Referer", ""))
    if parts.netloc != request.host or parts.scheme not in {"http", "https"}:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.path == request.path:
        return None
    return safe_next(path)


def too_large_message() -> str:
    limit = current_app.config["MAX_DOCUMENT_BYTES"] // (1024 * 1024)
    return f"El archivo supera el tamaño máximo de {limit} MB. Redúzcalo (por ejemplo en un ZIP) e inténtelo de nuevo."


def too_large_answer():
    """A request far over the limit (one a little over reaches its view, whose field says so): back to the page it
    was sent from, with the message at the top, instead of a page that leads nowhere but the home page."""
    back = referring_page()
    if back is None:
        return render_template("errors/error.html", status=413, title="Archivo demasiado grande",
                               message=too_large_message()), 413
    flash(too_large_message(), "error")
    return redirect_to(back)


def init_app(app: Flask) -> None:
    def page(status: int, title: str, message: str):
        return render_template("errors/error.html", status=status, title=title, message=message), status

    @app.errorhandler(400)
    def bad_request(error):
        return page(400, "Solicitud no válida", "No pudimos entender la solicitud. Vuelva atrás e inténtelo de nuevo.")

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return page(400, "La página caducó",
                    "Por seguridad, recargue la página e inténtelo de nuevo. Lo escrito en pasos anteriores está guardado.")

    @app.errorhandler(403)
    def forbidden(error):
        return page(403, "Acceso no permitido", "Su usuario no tiene permiso para ver esta página.")

    @app.errorhandler(404)
    def not_found(error):
        return page(404, "Página no encontrada", "La dirección no existe o ya no está disponible.")

    @app.errorhandler(405)
    def not_allowed(error):
        return page(405, "Acción no permitida", "Esta dirección no admite esa acción. Vuelva a la página anterior.")

    @app.errorhandler(413)
    def too_large(error):
        return too_large_answer()

    @app.errorhandler(429)
    def too_many(error):
        if getattr(error, "response", None) is not None:  # a limit that brings its own page (on_breach)
            return error.response
        return page(429, "Demasiados intentos", "Ha hecho demasiados intentos seguidos. Espere unos minutos e inténtelo de nuevo.")

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return page(500, "Error del portal", "Algo falló de nuestro lado y no se guardó nada. Inténtelo de nuevo en unos minutos.")
