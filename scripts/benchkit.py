"""The bench's machinery: gunicorn processes, wrk with a Lua script per case, and what a case measures.

Nothing here knows the portal's pages; scripts/bench.py lists them.
"""
import gzip
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from scripts.services import free_port
from scripts.visitor import Visitor

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS, THREADS = 32, 2
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))

HELLO = '''
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
'''

# The yardstick for a field check: a view that only checks CSRF, validates one WTForms field with Email()
# and renders a partial from a cached template. Served beside hello-world, it shows what the check's target leaves
# on this machine (it is printed, not judged).
MINIMAL = '''
from flask import Flask
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect, generate_csrf
from wtforms import EmailField
from wtforms.validators import Email

app = Flask(__name__)
app.config["SECRET_KEY"] = "bench-minimal"
CSRFProtect(app)
PARTIAL = app.jinja_env.from_string('<p id="email-error">{% for e in errors %}{{ e }}{% endfor %}</p>')


class Check(FlaskForm):
    email = EmailField("Correo electrónico", validators=[Email("Escriba un correo electrónico válido")])


@app.get("/")
def token():
    return generate_csrf()


@app.post("/validar")
def check():
    form = Check()
    form.email.validate(form)
    return PARTIAL.render(errors=form.email.errors)
'''


# The same view saving what was checked as section 1 saves its draft, the cheapest way a database allows: one
# INSERT ... ON CONFLICT DO UPDATE on a connection kept open in autocommit (raw psycopg, no ORM, no transaction), into
# the portal's own registration_drafts. The issue asks that the draft be saved as each field is left; this is the
# floor of any check that does so here (FINDINGS 27).
MINIMAL_SAVE = MINIMAL + '''

import json
import os

import psycopg

UPSERT = ("INSERT INTO registration_drafts (key, data, updated_at) VALUES (%s, %s::json, now()) "
          "ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at")
connection = None


@app.post("/guardar")
def check_and_save():
    global connection
    form = Check()
    form.email.validate(form)
    if connection is None:
        connection = psycopg.connect(os.environ["DATABASE_URL"].replace("+psycopg", ""), autocommit=True)
    connection.execute(UPSERT, [f"bench-yardstick-{os.getpid()}", json.dumps({"email": form.email.data})])
    return PARTIAL.render(errors=form.email.errors)
'''


class Gunicorn:
    """`gunicorn -w 2` (sync workers) of a WSGI app on a free port."""

    def __init__(self, target: str, env: dict, cwd: Path = ROOT, workers: int = 2, health: str = "/salud"):
        self.target, self.env, self.cwd, self.workers, self.health = target, env, cwd, workers, health
        self.port = free_port()
        self.process = None

    def start(self) -> "Gunicorn":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "-k", "sync", "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "2", self.target], cwd=self.cwd, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode()[-3000:])
            try:
                if Visitor().get(self, self.health).status == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.target} no arrancó")
            time.sleep(0.1)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=20)
            self.process.stderr.close()


def hello_world(env: dict) -> Gunicorn:
    return _app_of(HELLO, "hello", env)


def minimal_check(env: dict) -> Gunicorn:
    """The issue's minimal field check (MINIMAL): GET / gives a CSRF token, POST /validar checks an email."""
    return _app_of(MINIMAL, "minimal", env)


def minimal_save(env: dict) -> Gunicorn:
    """MINIMAL with one draft save (POST /guardar), on the database of env's DATABASE_URL (PostgreSQL)."""
    return _app_of(MINIMAL_SAVE, "minimal_save", env)


def _app_of(source: str, name: str, env: dict) -> Gunicorn:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    (folder / f"{name}.py").write_text(source)
    return Gunicorn(f"{name}:app", env, cwd=folder, health="/")


@dataclass
class Load:
    """What wrk measured: requests per second, p99 latency (ms), errors (non-2xx/3xx, socket errors)."""
    rate: float
    p99_ms: float
    requests: int
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


VARY = "__N__"  # in a form value: replaced by a number that changes on every request (what a person types)


def _lua(method: str, body: str, headers: dict) -> str:
    quote = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'  # noqa: E731
    lines = [f"wrk.method = {quote(method)}"]
    lines += [f"wrk.headers[{quote(k)}] = {quote(v)}" for k, v in headers.items()]
    if VARY in body:
        before, after = body.split(VARY, 1)
        lines += ["local counter = 0", "function request()", "  counter = counter + 1",
                  f"  return wrk.format(nil, nil, nil, {quote(before)} .. counter .. {quote(after)})", "end"]
    elif body:
        lines.append(f"wrk.body = {quote(body)}")
    return "\n".join(lines) + "\n"


def wrk(url: str, method: str = "GET", body: str = "", headers: dict | None = None, lua: str | None = None,
        seconds: float = SECONDS, timeout: str = "10s") -> Load:
    """wrk -t2 -c32 with a Lua script setting the method, body and headers (or the script given)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua if lua is not None else _lua(method, body, headers or {}))
    try:
        out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--latency",
                              "--timeout", timeout, "-s", script.name, url], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(script.name)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Load(rate=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
                p99_ms=_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
                requests=int(re.search(r"(\d+) requests in", out).group(1)), errors=errors)


BROWSER_ENCODINGS = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@dataclass
class Request:
    """One request as a browser (or htmx) sends it, replayable by wrk."""
    method: str
    path: str
    cookies: dict = field(default_factory=dict)
    form: dict | None = None
    headers: dict = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The form, urlencoded (a VARY marker stays in it for wrk; `send` and `replay` put a 0 there)."""
        return urlencode(self.form, doseq=True, safe="_") if self.form is not None else ""

    def all_headers(self) -> dict:
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def send(self, server) -> tuple[int, bytes]:
        """Once, through HTTP, for its status and body."""
        body = self.body.replace(VARY, str(time.time_ns()))
        response = Visitor().request(server, self.method, self.path, body.encode() if body else None,
                                     self.all_headers())
        return response.status, response.body

    def load(self, server) -> Load:
        """Under wrk, accepting compressed answers as Chromium does (`send`, for sizes and bodies, does not)."""
        return wrk(server.base + self.path, self.method, self.body, {**self.all_headers(), **BROWSER_ENCODINGS})


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, 6))
