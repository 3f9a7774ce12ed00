"""The outbox: mail is committed with its cause, delivered to a real SMTP server, and retried."""
from datetime import timedelta

from sqlalchemy import select

from tests.helpers.mail import text_part
from wizard.extensions import db
from wizard.mail import deliver_pending, send_email
from wizard.models import OutboxMessage, User
from wizard.dbtypes import utcnow


def _queue(app, to="ana@correo.example"):
    with app.app_context():
        user = User(full_name="Ana", email=to, username="ana", password_hash="x", security_question="x",
                    security_answer_hash="x", mobile_phone="+573001234567")
        send_email(to, "Activación de su registro en SECOP", "activation", user=user, link="http://x/activar/abc")
        db.session.commit()


def test_queued_mail_is_delivered_with_text_and_html_parts(app, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    _queue(app)
    with app.app_context():
        assert deliver_pending() == (1, 0)
        assert deliver_pending() == (0, 0)
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Activación de su registro en SECOP"
    assert message["To"] == "ana@correo.example"
    assert "http://x/activar/abc" in text_part(message)
    assert {p.get_content_type() for p in message.walk()} >= {"text/plain", "text/html"}


def test_mail_that_failed_because_the_server_was_down_is_retried_later(app, smtp_server):
    port = smtp_server.port
    smtp_server.stop()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    _queue(app)
    with app.app_context():
        assert deliver_pending() == (0, 1)
        message = db.session.scalar(select(OutboxMessage))
        assert message.sent_at is None and message.attempts == 1 and message.last_error
        assert deliver_pending() == (0, 0), "not retried before its backoff"
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    smtp_server.start()
    with app.app_context():
        assert deliver_pending() == (1, 0)
    assert len(smtp_server.wait_for(1)) == 1


def test_flask_command_sends_whatever_is_pending(app, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    _queue(app)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "Enviados: 1" in result.output and "Pendientes: 0" in result.output
    assert len(smtp_server.wait_for(1)) == 1


def test_without_mail_server_mail_stays_readable_in_the_development_mailbox(app, client):
    _queue(app)
    page = client.get("/dev/correo/").get_data(as_text=True)
    assert "Activación de su registro en SECOP" in page
    with app.app_context():
        message_id = db.session.scalar(select(OutboxMessage.id))
    assert "http://x/activar/abc" in client.get(f"/dev/correo/{message_id}").get_data(as_text=True)


def test_a_message_claimed_by_another_worker_is_not_sent_twice(app, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    _queue(app)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        message.claimed_until = utcnow() + timedelta(seconds=30)
        db.session.commit()
        assert deliver_pending() == (0, 0)


def test_the_serving_process_delivers_within_seconds_without_any_command(app, client, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port, OUTBOX_WORKER=True,
                      OUTBOX_POLL_SECONDS=0.2)
    from wizard.mail import start_worker, stop_worker

    start_worker(app)
    try:
        _queue(app)
        assert len(smtp_server.wait_for(1, timeout=5)) == 1
    finally:
        stop_worker(app)


def test_a_message_smtp_cannot_carry_counts_as_a_failed_attempt_and_does_not_stop_the_others(app, smtp_server):
    """A non-ASCII mailbox (josé@...) raises UnicodeEncodeError in the mail library, not an SMTP error."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    _queue(app, to="josé@correo.example")
    with app.app_context():
        send_email("luis@correo.example", "Activación de su registro en SECOP", "activation",
                   user=User(full_name="Luis", email="luis@correo.example", username="luis"), link="http://x/a")
        db.session.commit()
        assert deliver_pending() == (1, 1)
        bad = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "josé@correo.example"))
        assert bad.sent_at is None and bad.attempts == 1 and "UnicodeEncodeError" in bad.last_error
        assert bad.claimed_until is None
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["luis@correo.example"]


def test_a_subject_with_a_line_break_goes_out_on_one_line_with_no_extra_header(app, smtp_server):
    """Subjects carry an account's name; one typed with a line break must not inject a header nor block the mail."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    with app.app_context():
        user = User(full_name="Ana", email="ana@correo.example", username="ana")
        send_email("ana@correo.example", "Solicitud de acceso a X\r\nBcc: otro@malo.example", "activation",
                   user=user, link="http://x/a")
        db.session.commit()
        assert deliver_pending() == (1, 0)
    [message] = smtp_server.wait_for(1)
    assert message["Subject"] == "Solicitud de acceso a X Bcc: otro@malo.example" and message["Bcc"] is None


def test_a_subject_longer_than_its_column_is_shortened_on_one_line(app):
    with app.app_context():
        user = User(full_name="Ana", email="ana@correo.example", username="ana", password_hash="x",
                    security_question="x", security_answer_hash="x", mobile_phone="+573001234567")
        message = send_email("ana@correo.example", "Solicitud de acceso a\n" + "Ñ" * 300, "activation", user=user,
                             link="http://x/activar/abc")
        assert len(message.subject) == 200 and message.subject.endswith("Ñ…")
        assert message.subject.startswith("Solicitud de acceso a Ñ")


def test_outbox_run_delivers_as_a_service_of_its_own(app, smtp_server):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    _queue(app)
    result = app.test_cli_runner().invoke(args=["outbox", "run", "--once"])
    assert result.exit_code == 0 and "Enviados: 1." in result.output, result.output
    assert len(smtp_server.wait_for(1)) == 1


def test_a_batch_claimed_too_long_ago_is_given_back_unsent(app, smtp_server, monkeypatch):
    """A claim that is about to end is not used: another worker may already have taken the message."""
    import wizard.mail

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    _queue(app)
    monkeypatch.setattr(wizard.mail, "CLAIM_MARGIN", wizard.mail.CLAIM + timedelta(seconds=1))
    with app.app_context():
        assert deliver_pending() == (0, 0)
        message = db.session.scalar(select(OutboxMessage))
        assert message.sent_at is None and message.claimed_until is None and message.attempts == 0


def test_a_subject_that_fits_a_line_of_its_own_arrives_without_a_leading_space(app, smtp_server):
    """Python folds a subject of about 70 to 77 characters whole onto the next line ("Subject:\\r\\n Contrato …"),
    and a reader unfolding it got " Contrato …": the contract's email to Carlos, for one."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    subjects = ["Contrato ESE-CPS-046-2026 de E.S.E. Hospital San Juan de Dios de Pamplona",
                "Su solicitud de acceso a E.S.E. Hospital San Juan de Dios de Pamplona fue aceptada",
                "Nueva solicitud de pago Pago 011: Ana María Villamizar Duarte y su cuenta de cobro"]
    with app.app_context():
        user = User(full_name="Carlos", email="carlos@correo.example", username="carlos", password_hash="x",
                    security_question="x", security_answer_hash="x", mobile_phone="+573001234567")
        for subject in subjects:
            send_email(user.email, subject, "activation", user=user, link="http://x/activar/abc")
        db.session.commit()
        assert deliver_pending() == (3, 0)
    assert [m["Subject"] for m in smtp_server.wait_for(3)] == subjects
