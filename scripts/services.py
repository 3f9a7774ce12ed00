"""PostgreSQL and Redis servers of our own on this machine, for the tests, `make bench` and `make serve`.

Debian's packages (`postgresql`, `redis-server`; `make test` and `make bench` install them). A server is either
throwaway (a temporary folder, removed by stop()) or kept in a folder of its own (`make serve` keeps its data in
instance/), and listens on 127.0.0.1 only.
"""
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PGBINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """`initdb` (once) and `pg_ctl start` as the postgres user, trusting local connections, tuned for tests."""

    def __init__(self, root: str | Path | None = None, port: int | None = None, durable: bool = False):
        self.throwaway = root is None
        # postgres must reach the folder, so not pytest's private tmp
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.port = port or free_port()
        self.durable = durable  # keep fsync: data that should survive a power cut (make serve)
        self._names = itertools.count(1)
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *cmd) -> None:
        subprocess.run([*self._as_postgres, *cmd], check=True, capture_output=True)

    def start(self) -> "PostgresServer":
        if not PGBINS:
            raise RuntimeError("PostgreSQL no está instalado: apt-get install postgresql")
        pgbin = PGBINS[-1]
        self.root.mkdir(parents=True, exist_ok=True)
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        data = self.root / "data"
        if not (data / "PG_VERSION").exists():
            self._run(f"{pgbin}/initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                      "--locale=C.UTF-8", "--no-sync")
        fast = "" if self.durable else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        self._run(f"{pgbin}/pg_ctl", "-D", str(data), "-l", str(self.root / "log"), "-w", "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} {fast}-c max_connections=200",
                  "start")
        return self

    def stop(self) -> None:
        mode = "immediate" if self.throwaway else "fast"
        self._run(f"{PGBINS[-1]}/pg_ctl", "-D", str(self.root / "data"), "-m", mode, "stop")
        if self.throwaway:
            shutil.rmtree(self.root, ignore_errors=True)

    def _admin(self):
        import psycopg

        return psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True)

    def create_database(self, name: str | None = None, exist_ok: bool = False) -> str:
        name = name or f"portal_test_{next(self._names)}"
        with self._admin() as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not (exists and exist_ok):
                connection.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


class RedisServer:
    """Debian's redis-server in the foreground of a child process, keeping nothing on disk."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="portal-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("Redis no está instalado: apt-get install redis-server")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server no arrancó")
            time.sleep(0.02)
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        shutil.rmtree(self.folder, ignore_errors=True)
