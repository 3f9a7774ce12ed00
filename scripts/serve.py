"""`make serve`: the production configuration on one machine.

PostgreSQL with its data kept in instance/postgres (started and stopped with the portal), a throwaway Redis for the
rate limits, migrations run once, the demo data, then gunicorn with WORKERS processes on 127.0.0.1:PORT. Ctrl+C
stops all three. Whatever else the environment sets is passed on (S3_BUCKET and the rest for documents in a
bucket, MAIL_SERVER for real mail, BASE_URL...). See "Varias máquinas" in the README.
"""
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.services import PostgresServer, RedisServer  # noqa: E402

INSTANCE = ROOT / "instance"


def secret_key() -> str:
    """The same key for every worker and every restart, kept in instance/ (set SECRET_KEY to use your own)."""
    path = INSTANCE / "serve_secret_key"
    if not path.exists():
        INSTANCE.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return os.environ.get("SECRET_KEY") or path.read_text().strip()


def main() -> int:
    port = int(os.environ.get("PORT", "5000"))
    workers = int(os.environ.get("WORKERS", "4"))
    postgres = PostgresServer(root=INSTANCE / "postgres", port=int(os.environ.get("PG_PORT", "54320")), durable=True)
    redis = RedisServer(port=int(os.environ.get("REDIS_PORT", "63790")))
    print(f"PostgreSQL en 127.0.0.1:{postgres.port} (datos en instance/postgres), Redis en 127.0.0.1:{redis.port}")
    postgres.start()
    try:
        redis.start()
        try:
            postgres.create_database("portal", exist_ok=True)
            env = {**os.environ, "PORTAL_ENV": "production", "SECRET_KEY": secret_key(),
                   "DATABASE_URL": postgres.url("portal"), "RATELIMIT_STORAGE_URI": redis.url,
                   "BASE_URL": os.environ.get("BASE_URL", f"http://127.0.0.1:{port}")}
            flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
            subprocess.run([*flask, "db", "upgrade"], env=env, cwd=ROOT, check=True)  # once, before any worker
            # the demo users (their passwords are in the README): a trial on one machine, never a real production
            subprocess.run([*flask, "seed-demo"], env={**env, "PORTAL_ENV": "development"}, cwd=ROOT, check=True)
            print(f"Portal en http://127.0.0.1:{port} con {workers} procesos (Ctrl+C para terminar)", flush=True)
            server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(workers),
                                       "-b", f"127.0.0.1:{port}", "--access-logfile", "-", "wsgi:app"],
                                      env=env, cwd=ROOT)
            signal.signal(signal.SIGTERM, lambda *_: server.send_signal(signal.SIGTERM))
            try:
                return server.wait()
            except KeyboardInterrupt:
                server.send_signal(signal.SIGTERM)
                return server.wait()
        finally:
            redis.stop()
    finally:
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
