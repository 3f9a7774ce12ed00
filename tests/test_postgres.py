"""The same code on PostgreSQL: migrations, demo data, case-insensitive uniqueness and accent-free search."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.conftest import free_port
from wizard import create_app, demo
from wizard.extensions import db
from wizard.models import Account, User
from wizard.text import contains

PGBINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL server (Debian's package, installed by `make test`)."""
    if not PGBINS:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: `make test` should have installed it")
        pytest.skip("PostgreSQL is not installed here (make test installs it)")
    pgbin = PGBINS[-1]
    root = Path(tempfile.mkdtemp(prefix="portal-pg-"))  # pytest's tmp root is private to root; postgres must reach it
    data, port = root / "data", free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    run = lambda *cmd: subprocess.run([*as_postgres, *cmd], check=True, capture_output=True)  # noqa: E731
    run(f"{pgbin}/initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
    run(f"{pgbin}/pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w", "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off", "start")
    run(f"{pgbin}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "portal_test")
    yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/portal_test"
    run(f"{pgbin}/pg_ctl", "-D", str(data), "-m", "immediate", "stop")
    shutil.rmtree(root, ignore_errors=True)


def test_migrations_run_and_match_the_models_on_postgresql(postgres_url):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", "SECRET_KEY": "x", "DATABASE_URL": postgres_url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["db", "check"], ["seed-demo"], ["seed-demo"]):
        result = subprocess.run([*flask, *command], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


def test_uniqueness_and_search_behave_on_postgresql_as_on_sqlite(postgres_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        demo.load()
        found = db.session.scalars(select(Account.name).where(contains(Account.name_key, "h&h asociados"))).all()
        assert found == ["H&H Asociados"]
        assert db.session.scalars(select(Account).where(contains(Account.name_key, "100%_"))).all() == []
        hospital = db.session.scalar(select(Account).where(contains(Account.name_key, "SAN JUAN DE DIOS")))
        assert hospital.city == "Pamplona"
        twin = User(full_name="Otra", email="HELENA.HERRERA@hh-asociados.example", username="otra",
                    password_hash="x", security_question="x", security_answer_hash="x", mobile_phone="+573001234567")
        db.session.add(twin)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.engine.dispose()
