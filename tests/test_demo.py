"""Demo data is for trying the portal: `flask seed-demo` refuses to run in production (its passwords are public)."""
import sqlite3
import subprocess
import sys


def _flask(tmp_path, env_name, *command):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": env_name, "SECRET_KEY": "x" * 32,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite'}"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], capture_output=True, text=True,
                          env=env)


def _users(tmp_path) -> int:
    with sqlite3.connect(tmp_path / "portal.sqlite") as connection:
        return connection.execute("SELECT count(*) FROM users").fetchone()[0]


def test_seed_demo_refuses_to_run_in_production(tmp_path):
    assert _flask(tmp_path, "production", "db", "upgrade").returncode == 0
    result = _flask(tmp_path, "production", "seed-demo")
    assert result.returncode != 0
    assert "no se cargan en producción" in result.stderr
    assert _users(tmp_path) == 0


def test_seed_demo_loads_the_demo_users_in_development(tmp_path):
    assert _flask(tmp_path, "development", "db", "upgrade").returncode == 0
    result = _flask(tmp_path, "development", "seed-demo")
    assert result.returncode == 0, result.stderr
    assert _users(tmp_path) == 9  # the four above, Luis, Ana, and three of the circular's contractors
