"""`flask remind-circulars`: the invited who have not finished are reminded five days after the last email, three
times in all; nobody else is."""
from datetime import timedelta

from tests.circulars.conftest import make_circular, recipient
from tests.helpers.factories import make_account, make_user
from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import CircularRecipient


def test_the_daily_command_reminds_every_five_days_three_times_and_only_those_not_done(app, entity, outbox):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], [
            ("Carlos", "88251234", "carlos@correo.example"), ("Ana", "1094265871", "ana@correo.example"),
            ("Marta", "60345678", "marta@correo.example")])
        draft = make_circular(entity["hospital"], entity["admin"], [("Luis", "70111222", "luis@correo.example")],
                              published=False, number="0002-2026")
        make_account(make_user(), nit="1094265871", organization_type="persona_natural_colombiana")  # Ana is done
        start = utcnow() - timedelta(days=30)
        for number in ("88251234", "1094265871"):  # Marta was never invited: the entity chose not to email her
            recipient(cid, number).invited_at = start
        recipient(draft, "70111222").invited_at = start
        db.session.commit()
        carlos = recipient(cid, "88251234").id
    runner = app.test_cli_runner()

    def run_on(days_later):
        from wizard.circulars import service

        with app.app_context():
            return service.scheduled_reminders(now=day["now"] + timedelta(days=days_later))

    result = runner.invoke(args=["remind-circulars"])
    assert result.exit_code == 0 and "Recordatorios de circulares enviados: 1" in result.output
    day = {"now": utcnow()}
    assert [m.recipient for m in outbox()] == ["carlos@correo.example"]
    assert run_on(1) == 0 and run_on(4) == 0  # not before five days
    assert run_on(5) == 1 and run_on(10) == 1
    assert run_on(30) == 0  # three in all
    with app.app_context():
        row = db.session.get(CircularRecipient, carlos)
        assert row.reminders == 3
    assert len(outbox()) == 3 and all(m.subject.startswith("Recordatorio: ") for m in outbox())
