"""The portal as separate server processes (gunicorn, production configuration) and a visitor going between them.

What a load balancer does: each request may reach another process, even another machine; only the database,
Redis and the bucket are shared. `Visitor` keeps its cookies like a browser (Secure ones too: the processes serve
plain HTTP on 127.0.0.1, as behind a proxy that ends TLS) and does not follow redirects.
"""
import html
import http.client
import os
import re
import signal
import subprocess
import sys
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.helpers.net import free_port, wait_until

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


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode()

    def csrf_token(self) -> str:
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.text)
        assert found, "la página no tiene formulario con csrf_token"
        return html.unescape(found.group(1))


class Visitor:
    """One browser's cookies, sending each request to the portal process it is given."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, portal: Portal, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=20)
        try:
            sent = {**(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, portal: Portal, path: str) -> Response:
        return self.request(portal, "GET", path)

    def post(self, portal: Portal, path: str, data: dict, token_from: str | None = None) -> Response:
        """POST a form, with the CSRF token of the page at `token_from` (read through the same process)."""
        fields = dict(data)
        if token_from:
            fields["csrf_token"] = self.get(portal, token_from).csrf_token()
        return self.request(portal, "POST", path, urlencode(fields, doseq=True).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, portal: Portal, path: str, fields: dict, name: str, filename: str, data: bytes,
               token_from: str) -> Response:
        token = self.get(portal, token_from).csrf_token()
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in {**fields, "csrf_token": token}.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(portal, "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
