"""Rate limits live in Redis: wrong passwords sent to two server processes count as if they reached one."""
import pytest

from tests.helpers.factories import PASSWORD, make_user
from tests.helpers.portals import Portal, Visitor, migrate, portal_env, start_all
from wizard import create_app
from wizard.extensions import db


@pytest.fixture
def two_portals(postgres_url, request):
    """Two gunicorn processes on one migrated PostgreSQL database, with the rate-limit storage given."""
    env = portal_env(postgres_url, RATELIMIT_STORAGE_URI=request.param(request))
    migrate(env)
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        make_user(username="laura.diaz", email="laura@correo.example")
        db.session.remove()
        db.engine.dispose()
    portals = start_all(Portal(env), Portal(env))
    yield portals
    for portal in portals:
        portal.stop()


def redis(request):
    return request.getfixturevalue("redis_url")


def memory(request):
    return "memory://"


def attempts(portals) -> list[int]:
    """Five wrong passwords alternating between the processes, then the right one: the statuses."""
    visitor = Visitor()
    statuses = []
    for n in range(5):
        response = visitor.post(portals[n % 2], "/entrar", {"username": "laura.diaz", "password": f"mala{n}clave"},
                                token_from="/entrar")
        statuses.append(response.status)
    right = visitor.post(portals[1], "/entrar", {"username": "LAURA.DIAZ", "password": PASSWORD}, token_from="/entrar")
    statuses.append(right.status)
    return statuses, right


@pytest.mark.parametrize("two_portals", [redis], indirect=True)
def test_five_wrong_passwords_over_two_processes_lock_the_user_as_on_one(two_portals):
    statuses, right = attempts(two_portals)
    assert statuses == [422] * 5 + [429]
    assert "Demasiados intentos" in right.text


@pytest.mark.parametrize("two_portals", [memory], indirect=True)
def test_with_limits_in_each_process_memory_the_lock_does_not_hold(two_portals):
    """Why RATELIMIT_STORAGE_URI must name a shared store: each process counted only its own attempts."""
    statuses, right = attempts(two_portals)
    assert statuses == [422] * 5 + [303]
