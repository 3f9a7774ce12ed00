"""Several processes deliver one outbox on PostgreSQL at the same time: every message reaches the server once."""
import os
import subprocess
import sys
from collections import Counter

from sqlalchemy import func, select

from wizard import create_app
from wizard.extensions import db
from wizard.mail import send_email
from wizard.models import OutboxMessage, User

MESSAGES, WORKERS = 120, 4

# A worker: say it is ready, wait for the common start, deliver small batches until nothing is due, say how many.
WORKER = """
import os, sys, time
from sqlalchemy import text
from wizard import create_app
from wizard.extensions import db
from wizard.mail import deliver_pending
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": int(sys.argv[2])})
with app.app_context():
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    print("ready", flush=True)
    while not os.path.exists(sys.argv[3]):
        time.sleep(0.002)
    total = 0
    while True:
        sent, failed = deliver_pending(limit=3)
        total += sent
        if sent + failed == 0:
            break
    print(total)
"""


def test_workers_on_several_processes_deliver_every_message_exactly_once(postgres_url, smtp_server, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        db.create_all()
        user = User(full_name="Ana", email="ana@correo.example", username="ana")
        for n in range(MESSAGES):
            send_email(f"persona{n}@correo.example", f"Mensaje {n}", "activation", user=user, link=f"http://x/{n}")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, postgres_url, str(smtp_server.port), str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for _ in range(WORKERS)]
    for worker in workers:  # every one has imported the app and connected: now they start together
        assert worker.stdout.readline() == "ready\n", worker.communicate(timeout=30)[1]
    go.touch()
    results = [worker.communicate(timeout=60) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), [err for _, err in results]

    sent_by = [int(out) for out, _ in results]
    assert sum(sent_by) == MESSAGES
    assert sum(1 for n in sent_by if n) >= 2, f"the workers did not overlap: {sent_by}"
    received = Counter(message["Subject"] for message in smtp_server.wait_for(MESSAGES))
    assert len(smtp_server.messages) == MESSAGES
    assert received == Counter(f"Mensaje {n}" for n in range(MESSAGES))
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None))) == 0
        assert db.session.scalar(select(func.max(OutboxMessage.attempts))) == 1
        db.session.remove()
        db.engine.dispose()
