"""Configuration read from the environment, with defaults that work on a fresh machine."""
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _dev_secret_key() -> str:
    """A per-machine key kept in instance/, so development needs no secret in the repository."""
    INSTANCE.mkdir(exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'portal.sqlite'}")
    if url.startswith("postgres://"):  # Heroku-style URL
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {}  # connections idle for a while are pinged before use: see wizard/extensions.py
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE / "uploads"))
    # S3-compatible object storage for documents instead of UPLOAD_FOLDER (several machines): a bucket, and for
    # other providers than AWS their endpoint; credentials as boto3 reads them (AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY, or the machine's role).
    S3_BUCKET = os.environ.get("S3_BUCKET") or None
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    S3_REGION = os.environ.get("S3_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None
    S3_PREFIX = os.environ.get("S3_PREFIX", "")
    MAX_DOCUMENT_BYTES = int(os.environ.get("MAX_DOCUMENT_MB", "10")) * 1024 * 1024
    # Twice the document limit: a file somewhat too large still reaches its view, which says so on its field (the
    # form kept); only a request far larger is cut short (413, answered by going back to the page it came from).
    MAX_CONTENT_LENGTH = 2 * MAX_DOCUMENT_BYTES + 256 * 1024

    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "SECOP Portal <no-responder@portal.local>")
    MAIL_SUPPRESS_SEND = False  # delivery is gated on MAIL_SERVER by wizard.mail, in tests too
    OUTBOX_POLL_SECONDS = float(os.environ.get("OUTBOX_POLL_SECONDS", "3"))
    # Each serving process delivers mail in a thread of its own; 0 when `flask outbox run` does it as a service.
    OUTBOX_WORKER = os.environ.get("OUTBOX_WORKER", "1") != "0"

    # How many reverse proxies set X-Forwarded-For/-Proto in front of the app (0: none). Without it, behind a
    # proxy every visitor would share the proxy's address and so one rate limit.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") != "0"
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = False  # use WTForms' own Spanish catalogue (Meta.locales) without Flask-Babel
    WTF_CSRF_SSL_STRICT = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    DRAFT_COOKIE = "registro_borrador"
    ACTIVATION_MAX_AGE = 48 * 3600
    RESET_MAX_AGE = 2 * 3600
    INVITE_MAX_AGE = 7 * 24 * 3600
    # argon2id parameters (argon2-cffi defaults: about 80 ms a hash on these machines)
    PASSWORD_HASH = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    DEV_MAILBOX = False
    SEND_FILE_MAX_AGE_DEFAULT = 3600


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_SSL_STRICT = False
    DEV_MAILBOX = True


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    MAIL_SERVER = None
    OUTBOX_WORKER = False
    S3_BUCKET = None  # the local folder, whatever the developer's environment says; tests choose S3 themselves
    DEV_MAILBOX = True
    PASSWORD_HASH = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


CONFIGS = {"development": DevelopmentConfig, "production": Config, "test": TestConfig}


def config_for(name: str | None) -> type[Config]:
    return CONFIGS[name or os.environ.get("PORTAL_ENV", "production")]
