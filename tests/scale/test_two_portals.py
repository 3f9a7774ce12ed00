"""The README's "Varias máquinas": two portal processes on one database, one Redis and one bucket.

A document uploaded through one process is downloaded through the other, behind the same permission check, and
deleted through either; nothing of it is on the processes' disks.
"""
import re

from sqlalchemy import select

from tests.helpers.accounts import ENTITY, KIND_SAS, PDF
from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.portals import Portal, Visitor, migrate, portal_env, start_all
from wizard import create_app
from wizard.extensions import db
from wizard.models import Document


def test_a_document_uploaded_through_one_process_is_downloaded_through_the_other(
        postgres_url, redis_url, s3_server, s3_bucket, tmp_path):
    env = portal_env(postgres_url, RATELIMIT_STORAGE_URI=redis_url, UPLOAD_FOLDER=str(tmp_path / "no-usar"),
                     **s3_server.env(s3_bucket))
    migrate(env)
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        make_user(username="ana.rojas", email="ana@correo.example")
        make_user(username="otra.persona", email="otra@correo.example")
        db.session.remove()
    one, other = start_all(Portal(env, workers=2), Portal(env, workers=2))
    try:
        ana = Visitor()
        assert ana.post(one, "/entrar", {"username": "ana.rojas", "password": PASSWORD}, token_from="/entrar").status == 303
        assert ana.post(other, "/cuenta/nueva/tipo", KIND_SAS, token_from="/cuenta/nueva/tipo").status == 303
        assert ana.post(one, "/cuenta/nueva/formulario", ENTITY, token_from="/cuenta/nueva/formulario").status == 303
        uploaded = ana.upload(one, "/cuenta/nueva/documentos/rup", {}, "archivo", "RUP 2026.pdf", PDF,
                              token_from="/cuenta/nueva/documentos")
        assert uploaded.status == 303, uploaded.text[:2000]

        page = ana.get(other, "/cuenta/nueva/documentos").text
        assert "RUP 2026.pdf" in page
        link = re.search(r'href="(/cuenta/documentos/\d+)">RUP 2026.pdf', page).group(1)
        download = ana.get(other, link)
        assert download.status == 200 and download.body == PDF
        assert "attachment" in download.headers["Content-Disposition"]

        stranger = Visitor()  # signed in, but not the one who uploaded it: the same 404 on either process
        stranger.post(other, "/entrar", {"username": "otra.persona", "password": PASSWORD}, token_from="/entrar")
        assert stranger.get(one, link).status == 404 and stranger.get(other, link).status == 404

        with app.app_context():
            key = db.session.scalar(select(Document.storage_key))
            db.session.remove()
        assert s3_server.keys(s3_bucket["S3_BUCKET"]) == [key]
        assert not (tmp_path / "no-usar").exists()

        deleted = ana.post(other, "/cuenta/nueva/documentos/rup/borrar", {}, token_from="/cuenta/nueva/documentos")
        assert deleted.status == 303
        assert ana.get(one, link).status == 404
        assert s3_server.keys(s3_bucket["S3_BUCKET"]) == []
    finally:
        one.stop()
        other.stop()
        with app.app_context():
            db.engine.dispose()
