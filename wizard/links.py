"""Links and redirects: absolute links for emails built without a request, and the only check of a `next` path."""
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """BASE_URL plus the route's path: the same from a view, a `flask` command or a scheduled job."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc or "localhost", script_name=base.path or "/",
                                       url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def safe_next(target: str | None) -> str | None:
    """A same-site path to go back to, or None for anything that could lead elsewhere (another host, //host, \\)."""
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
