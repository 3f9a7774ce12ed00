"""Counters for brakes that are not a whole route's rate limit (a user name under attack, new drafts per address).

They live in Flask-Limiter's storage (RATELIMIT_STORAGE_URI), so every worker and machine shares them as it
shares the route limits, and they are off when the limits are (RATELIMIT_ENABLED=0).
"""
from functools import lru_cache

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse

from wizard.extensions import limiter

PREFIX = "cupo"


@lru_cache(maxsize=32)
def _item(limit: str) -> RateLimitItem:
    return parse(limit)


def _active() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def used_up(limit: str, *key: str) -> bool:
    """True when this key has used its whole quota in the current window (nothing is counted)."""
    return _active() and not limiter.limiter.test(_item(limit), PREFIX, *key)


def spend(limit: str, *key: str) -> bool:
    """Count one use of the key's quota; False (and nothing counted) when it was already used up."""
    return not _active() or limiter.limiter.hit(_item(limit), PREFIX, *key)


def address() -> str:
    """The client's address, as the route limits see it (behind PROXY_COUNT proxies, the forwarded one)."""
    return get_remote_address()
