"""Attachments: one module stores, replaces, deletes and lists every owner's files, and files follow their
transaction: a file is removed once the row that named it is committed gone, never before, and a file stored by
a transaction that rolls back is removed too."""
import io
import os

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.helpers.accounts import PDF
from tests.helpers.factories import make_user
from wizard import attachments, storage
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import AccountDraft, Document


def upload(name="informe.pdf", data=PDF) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def files(app) -> list[str]:
    folder = app.config["UPLOAD_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


@pytest.fixture
def draft(app):
    with app.app_context():
        user = make_user()
        row = AccountDraft(user_id=user, data={})
        db.session.add(row)
        db.session.commit()
        return {"user": user, "draft": row.id}


def test_attach_stores_the_file_and_replacing_it_removes_the_old_one_after_commit(app, draft):
    with app.test_request_context():
        first = attachments.attach("draft", draft["draft"], "rup", upload("uno.pdf"), draft["user"])
        first_key = first.storage_key
        second = attachments.attach("draft", draft["draft"], "rup", upload("dos.pdf"), draft["user"])
        assert [d.original_name for d in attachments.all_of("draft", draft["draft"])] == ["dos.pdf"]
        assert files(app) == [second.storage_key] and first_key not in files(app)
        assert storage.backend().read(second.storage_key) == PDF


def test_a_refused_file_stores_nothing(app, draft):
    with app.test_request_context():
        for name, data, message in (("x.pdf", b"", "vacío"), ("setup.exe", b"MZ\x90\x00", "ejecutables"),
                                    ("", PDF, "Elija el archivo")):
            with pytest.raises(Refused, match=message):
                attachments.attach("draft", draft["draft"], "rup", upload(name, data), draft["user"])
        assert attachments.all_of("draft", draft["draft"]) == [] and files(app) == []


def test_a_file_stored_by_a_transaction_that_rolls_back_is_removed(app, draft, monkeypatch):
    with app.test_request_context():
        def fail():
            raise RuntimeError("la base de datos se cayó")

        monkeypatch.setattr(db.session, "commit", fail)
        with pytest.raises(RuntimeError):
            attachments.attach("draft", draft["draft"], "rup", upload(), draft["user"])
        monkeypatch.undo()
        db.session.rollback()
        assert files(app) == [] and db.session.scalars(select(Document)).all() == []


def test_a_discarded_document_keeps_its_file_until_its_transaction_commits(app, draft):
    with app.test_request_context():
        document = attachments.attach("draft", draft["draft"], "rup", upload(), draft["user"])
        key = document.storage_key
        attachments.discard(document)
        db.session.flush()
        assert files(app) == [key]  # not yet: the transaction could still roll back
        db.session.rollback()
        assert files(app) == [key] and attachments.by_slot("draft", draft["draft"])["rup"].storage_key == key
        assert attachments.remove("draft", draft["draft"], "rup") is True
        assert files(app) == []


def test_who_may_download_is_the_owners_rule(app, draft):
    with app.test_request_context():
        document = attachments.attach("draft", draft["draft"], "rup", upload(), draft["user"])
        stranger = make_user()
        assert attachments.may_download(draft["user"], document)
        assert not attachments.may_download(stranger, document)
