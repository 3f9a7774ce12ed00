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
