"""Section 1's draft is saved as each field is left in ONE statement (INSERT ... ON CONFLICT (key) DO UPDATE), on
SQLite and PostgreSQL alike: made by the first field worth keeping, replaced by every later one, never read back.

The browser's cookie carries a key the portal signed, so a forged cookie can neither name someone's draft nor
make drafts past the quota of new ones.
"""
import sqlite3
import threading
import time

import pytest
from sqlalchemy import event, insert, select, text

from tests.helpers.registration import form
from wizard import create_app
from wizard.dbtypes import utcnow
from wizard.extensions import db, limiter
from wizard.models import RegistrationDraft
from wizard.registration import service

COOKIE = "registro_borrador"


@pytest.fixture(params=["sqlite", "postgresql"])
def portal(request, app):
    """The portal on SQLite (the app fixture) and on a PostgreSQL database of this test's own."""
    if request.param == "sqlite":
        yield app
        return
    other = create_app({"SQLALCHEMY_DATABASE_URI": request.getfixturevalue("postgres_url"), "WTF_CSRF_ENABLED": False})
    with other.app_context():
        db.create_all()
        limiter.reset()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def statements(app, send, autocommit: list | None = None):
    """(the response of send(), the SQL statements it ran); `autocommit`, when given, receives for each statement
    whether the driver ran it outside a transaction (no BEGIN before it, no COMMIT after it)."""
    seen = []
    with app.app_context():
        engine = db.engine

    def keep(conn, cursor, statement, *args):
        seen.append(" ".join(statement.split()))
        if autocommit is not None:
            driver = conn.connection.driver_connection
            autocommit.append(driver.isolation_level is None if isinstance(driver, sqlite3.Connection)
                              else driver.autocommit)

    event.listen(engine, "before_cursor_execute", keep)
    try:
        response = send()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return response, seen


def drafts(app) -> list[RegistrationDraft]:
    with app.app_context():
        found = db.session.scalars(select(RegistrationDraft)).all()
        db.session.expunge_all()
        return found


def leave_field(client, **changes):
    return client.post("/registro/validar?campo=full_name", data=form(**changes))


def test_each_field_left_saves_the_draft_in_one_statement_and_the_next_visit_finds_it(portal):
    client = portal.test_client()
    response, sql = statements(portal, lambda: leave_field(client, full_name="Ana"))
    assert response.status_code == 200
    assert len(sql) == 1 and sql[0].startswith("INSERT INTO registration_drafts") and "ON CONFLICT" in sql[0], sql
    key = client.get_cookie(COOKIE, path="/registro").value

    alone = []
    response, sql = statements(portal, lambda: leave_field(client, full_name="Ana Gómez"), alone)
    assert response.status_code == 200 and len(sql) == 1 and "ON CONFLICT" in sql[0], sql
    assert alone == [True]  # the statement alone: one round trip, not BEGIN, INSERT and COMMIT
    assert client.get_cookie(COOKIE, path="/registro").value == key
    [draft] = drafts(portal)
    assert draft.key == key and draft.data["full_name"] == "Ana Gómez" and "password" not in draft.data

    html = client.get("/registro/").get_data(as_text=True)  # a later visit of the same browser
    assert 'value="Ana Gómez"' in html and 'value="victor_2018"' in html


def test_a_cookie_the_portal_did_not_sign_names_no_draft(portal):
    client = portal.test_client()
    leave_field(client, full_name="Ana")
    [mine] = drafts(portal)
    stranger = portal.test_client()
    for forged in (mine.key[:-1] + ("A" if mine.key[-1] != "A" else "B"), "x" * 43, mine.key.split(".")[0]):
        stranger.set_cookie(COOKIE, forged, path="/registro")
        assert 'value="Ana"' not in stranger.get("/registro/").get_data(as_text=True)
        leave_field(stranger, full_name="Otra Persona")
        assert stranger.get_cookie(COOKIE, path="/registro").value not in (forged, mine.key)
    assert [d.data["full_name"] for d in drafts(portal) if d.key == mine.key] == ["Ana"]


def _waiting_for_a_lock(portal, count: int) -> None:
    """Until `count` requests wait on the row the test holds (PostgreSQL says so; SQLite waits on its lock)."""
    if portal.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        time.sleep(0.5)
        return
    deadline = time.monotonic() + 10
    with portal.app_context(), db.engine.connect() as watcher:
        while watcher.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                  "AND datname = current_database()")) < count:
            assert time.monotonic() < deadline, "the requests never reached the draft"
            watcher.rollback()  # pg_stat_activity is read once a transaction
            time.sleep(0.02)


def test_first_saves_of_one_key_at_the_same_moment_do_not_fail(portal):
    """Two tabs of one browser save a draft that another transaction is making at that very moment: with a read
    and then an INSERT one of them would hit the unique key (a 500); the upsert waits and updates instead."""
    with portal.app_context():
        key = service.new_draft_key()
    answers = {}

    def tab(name: str) -> None:
        client = portal.test_client()
        client.set_cookie(COOKIE, key, path="/registro")
        answers[name] = leave_field(client, full_name=name).status_code

    with portal.app_context(), db.engine.connect() as holder:
        holder.execute(insert(RegistrationDraft).values(key=key, data={"full_name": "Primera"}, updated_at=utcnow()))
        tabs = [threading.Thread(target=tab, args=(name,)) for name in ("Segunda", "Tercera")]
        for thread in tabs:
            thread.start()
        _waiting_for_a_lock(portal, 2)
        holder.commit()
    for thread in tabs:
        thread.join(timeout=20)
    assert answers == {"Segunda": 200, "Tercera": 200}
    [draft] = drafts(portal)
    assert draft.key == key and draft.data["full_name"] in {"Segunda", "Tercera"}


def test_a_key_is_accepted_only_as_the_portal_spelled_it(app):
    """The signature's last base64 character has two unused bits: the three other spellings decode to the same
    signature but would name other rows (drafts made without the quota of new ones)."""
    import base64
    import string

    alphabet = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    with app.app_context():
        key = service.new_draft_key()
        assert service.draft_key(key) == key
        signature, last = key.rpartition(".")[2], alphabet.index(key[-1])
        others = [key[:-1] + alphabet[(last & ~3) | bits] for bits in range(4) if bits != last & 3]
        decoded = {base64.urlsafe_b64decode(other.rpartition(".")[2] + "=") for other in others}
        assert decoded == {base64.urlsafe_b64decode(signature + "=")}  # the same signature, spelled otherwise
        assert [service.draft_key(other) for other in others] == [None, None, None]
