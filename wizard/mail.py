"""send_email() writes to the outbox; delivery is separate, retried, and safe across workers."""
import logging
import signal
import smtplib
import threading
import time
from datetime import datetime, timedelta
from email import policy

from flask import Flask, current_app, render_template
from flask_mail import BadHeaderError, Connection, Message
from sqlalchemy import or_, select, update

from wizard.extensions import db, mail
from wizard.models.outbox import OutboxMessage
from wizard.dbtypes import utcnow
from wizard.text import shorten

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12
CLAIM = timedelta(seconds=60)
CLAIM_MARGIN = timedelta(seconds=15)  # stop sending a claimed batch this long before its claim ends
_START_LOCK = threading.Lock()
SUBJECT_MAX = OutboxMessage.__table__.c.subject.type.length
NAME_IN_SUBJECT = 100  # how much of a name typed by a user (an account's) goes into a subject; see subject_name
# Flask-Mail's policy (SMTP: CRLF line ends) with headers written as they are up to RFC 5322's 998 characters: at
# its 78, a subject of about 70 to 77 characters went whole onto the next line ("Subject:\r\n Contrato …") and
# was read " Contrato …". Subjects with accents arrive already folded as encoded words (sanitize_subject).
HEADERS = policy.SMTP.clone(max_line_length=998)


class _Message(Message):
    def as_bytes(self) -> bytes:
        return self._message().as_bytes(policy=HEADERS)


def send_email(to: str, subject: str, template: str, **context) -> OutboxMessage:
    """Queue templates/email/<template>.txt and .html for `to`; the caller's commit makes it real."""
    message = OutboxMessage(
        recipient=to,
        # one line (a name typed with a line break would make a bad header) that fits its column, whatever the
        # caller put in it (PostgreSQL refuses a longer value: a 500 for whoever caused the email)
        subject=shorten(subject, SUBJECT_MAX),
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
    )
    db.session.add(message)
    return message


def subject_name(name: str) -> str:
    """A user-typed name as it goes into a subject: short enough that the subject's own words still fit."""
    return shorten(name, NAME_IN_SUBJECT)


def _send(message: Message) -> None:
    """Send through Flask-Mail with the app's current settings (its init_app would freeze them)."""
    state = mail.init_mail(current_app.config, current_app.debug, current_app.testing)
    with Connection(state) as connection:
        connection.send(message)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(10 * 2 ** (attempts - 1), 3600))


def _claim(limit: int) -> tuple[list[int], datetime]:
    """Mark up to `limit` due messages as being sent by this process, in one statement; (their ids, claim's end).

    On PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED, so workers claiming at the same moment take different
    messages instead of queueing behind each other, and a row another claim changed meanwhile is checked again
    against the conditions. SQLite has no row locks (nor the clause, which SQLAlchemy leaves out there): its one
    writer at a time makes the same statement just as exclusive.
    """
    now = utcnow()
    until = now + CLAIM
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .where(OutboxMessage.attempts < MAX_ATTEMPTS)
        .where(or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = db.session.scalars(
        update(OutboxMessage).where(OutboxMessage.id.in_(due.scalar_subquery())).values(claimed_until=until)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(claimed), until


def _release(message_ids: list[int]) -> None:
    """Give back messages this process claimed but will not send now, so another worker need not wait."""
    if message_ids:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(message_ids))
                           .values(claimed_until=None).execution_options(synchronize_session=False))
        db.session.commit()


def deliver_pending(limit: int = 50) -> tuple[int, int]:
    """Send what is due through MAIL_SERVER. Returns (sent, failed)."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0, 0
    claimed, until = _claim(limit)
    sent = failed = 0
    for n, message_id in enumerate(claimed):
        if utcnow() > until - CLAIM_MARGIN:  # a slow server: before another worker may take them, give them back
            _release(claimed[n:])
            break
        message = db.session.get(OutboxMessage, message_id)
        try:
            _send(_Message(subject=message.subject, recipients=[message.recipient],
                               body=message.body_text, html=message.body_html))
        # ValueError: e.g. a non-ASCII mailbox; BadHeaderError: a line break in the subject (an account's name)
        except (OSError, smtplib.SMTPException, ValueError, BadHeaderError) as exc:
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            message.next_attempt_at = utcnow() + _backoff(message.attempts)
            message.claimed_until = None
            failed += 1
            log.warning("correo %s no enviado (intento %s): %s", message.id, message.attempts, exc)
        else:
            message.attempts += 1
            message.sent_at = utcnow()
            sent += 1
        db.session.commit()
    return sent, failed


def run_forever(once: bool = False) -> int:
    """Deliver in a loop until SIGTERM/SIGINT (`flask outbox run`), one batch after another while mail is due.

    Safe to run on several machines at once, and beside the web workers' own delivery threads: claims keep each
    message to one sender. Returns how many were sent.
    """
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    total = 0
    try:
        while not stop.is_set():
            try:
                sent, failed = deliver_pending()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the service
                log.exception("fallo en la entrega de correos")
                db.session.rollback()
                sent, failed = 0, 0
                stop.wait(5)
            total += sent
            if once and sent + failed == 0:
                break
            if sent + failed == 0:
                stop.wait(current_app.config["OUTBOX_POLL_SECONDS"])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return total


def deliver_soon(app: Flask) -> None:
    """Wake the delivery thread after a request queued mail."""
    event = app.extensions.get("outbox_wakeup")
    if event is not None:
        event.set()


def start_worker(app: Flask) -> None:
    """One daemon thread per process: delivers at once when woken, and retries every few seconds."""
    if "outbox_wakeup" in app.extensions:
        return
    with _START_LOCK:
        if "outbox_wakeup" not in app.extensions:
            _start(app)


def _start(app: Flask) -> None:
    wakeup, stop = threading.Event(), threading.Event()
    app.extensions["outbox_wakeup"] = wakeup
    app.extensions["outbox_stop"] = stop

    def run() -> None:
        while not stop.is_set():
            wakeup.wait(app.config["OUTBOX_POLL_SECONDS"])
            wakeup.clear()
            if stop.is_set():
                break
            try:
                with app.app_context():
                    deliver_pending()
            except Exception:  # noqa: BLE001 - the thread must survive a database hiccup
                log.exception("fallo en la entrega de correos")
                time.sleep(5)

    thread = threading.Thread(target=run, name="outbox", daemon=True)
    app.extensions["outbox_thread"] = thread
    thread.start()


def stop_worker(app: Flask) -> None:
    """Stop this app's delivery thread (tests start one per live server)."""
    stop = app.extensions.get("outbox_stop")
    if stop is not None:
        stop.set()
        app.extensions["outbox_wakeup"].set()
        app.extensions["outbox_thread"].join(timeout=15)
