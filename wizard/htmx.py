"""Request and response helpers for pages that are whole for a browser and partial for htmx."""
import json

from flask import Response, render_template, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    """True for an htmx request, false for a plain browser request or a history restore."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def render(template: str, block: str | None = None, status: int = 200, **context) -> tuple[str, int]:
    """The whole page; for htmx, the named block of the template, or <main>'s content when htmx targets it."""
    if is_htmx():
        if block:
            return render_block(template, block, **context), status
        if request.headers.get("HX-Target") == "main":
            return render_template(template, partial=True, **context), status
    return render_template(template, **context), status


def redirect_to(url: str) -> Response:
    """303 for a browser; for htmx 200 with HX-Location so it loads the next step into <main>."""
    if is_htmx():
        response = Response("", 200)
        response.headers["HX-Location"] = json.dumps({"path": url, "target": "main", "swap": "innerHTML show:window:top"})
        return response
    return Response("", 303, {"Location": url})


def client_redirect(url: str) -> Response:
    """A full page load: HX-Redirect for htmx, 303 otherwise."""
    if is_htmx():
        return Response("", 200, {"HX-Redirect": url})
    return Response("", 303, {"Location": url})
