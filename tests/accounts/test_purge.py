"""`flask purge-drafts` forgets what nobody came back to: section-1 drafts and account drafts, with their files."""
import os
from datetime import timedelta

from sqlalchemy import func, select

from wizard.extensions import db
from wizard.models import AccountDraft, Document, RegistrationDraft
from wizard.dbtypes import utcnow


def test_purge_drafts_removes_old_account_drafts_too_with_their_files(app, wizard):
    """`flask purge-drafts`: section-1 drafts after 30 days, account drafts (and their documents) after 90."""
    wizard.kind()
    wizard.entity()
    assert wizard.attach("rup").status_code == 303
    with app.app_context():
        key = db.session.scalar(select(Document.storage_key))
        path = app.config["UPLOAD_FOLDER"] + "/" + key
        db.session.add(RegistrationDraft(data={"full_name": "Vieja"}, updated_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    runner = app.test_cli_runner()
    assert "0 de cuentas" in runner.invoke(args=["purge-drafts"]).output
    with app.app_context():
        db.session.execute(AccountDraft.__table__.update().values(updated_at=utcnow() - timedelta(days=91)))
        db.session.commit()
    result = runner.invoke(args=["purge-drafts"])
    assert result.exit_code == 0 and "Borradores eliminados: 0 del registro y 1 de cuentas." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccountDraft)) == 0
        assert db.session.scalar(select(func.count()).select_from(Document)) == 0
    assert not os.path.exists(path)
