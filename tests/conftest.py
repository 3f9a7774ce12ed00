"""Fixtures shared by every test: a fresh app and database per test, a real SMTP server, a signed-in client."""
import asyncio
import email
from email import policy
import socket
import threading
import time
from dataclasses import dataclass
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from wizard import create_app
from wizard.extensions import db, limiter
from wizard.models import OutboxMessage, User


@pytest.fixture
def app(tmp_path, request):
    """An app on a file SQLite database of its own; `@pytest.mark.settings(KEY=value)` overrides config."""
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "WTF_CSRF_ENABLED": False,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
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


class _Handler:
    def __init__(self):
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SMTPServer:
    """A real SMTP server (aiosmtpd) on a free local port, keeping what it receives."""

    def __init__(self):
        self.handler = _Handler()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        """Listen (again) on the same port; a stopped aiosmtpd controller cannot be restarted."""
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"esperaba {count} correos, llegaron {len(self.messages)}"
        return self.messages


def text_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_content()
    return ""


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()
    asyncio.set_event_loop(None)


def wait_until(predicate, timeout: float = 10, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("la condición no se cumplió a tiempo")


__all__ = ["SMTPServer", "free_port", "text_part", "wait_until", "threading"]
