"""Links and redirects: absolute links for emails built without a request, a list's links to its rows, and the
only check of a `next` path."""
from urllib.parse import urlsplit

from flask import current_app, g, url_for

from wizard.routing import MAX_ID


def external_url(endpoint: str, **values) -> str:
    """BASE_URL plus the route's path: the same from a view, a `flask` command or a scheduled job."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc or "localhost", script_name=base.path or "/",
                                       url_scheme=base.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)


def id_url(endpoint: str, **value: int) -> str:
    """url_for for a route whose only variable is an id, as a list's rows need (a few links on each of 25 rows):
    url_for builds the URL once a request with a stand-in id, and each row's id takes its place."""
    [(name, row_id)] = value.items()
    patterns = g.setdefault("id_url_patterns", {})
    pattern = patterns.get((endpoint, name))
    if pattern is None:
        pattern = patterns[(endpoint, name)] = url_for(endpoint, **{name: MAX_ID}).split(str(MAX_ID), 1)
    return f"{pattern[0]}{int(row_id)}{pattern[1]}"


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
