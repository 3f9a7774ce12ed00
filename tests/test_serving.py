"""Several gunicorn workers must share their rate limits: with in-memory ones the portal refuses to start."""
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.net import free_port, wait_until
from wizard.serving import limits_problem

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("environ", [{}, {"RATELIMIT_STORAGE_URI": "memory://"},
                                     {"RATELIMIT_STORAGE_URI": " Memory:// "}], ids=["default", "memory", "spaced"])
def test_several_workers_on_in_memory_limits_are_refused(environ):
    problem = limits_problem(4, environ)
    assert "4 procesos" in problem and "RATELIMIT_STORAGE_URI" in problem and "redis://" in problem


@pytest.mark.parametrize("workers, environ", [
    (1, {}), (4, {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379"}), (2, {"RATELIMIT_ENABLED": "0"}),
])
def test_one_worker_a_shared_store_or_no_limits_are_fine(workers, environ):
    assert limits_problem(workers, environ) is None


def _gunicorn(tmp_path, *args):
    """gunicorn started as in production from the repository's folder; its output goes to tmp_path/log."""
    environ = {"PATH": os.environ["PATH"], "PORTAL_ENV": "production", "SECRET_KEY": "x" * 32,
               "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite'}"}
    with open(tmp_path / "log", "w") as log:
        return subprocess.Popen([sys.executable, "-m", "gunicorn", *args, "wsgi:app"], cwd=ROOT, env=environ,
                                stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.parametrize("config", [["-c", "gunicorn.conf.py"], []], ids=["readme-command", "default-config-file"])
def test_gunicorn_with_four_workers_and_in_memory_limits_does_not_start(tmp_path, config):
    server = _gunicorn(tmp_path, *config, "-w", "4", "-b", f"127.0.0.1:{free_port()}")
    try:
        server.wait(timeout=30)
    finally:
        server.kill()
        server.wait()
    output = (tmp_path / "log").read_text()
    assert server.returncode != 0, output
    assert "no arranca con 4 procesos" in output and "Booting worker" not in output


def test_gunicorn_with_one_worker_serves(tmp_path):
    port = free_port()
    server = _gunicorn(tmp_path, "-c", "gunicorn.conf.py", "-w", "1", "-b", f"127.0.0.1:{port}")
    try:
        def healthy():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/salud", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return server.poll() is not None  # stop waiting if it died
        assert wait_until(healthy, timeout=30)
        assert server.poll() is None, (tmp_path / "log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
