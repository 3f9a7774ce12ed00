"""Section-1 drafts: made only once something worth keeping was typed, a few per address, and purged in time.

Every anonymous request that dropped the draft cookie made a new draft row, so a script could fill the table.
"""
from sqlalchemy import func, select

from tests.helpers.registration import form
from wizard.extensions import db
from wizard.models import RegistrationDraft

DEFAULTS = {"full_name": "", "country": "CO", "email": "", "username": "", "mobile_phone": "+57",
            "timezone": "America/Bogota", "security_question": ""}


def _drafts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(RegistrationDraft))


def test_leaving_an_untouched_field_makes_no_draft(app, client):
    for name in ("full_name", "country", "mobile_phone", "timezone"):
        response = client.post(f"/registro/validar?campo={name}", data=DEFAULTS)
        assert response.status_code == 200 and "registro_borrador" not in str(response.headers)
    response = client.post("/registro/", data=DEFAULTS)
    assert response.status_code == 422 and "registro_borrador" not in str(response.headers)
    assert _drafts(app) == 0


def test_typing_something_makes_one_draft_that_follows_the_typing(app, client):
    client.post("/registro/validar?campo=full_name", data={**DEFAULTS, "full_name": "Ana"})
    client.post("/registro/validar?campo=email", data={**DEFAULTS, "full_name": "Ana", "email": "ana@correo.example"})
    client.post("/registro/validar?campo=email", data=DEFAULTS)  # erased again: the draft says so
    with app.app_context():
        [draft] = db.session.scalars(select(RegistrationDraft)).all()
        assert draft.data["email"] == "" and draft.data["full_name"] == ""


def test_new_drafts_are_capped_per_address(app):
    def new_visitor(address):
        return app.test_client().post("/registro/validar?campo=email", data=form(),
                                      environ_base={"REMOTE_ADDR": address})

    statuses = {new_visitor("10.0.0.1").status_code for _ in range(25)}
    assert statuses == {200}  # the page still answers: only nothing more is kept
    assert _drafts(app) == 20
    assert "registro_borrador=" in new_visitor("10.0.0.2").headers["Set-Cookie"]
    assert _drafts(app) == 21
