"""The access blueprint: its views live in one module per journey, each registering on `bp`."""
from wizard.access.blueprint import bp
from wizard.access import desk, invites, requests, switch, users  # noqa: F401, E402 - they register the routes

__all__ = ["bp"]
