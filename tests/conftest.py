"""Fixtures shared by every test: a fresh app and database per test, a real SMTP server, a signed-in client."""
import asyncio
import gc
import os
import warnings
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tests.helpers.mail import SMTPServer
from tests.helpers.postgres import PGBINS, PostgresServer
from tests.helpers.storage import S3Server
from scripts.services import RedisServer

from wizard import create_app
from wizard.extensions import db, limiter
from wizard.models import OutboxMessage, User


@pytest.fixture
def storage_settings():
    """Where the app fixture keeps documents: its UPLOAD_FOLDER. A module overrides it to run on S3 as well."""
    return {}


@pytest.fixture
def app(tmp_path, request, storage_settings):
    """An app on a file SQLite database of its own; `@pytest.mark.settings(KEY=value)` overrides config."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        **storage_settings,
    }
    marker = request.node.get_closest_marker("settings")
    if marker:
        settings.update(marker.kwargs)
    app = create_app(settings)
    with app.app_context():
        db.create_all()
        limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass(frozen=True)
class Mail:
    recipient: str
    subject: str
    text: str
    html: str
    sent: bool


@pytest.fixture
def outbox(app):
    """A function returning every email the portal queued, oldest first."""

    def read() -> list[Mail]:
        with app.app_context():
            rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
            return [Mail(m.recipient, m.subject, m.body_text, m.body_html, m.sent_at is not None) for m in rows]

    return read


@pytest.fixture
def login_as(app, client):
    """Sign `client` in as the user with this id, as Flask-Login would after "Entrar"."""

    def sign_in(user_id: int, account_id: int | None = None):
        with app.app_context():
            session_id = db.session.get(User, user_id).session_id
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
            if account_id is not None:
                session["account_id"] = account_id
        return client

    return sign_in


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()
    asyncio.set_event_loop(None)


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole run, started the first time a test needs it."""
    if not PGBINS:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: `make test` should have installed it")
        pytest.skip("PostgreSQL is not installed here (make test installs it)")
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """An empty database of this test's own on the shared server."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    # The test's apps are gone: collect their pooled connections now, while they are still open and quietly,
    # rather than at a random later moment after the database below is dropped under them (psycopg then warns
    # from __del__, which filterwarnings=error turns into an unraisable error in whatever test runs then).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 API server (moto's standalone server) for the whole run; each test takes a bucket of its own."""
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, monkeypatch):
    """A new empty bucket; the S3_* settings and credentials that reach it (also in this process's environment)."""
    for name, value in s3_server.credentials.items():
        monkeypatch.setenv(name, value)
    return s3_server.new_bucket()


def _redis_or_skip():
    import shutil

    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: `make test` should have installed it")
        pytest.skip("redis-server is not installed here (make test installs it)")


@pytest.fixture(scope="session")
def redis_server():
    """One throwaway Redis (Debian's redis-server, nothing on disk) for the run."""
    _redis_or_skip()
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The shared Redis, emptied for this test."""
    import redis

    with redis.Redis.from_url(redis_server.url) as connection:
        connection.flushall()
    return redis_server.url
