"""Every uploaded file, whoever owns it: checked, stored, replaced, deleted, listed, and served only to the allowed.

An owner is a kind ("draft", "account", and later contracts and payment requests) with the Document column that
holds its id and the rule for who may download its files; each area registers its own with `register_owner`.
Bytes go to `wizard.storage`; rows are written in the caller's session and files are removed only once the
transaction that forgot them commits (and a new file is removed again when its transaction rolls back), so a
failure never leaves a row without its file nor a file that no row names.
"""
import io
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, request, send_file
from sqlalchemy import event, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from wizard import errors, filechecks, storage
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Document

CHOOSE_FILE = "Elija el archivo que quiere anexar"


@dataclass(frozen=True)
class Owner:
    kind: str
    column: str  # the Document column with the owner's id
    may_read: Callable[[int, int], bool]  # (user id, owner id) -> may this user download the owner's files?


_OWNERS: dict[str, Owner] = {}


def register_owner(kind: str, column: str, may_read: Callable[[int, int], bool]) -> None:
    _OWNERS[kind] = Owner(kind, column, may_read)


def _column(kind: str):
    return getattr(Document, _OWNERS[kind].column)


# --- checking ---------------------------------------------------------------------------------------------------

def max_bytes() -> int:
    return current_app.config["MAX_DOCUMENT_BYTES"]


def max_label() -> str:
    return f"{max_bytes() // (1024 * 1024)} MB"


_MANY_FILES: dict[str, int] = {}  # endpoint: how many documents one of its requests may carry at once


def carries_files(endpoint: str, count: int) -> None:
    """A form that sends several documents at once (payments' step 3): its requests may be as large as `count`
    documents, so files each within the limit are not refused together (the app's MAX_CONTENT_LENGTH is two)."""
    _MANY_FILES[endpoint] = count


def allow_files() -> None:
    """before_request, registered before CSRFProtect reads the form: this request's size limit."""
    count = _MANY_FILES.get(request.endpoint or "")
    if count:
        request.max_content_length = (count + 1) * max_bytes() + 256 * 1024


def too_large_message() -> str:
    """The size message of wizard.errors (its 413 answer), as a field's message (no final stop)."""
    return errors.too_large_message().removesuffix(".")


# --- reading ----------------------------------------------------------------------------------------------------

def all_of(kind: str, owner_id: int) -> list[Document]:
    """Every file of the owner, oldest first (two uploads racing for one slot can both be here)."""
    return list(db.session.scalars(select(Document).where(_column(kind) == owner_id).order_by(Document.id)))


def by_slot(kind: str, owner_id: int) -> dict[str, Document]:
    """The document of each slot: the latest upload."""
    return {d.slot: d for d in all_of(kind, owner_id)}


def owner_of(document: Document) -> tuple[str, int] | None:
    for owner in _OWNERS.values():
        owner_id = getattr(document, owner.column)
        if owner_id is not None:
            return owner.kind, owner_id
    return None


def may_download(user_id: int, document: Document) -> bool:
    found = owner_of(document)
    return found is not None and _OWNERS[found[0]].may_read(user_id, found[1])


def send(document: Document):
    """The file as a download under its (safe) name; FileNotFoundError when its bytes are gone."""
    data = storage.backend().read(document.storage_key)
    return send_file(io.BytesIO(data), as_attachment=True, mimetype=document.content_type, max_age=0,
                     download_name=filechecks.download_name(document.original_name))


# --- writing ----------------------------------------------------------------------------------------------------

def attach(kind: str, owner_id: int, slot: str, upload: FileStorage | None, user_id: int,
           confidential: bool = False, extra: dict | None = None) -> Document:
    """Check and store an upload as the owner's document in `slot`, replacing the one there; commits.

    Refused with the message to show when the file is missing, empty, too large or a program.
    `extra` sets further Document columns (what an owner's own checks found in the file).
    """
    if upload is None or not upload.filename:
        raise Refused(CHOOSE_FILE)
    checked = filechecks.check(upload.stream, upload.filename, max_bytes())
    if checked.problem:
        raise Refused(checked.problem)
    key = storage.new_key()
    storage.backend().put(key, checked.data, checked.content_type)
    _on_rollback_forget(key)
    for old in [d for d in all_of(kind, owner_id) if d.slot == slot]:
        discard(old)
    document = Document(slot=slot, original_name=filechecks.display_name(upload.filename), storage_key=key,
                        size=len(checked.data), content_type=checked.content_type, confidential=confidential,
                        uploaded_by_id=user_id, **(extra or {}))
    setattr(document, _OWNERS[kind].column, owner_id)
    db.session.add(document)
    db.session.commit()
    return document


def set_confidential(document: Document, confidential: bool) -> None:
    document.confidential = confidential
    db.session.commit()


def remove(kind: str, owner_id: int, slot: str) -> bool:
    """"Borrar documento": forget the slot's files; commits. False when there was none."""
    found = [d for d in all_of(kind, owner_id) if d.slot == slot]
    for document in found:
        discard(document)
    db.session.commit()
    return bool(found)


def discard(document: Document) -> None:
    """Delete the row in the caller's transaction; its bytes go when that transaction commits."""
    _on_commit_forget(document.storage_key)
    db.session.delete(document)


def move(document: Document, kind: str, owner_id: int) -> None:
    """Give the document to another owner (a draft's files to the account made from it), in the caller's transaction."""
    for owner in _OWNERS.values():
        setattr(document, owner.column, None)
    setattr(document, _OWNERS[kind].column, owner_id)


# --- files follow their transaction ------------------------------------------------------------------------------

def _on_commit_forget(key: str) -> None:
    db.session().info.setdefault("attachments_forget_on_commit", []).append(key)


def _on_rollback_forget(key: str) -> None:
    db.session().info.setdefault("attachments_forget_on_rollback", []).append(key)


def _delete_all(keys: list[str]) -> None:
    backend = storage.backend()
    for key in keys:
        try:
            backend.delete(key)
        except Exception:  # noqa: BLE001 - a file left behind is logged, never a failed request
            current_app.logger.warning("no se pudo borrar el archivo %s", key, exc_info=True)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop("attachments_forget_on_rollback", None)
    keys = session.info.pop("attachments_forget_on_commit", None)
    if keys:
        _delete_all(keys)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.parent:  # the outermost transaction: what it stored is not anyone's
        session.info.pop("attachments_forget_on_commit", None)
        keys = session.info.pop("attachments_forget_on_rollback", None)
        if keys:
            _delete_all(keys)
