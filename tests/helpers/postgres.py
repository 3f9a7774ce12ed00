"""One throwaway PostgreSQL server for the whole test run (Debian's package, installed by `make test`).

Each test that asks for `postgres_url` gets a database of its own on that server, dropped afterwards.
"""
import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.helpers.net import free_port

PGBINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))


class PostgresServer:
    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="portal-pg-"))  # postgres must reach it: not pytest's private tmp
        self.port = free_port()
        self._names = itertools.count(1)
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *cmd) -> None:
        subprocess.run([*self._as_postgres, *cmd], check=True, capture_output=True)

    def start(self) -> "PostgresServer":
        pgbin = PGBINS[-1]
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        data = self.root / "data"
        self._run(f"{pgbin}/initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self._run(f"{pgbin}/pg_ctl", "-D", str(data), "-l", str(self.root / "log"), "-w", "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start")
        return self

    def stop(self) -> None:
        self._run(f"{PGBINS[-1]}/pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def _admin(self):
        return psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True)

    def create_database(self) -> str:
        name = f"portal_test_{next(self._names)}"
        with self._admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"
