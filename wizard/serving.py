"""Checks of how the portal is served, run by gunicorn.conf.py before any worker starts."""
from collections.abc import Mapping

SHARED_LIMITS_NEEDED = (
    "El portal no arranca con {workers} procesos (workers) y los límites de intentos en la memoria de cada uno "
    "(RATELIMIT_STORAGE_URI={uri}): cada proceso contaría por su cuenta y los límites se multiplicarían por "
    "{workers}. Defina RATELIMIT_STORAGE_URI con un almacén compartido (por ejemplo redis://servidor:6379) o use "
    "un solo proceso (-w 1)."
)


def limits_problem(workers: int, environ: Mapping[str, str]) -> str | None:
    """Why these workers cannot share the rate limits configured in `environ`, or None when they can.

    Flask-Limiter's memory:// storage (the default) lives in one process: with several workers each counts on
    its own, so five wrong passwords become five per worker. Limits switched off (RATELIMIT_ENABLED=0, as in
    `make bench`) have nothing to share.
    """
    if workers <= 1 or environ.get("RATELIMIT_ENABLED", "1") == "0":
        return None
    uri = environ.get("RATELIMIT_STORAGE_URI", "memory://")
    if uri.strip().lower().startswith("memory://"):
        return SHARED_LIMITS_NEEDED.format(workers=workers, uri=uri)
    return None
