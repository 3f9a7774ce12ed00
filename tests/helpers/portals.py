"""The portal as separate server processes (gunicorn, production configuration), and a visitor going between them.

What a load balancer does: each request may reach another process, even another machine; only the database,
Redis and the bucket are shared.
"""
import os
import signal
import subprocess
import sys
from pathlib import Path

from scripts.visitor import Response, Visitor
from tests.helpers.net import free_port, wait_until

__all__ = ["Portal", "Response", "Visitor", "migrate", "portal_env", "start_all"]

ROOT = Path(__file__).resolve().parents[2]
SECRET = "clave-compartida-por-todos-los-procesos"


def portal_env(database_url: str, **extra: str) -> dict:
    """The environment of a production process: one database, the same SECRET_KEY everywhere."""
    return {"PATH": os.environ["PATH"], "PORTAL_ENV": "production", "SECRET_KEY": SECRET,
            "DATABASE_URL": database_url, "OUTBOX_WORKER": "0", **extra}


def migrate(env: dict) -> None:
    """`flask db upgrade`, once, before any process serves (what the README tells a newcomer to do)."""
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class Portal:
    """`gunicorn wsgi:app` on a free port, with its own environment."""

    def __init__(self, env: dict, workers: int = 1):
        self.env, self.workers, self.port = env, workers, free_port()
        self.process: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> "Portal":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "2", "wsgi:app"], cwd=ROOT, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return self.wait() if wait else self

    def wait(self) -> "Portal":
        def up():
            if self.process.poll() is not None:
                raise AssertionError(self.process.stderr.read().decode()[-3000:])
            try:
                return Visitor().get(self, "/salud").status == 200
            except OSError:
                return False

        wait_until(up, timeout=30, interval=0.1)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
            self.process.wait(timeout=15)
            self.process.stderr.close()
            self.process = None


def start_all(*portals: Portal) -> list[Portal]:
    """Start the processes side by side, then wait for each to answer."""
    for portal in portals:
        portal.start(wait=False)
    return [portal.wait() for portal in portals]
