"""One throwaway PostgreSQL server for the whole test run (Debian's package, installed by `make test`).

Each test that asks for `postgres_url` gets a database of its own on that server, dropped afterwards. The server
itself is the one `make bench` and `make serve` start (scripts/services.py).
"""
from scripts.services import PGBINS, PostgresServer

__all__ = ["PGBINS", "PostgresServer"]
