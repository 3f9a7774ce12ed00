"""`flask` commands: demo data, the scheduled jobs (drafts, circulars' reminders) and the outbox."""
import click
from flask import Flask
from sqlalchemy import func, select

from wizard.extensions import db


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo():
        """Load the demo accounts and users (safe to run again); never in production."""
        from wizard import demo

        if app.config["ENV_NAME"] == "production":  # the demo administrators' passwords are in the README
            raise click.ClickException(
                "Los datos de demostración no se cargan en producción (PORTAL_ENV=production): sus administradores "
                "tienen contraseñas publicadas. Use PORTAL_ENV=development para probar el portal.")

        created = demo.load()
        click.echo(f"Datos de demostración listos ({len(created)} cuentas nuevas).")

    @app.cli.command("purge-drafts")
    @click.option("--days", default=30, show_default=True,
                  help="Borrar los borradores del registro (sección 1) sin cambios desde hace más días.")
    @click.option("--account-days", default=90, show_default=True,
                  help="Borrar los borradores de cuenta (y sus documentos) sin cambios desde hace más días.")
    def purge_drafts(days: int, account_days: int):
        """Delete drafts nobody has touched for a while: section 1's and the account wizard's (run it daily)."""
        from datetime import timedelta

        from wizard.accounts.service import purge_drafts as purge_accounts
        from wizard.registration.service import purge_drafts as purge_registration

        registration = purge_registration(timedelta(days=days))
        accounts = purge_accounts(timedelta(days=account_days))
        click.echo(f"Borradores eliminados: {registration} del registro y {accounts} de cuentas.")

    @app.cli.command("remind-circulars")
    def remind_circulars():
        """Remind, by email, the people invited to published circulars who have no supplier account yet: five days
        after the last email, three times in all (run it daily)."""
        from wizard.circulars.service import AUTO_REMINDER_AFTER, AUTO_REMINDERS, scheduled_reminders

        sent = scheduled_reminders()
        click.echo(f"Recordatorios de circulares enviados: {sent} (cada {AUTO_REMINDER_AFTER.days} días, "
                   f"hasta {AUTO_REMINDERS} veces por persona).")

    @app.cli.group("outbox")
    def outbox():
        """The outgoing-mail queue."""

    @outbox.command("send")
    def outbox_send():
        """Send every pending email now through MAIL_SERVER."""
        from wizard.mail import deliver_pending
        from wizard.models import OutboxMessage

        if not app.config.get("MAIL_SERVER"):
            raise click.ClickException("MAIL_SERVER no está definido: no hay a dónde enviar.")
        total_sent = total_failed = 0
        while True:
            sent, failed = deliver_pending(limit=100)
            total_sent, total_failed = total_sent + sent, total_failed + failed
            if sent + failed == 0 or failed:
                break
        left = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
        click.echo(f"Enviados: {total_sent}. Fallidos: {total_failed}. Pendientes: {left}.")

    @outbox.command("run")
    @click.option("--once", is_flag=True, help="Entregar lo pendiente y terminar (como `send`, sin resumen).")
    def outbox_run(once: bool):
        """Deliver mail for as long as it runs (a service of its own; SIGTERM or Ctrl+C stops it)."""
        from wizard.mail import run_forever

        if not app.config.get("MAIL_SERVER"):
            raise click.ClickException("MAIL_SERVER no está definido: no hay a dónde enviar.")
        click.echo(f"Entregando correos cada {app.config['OUTBOX_POLL_SECONDS']:g} s (Ctrl+C para terminar).")
        sent = run_forever(once=once)
        click.echo(f"Enviados: {sent}.")
