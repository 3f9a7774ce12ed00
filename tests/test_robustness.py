"""No input, however malformed, makes any page of the portal answer 500 or leave a half-written record."""
import itertools

import pytest
from sqlalchemy import func, select

from tests.helpers.factories import add_member, make_account, make_user
from wizard.extensions import db
from wizard.models import Account, Document, Membership, State, User

NASTY = ["", " ", "\x00", "a" * 20_000, "ñ" * 300, "'; DROP TABLE users; --", "<script>x</script>", "%_\\",
         "-1", "0", "99999999999999999999999", "1e309", "NaN", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
         "🙂" * 50, "http://ejemplo.invalid/../../etc/passwd"]
PATH_VALUES = {"int": ["0", "2147483648", "99999999999999999999"], "default": ["x", "..", "a" * 500]}


def _urls(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        args = [(name, rule._converters[name].__class__.__name__) for name in rule.arguments]
        choices = [PATH_VALUES["int"] if kind == "IntegerConverter" else PATH_VALUES["default"] for _, kind in args]
        for values in itertools.product(*choices) if args else [()]:
            path = rule.rule
            for (name, _), value in zip(args, values):
                path = path.replace(f"<{rule._converters[name].__class__.__name__.replace('Converter', '').lower()}:{name}>", value)
                path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
            yield path, sorted(rule.methods - {"HEAD", "OPTIONS"})


def _garbage(seed: int) -> dict:
    keys = ["nombre", "nit", "pais", "email", "username", "password", "password_confirm", "full_name", "mobile_phone",
            "q", "estado", "page", "accion", "ids", "rol", "volver", "campo", "login", "correo", "organizacion",
            "tipo", "area", "municipio", "departamento", "anios-0-anio", "confidencial", "acepto", "next"]
    return {key: NASTY[(seed + i) % len(NASTY)] for i, key in enumerate(keys)}


@pytest.fixture
def signed_in_admin(app, login_as):
    with app.app_context():
        admin = make_user()
        account = make_account(admin_id=admin)
        other = make_user()
        add_member(other, account, state=State.PENDIENTE)
    return login_as(admin, account_id=account)


def _counts(app):
    with app.app_context():
        return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
                for m in (User, Account, Membership, Document)}


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitante", "administrador"])
def test_no_route_answers_500_to_malformed_input(app, client, signed_in, request):
    if signed_in:
        client = request.getfixturevalue("signed_in_admin")
    app.config["RATELIMIT_ENABLED"] = False
    before = _counts(app)
    failures = []
    for seed, (path, methods) in enumerate(_urls(app)):
        for method in methods:
            for data in (_garbage(seed), {"ids": ["1", "x", "99999999999999999999"], "page": "-5"}, {}):
                response = client.open(path, method=method, data=data if method == "POST" else None,
                                       query_string=None if method == "POST" else data)
                if response.status_code >= 500:
                    failures.append(f"{method} {path} -> {response.status_code}")
    assert failures == []
    if not signed_in:
        assert _counts(app) == before, "a visitor's garbage created or removed records"
