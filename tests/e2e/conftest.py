"""Browser tests: Playwright drives Debian's Chromium at a phone's size against a live server."""
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.helpers.net import free_port
from wizard import create_app
from wizard.extensions import db
from wizard.mail import stop_worker

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    """Mark this folder's tests (the hook sees every collected test, not only these)."""
    for item in items:
        if "/tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844},
            "is_mobile": True, "has_touch": True, "locale": "es-CO"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Once the test body is over, stop collecting: teardown stops the live server under requests still in flight."""
    yield
    for watching in getattr(item, "_watching", []):
        watching.clear()


def _watch(page, request) -> list[str]:
    """Collect what a person would never see but the browser reports: CSP violations and script errors."""
    problems: list[str] = []
    watching = {"on": True}
    request.node.__dict__.setdefault("_watching", []).append(watching)

    def console(message):
        if watching and message.type == "error" and (
                "Content Security Policy" in message.text or "htmx" in message.text.lower()):
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"error de script: {error}") if watching else None)
    return problems


@pytest.fixture
def page(page, request):
    """pytest-playwright's page, failing the test if the portal breaks its own CSP or throws a script error."""
    problems = _watch(page, request)
    yield page
    assert problems == []


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture
def live_server(tmp_path, smtp_server):
    """The portal on a free port with CSRF on, delivering mail to the test's SMTP server."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite'}",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "WTF_CSRF_ENABLED": True,
        "BASE_URL": url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "OUTBOX_WORKER": True,
        "OUTBOX_POLL_SECONDS": 0.3,
    })
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url, app)
    server.shutdown()
    thread.join(timeout=5)
    stop_worker(app)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def no_js_page(browser, browser_context_args, request):
    """A page of a context with JavaScript switched off: every flow must work without it."""
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    problems = _watch(page, request)
    yield page
    context.close()
    assert problems == []
