"""The same code on PostgreSQL: migrations, demo data, case-insensitive uniqueness and accent-free search."""
import subprocess
import sys

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wizard import create_app, demo
from wizard.extensions import db
from wizard.models import Account, User
from wizard.text import contains

def test_migrations_run_and_match_the_models_on_postgresql(postgres_url, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", "SECRET_KEY": "x", "DATABASE_URL": postgres_url,
           "UPLOAD_FOLDER": str(tmp_path)}  # the demo's signed contracts are files
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for command in (["db", "upgrade"], ["db", "check"], ["seed-demo"], ["seed-demo"]):
        result = subprocess.run([*flask, *command], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stdout + result.stderr


def test_uniqueness_and_search_behave_on_postgresql_as_on_sqlite(postgres_url, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "UPLOAD_FOLDER": str(tmp_path)})
    with app.app_context():
        db.create_all()
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


def test_pooled_connections_the_server_dropped_are_replaced_before_a_request_uses_them(postgres_url, monkeypatch):
    """Only connections idle for a while are pinged (not one that answered a moment ago, on every request): after
    the server dropped them, a request still gets a working connection."""
    import psycopg
    from sqlalchemy import text

    from wizard import extensions

    pings = []
    answers = extensions._answers
    monkeypatch.setattr(extensions, "_answers", lambda connection: pings.append(1) or answers(connection))
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    with app.app_context():
        db.create_all()
    for name in ("Ana", "Ana María", "Ana María Gómez"):
        assert client.post("/registro/validar?campo=full_name", data={"full_name": name}).status_code == 200
    assert pings == []  # the same connection, used a moment before each time
    with psycopg.connect(postgres_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND pid <> pg_backend_pid()")
    monkeypatch.setattr(extensions, "PING_AFTER_IDLE_SECONDS", 0.0)  # as if the pool had sat idle for a while
    assert client.post("/registro/validar?campo=full_name", data={"full_name": "Ana Gómez"}).status_code == 200
    assert pings
    with app.app_context():
        assert db.session.scalar(text("SELECT data->>'full_name' FROM registration_drafts")) == "Ana Gómez"
        db.session.remove()
        db.engine.dispose()
