"""No input, however malformed, makes any page of the portal answer 500 or leave a half-written record.

Every route is sent ids and tokens that exist (so its view runs for real) and junk ones, form bodies with NULs,
huge numbers and odd text, JSON bodies with numbers, lists and objects where text belongs, and junk query strings;
on SQLite and on PostgreSQL, which refuses what SQLite stores (a NUL in text, a value longer than its column).
"""
import pytest

from tests.helpers import sweep
from wizard import create_app
from wizard.extensions import db


@pytest.fixture(params=["sqlite", "postgresql"])
def sweep_app(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sweep.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitante", "administrador"])
def test_no_route_answers_500_to_malformed_input(sweep_app, signed_in):
    client = sweep_app.test_client()
    world = sweep.build_world(sweep_app, client)
    if not signed_in:
        sweep.as_visitor_who_registered(sweep_app, client, world)
    before = sweep.counts(sweep_app)
    statuses = {}
    failures = sweep.run(sweep_app, client, world, signed_in, statuses)
    assert failures == [], f"{len(failures)} failures:\n" + "\n".join(failures)
    if not signed_in:
        assert sweep.counts(sweep_app) == before, "a visitor's garbage created or removed records"
        return
    # the views behind ids and tokens ran with rows that exist: a page, a redirect or a refusal, not only 404s
    for rule in sweep_app.url_map.iter_rules():
        if rule.arguments and rule.endpoint != "static":
            assert statuses[rule.endpoint] - {404, 405}, (rule.endpoint, statuses[rule.endpoint])
    for endpoint in ("access.history", "files.download", "devmail.show", "access.request_access", "auth.reset",
                     "auth.link", "registration.activate", "access.invitation", "accounts.creada",
                     "accounts.anexar", "accounts.finalizar", "accounts.formulario", "payments.descartar"):
        assert statuses[endpoint] & {200, 303, 422}, (endpoint, statuses[endpoint])


REVIEWERS = ("payments.aprobar", "payments.rechazar", "payments.pagar", "payments.detail", "payments.por_revisar")


def test_the_reviewers_pages_answer_no_500_to_malformed_input(sweep_app):
    """The same on the payment requests' pages signed in as the entity's reviewer: "Confirmar y aprobar" with its
    four values, "Rechazar" and "Marcar como pagado" get every kind of junk, on requests that exist."""
    client = sweep_app.test_client()
    world = sweep.build_world(sweep_app, client)
    statuses = {}
    failures = sweep.run(sweep_app, client, world, True, statuses, as_reviewer=True, only=REVIEWERS)
    assert failures == [], f"{len(failures)} failures:\n" + "\n".join(failures)
    for endpoint in REVIEWERS:
        assert statuses[endpoint] & {200, 303, 422}, (endpoint, statuses[endpoint])
    assert 422 in statuses["payments.aprobar"]  # the junk reached the form and was refused there
