"""Downloads of uploaded documents, whoever owns them, behind the owner's rule of who may read them."""
from flask import Blueprint, abort, current_app
from flask_login import current_user, login_required

from wizard import attachments
from wizard.extensions import db
from wizard.models import Document

bp = Blueprint("files", __name__)


@bp.get("/cuenta/documentos/<int:document_id>")
@login_required
def download(document_id: int):
    """Serve a document to whoever its owner allows; anyone else gets the same 404 as for a missing one."""
    document = db.session.get(Document, document_id)
    if document is None or not attachments.may_download(current_user.id, document):
        abort(404)
    try:
        return attachments.send(document)
    except FileNotFoundError:
        current_app.logger.warning("documento %s sin archivo", document.id)
        abort(404)
