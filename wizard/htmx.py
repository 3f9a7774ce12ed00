"""Request and response helpers for pages that are whole for a browser and partial for htmx.

One place maps what htmx aims at (the id in `hx-target`, sent as HX-Target) to the block of the page that answers
it: <main> gets base.html's block "main" (the page without header and footer, plus the header's account links
out of band), a results list its block, and so on. A target not in the map is refused with 400 rather than
answered with a whole document swapped into a corner of the page.
"""
import json

from flask import Response, abort, render_template, request
from jinja2_fragments import BlockNotFoundError
from jinja2_fragments.flask import render_block

# HX-Target -> the block of the rendered template that answers it.
TARGETS = {
    "main": "main",  # every step and page: base.html's block, see templates/base.html
    "resultados": "results",  # section 3's search results
    "results": "results",  # "Nuevo registro"'s search results
    "financiera": "financial",  # the entity form's financial rows ("Agregar", "Quitar")
    "lista-contratos": "results",  # "Contratos": the list, filtered and searched in place
    "seguimiento": "tracking",  # a circular's "Seguimiento": its filtered list and "Enviar recordatorio"
}
# Targets that carry an id after a prefix ("hist-12": the history of row 12).
PREFIXES = {"hist-": "history"}


def is_htmx() -> bool:
    """True for an htmx request, false for a plain browser request or a history restore."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def target_block() -> str | None:
    """The block that answers this htmx request's target, or None when the target is not one we know."""
    target = request.headers.get("HX-Target") or ""
    if target in TARGETS:
        return TARGETS[target]
    return next((block for prefix, block in PREFIXES.items() if target.startswith(prefix)), None)


def render(template: str, status: int = 200, **context) -> tuple[str, int]:
    """The whole page; for htmx, the block its target names (400 for a target the map does not know)."""
    if not is_htmx():
        return render_template(template, **context), status
    block = target_block()
    if block is None:
        abort(400)
    if block == "main":
        return render_template(template, fragment="main", **context), status
    try:
        return render_block(template, block, **context), status
    except BlockNotFoundError:
        abort(400)


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
