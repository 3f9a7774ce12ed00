"""The malformed-input sweep: every route, with ids and tokens that exist and junk, and every kind of bad body.

`build_world(app, client)` creates rows for every id a route takes (accounts, memberships, documents, emails), valid
tokens and an account draft with every step open; `paths(app, world)` yields each route with real and junk values
for its arguments; `bodies(seed)` the test client's keyword arguments for each attempt; `run(...)` sends them all
and returns the ones answered with a 5xx or an exception.
"""
import io
import itertools
from datetime import date, timedelta
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.routing import IntegerConverter

from tests.helpers.accounts import ENTITY, KIND_SAS, PDF
from tests.helpers.contracts import make_contract
from tests.helpers.factories import add_member, make_account, make_user
from tests.helpers.payments import good_zip, make_request
from wizard import attachments
from wizard.accounts.forms import ENTITY_FIELDS
from wizard.auth.service import reset_token, sign_in_token
from wizard.extensions import db
from wizard.mail import send_email
from wizard.models import (Account, AccountDraft, AccountKind, Circular, CircularRecipient, Contract, Document,
                           Membership, OutboxMessage, PaymentRequest, State, User)
from wizard.models.circulars import FLOW as CIRCULARS
from wizard.dbtypes import utcnow
from wizard.profile.service import email_change_token
from wizard.registration.service import SESSION_USER, activation_token
from wizard.tokens import fingerprint, make_token

HUGE_DIGITS = "9" * 5000  # Python's int() refuses more than 4,300 digits
NASTY = ["", " ", "\x00", "a\x00b", "a" * 20_000, "ñ" * 300, "ß" * 254, "'; DROP TABLE users; --",
         "<script>x</script>", "%_\\", "-1", "0", "99999999999999999999999", HUGE_DIGITS, "1e309", "NaN",
         "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"), "🙂" * 50,
         "http://ejemplo.invalid/../../etc/passwd", "²⁰²³", "٣"]
# Non-text JSON values where a form expects text: numbers, huge numbers, booleans, null, lists, objects.
JSON_VALUES = [0, -1, 1.5, 10**30, 10**4000, True, None, [], ["a", "b"], [1, {"a": 1}], {}, {"a": "b"}, [[]]]
JSON_TOP_LEVEL = [[1, 2], "texto", 12, None, [["username", "x"]], {"a": {"b": [1]}}]
KEYS = sorted({
    "nombre", "nit", "pais", "email", "username", "password", "confirm", "full_name", "mobile_phone", "country",
    "security_question", "security_answer", "timezone", "q", "estado", "page", "accion", "ids", "rol", "volver",
    "campo", "login", "correo", "organizacion", "tipo", "area", "municipio", "departamento", "next", "quitar",
    "agregar", "buscar_municipio", "guardar", "continuar", "aplicar", "account_id", "cuenta", "sin_contabilidad",
    "terminos", "confidencial", "archivo", "v1", "v2", "v3", "anexo", "borrado", "guardado", "token",
    "numero", "asunto", "destinatarios", "texto", "fecha_limite", "firma_nombre", "firma_cargo", "enlaces",
    "contratistas", "version",
    *ENTITY_FIELDS, *(f"anios-{i}-{k}" for i in (0, 1, 99) for k in ("anio", "patrimonio", "activo_total")),
})
JUNK_INTS = ["0", "2147483647"]  # reach the view: no such row
OUT_OF_RANGE = ["2147483648", HUGE_DIGITS[:400]]  # refused by the id converter (404) before any view
REQUIRED_SLOTS = ("capacidad_financiera", "experiencia", "estados_financieros", "existencia")  # of a S.A.S.
ID_ARGUMENTS = {"account_id": Account, "membership_id": Membership, "document_id": Document,
                "message_id": OutboxMessage, "contract_id": Contract, "circular_id": Circular,
                "payment_id": PaymentRequest}
JUNK_TEXT = ["x", "..", "a" * 500, "%00", "ñ"]


@dataclass
class World:
    ids: dict[str, list[int]] = field(default_factory=dict)  # a route's id argument -> ids of rows that exist
    # endpoint -> valid tokens for its <token>, made when the route's turn comes (a password change or Salir
    # voids the ones made before)
    tokens: dict[str, Callable[[], list[str]]] = field(default_factory=dict)
    slots: list[str] = field(default_factory=list)
    admin: int = 0
    draft: dict = field(default_factory=dict)  # the admin's account draft as built, restored before each route
    account: int = 0
    unactivated: int = 0
    circulars: list[int] = field(default_factory=list)  # a published circular and a draft of an entity of the admin
    reviewer: int = 0  # the administrator of the entity whose contract has the admin's payment requests
    entity: int = 0


def _circulars(admin: int) -> list[int]:
    """An Entidad Estatal the admin administers, with a published circular (two people on its list) and a draft."""
    entity = make_account(admin, name="Hospital Barrido E.S.E.", kind=AccountKind.ENTIDAD_ESTATAL,
                          organization_type="esal")
    made = []
    for number, publish in (("0001-2026", True), ("0002-2026", False)):
        circular = Circular(account_id=entity, number=number, subject="Inscripción", addressees="Contratistas",
                            body="Regístrese.", deadline=date.today() + timedelta(days=30), signer_name="Ana",
                            signer_position="Gerente", links=[], created_by_id=admin)
        CIRCULARS.create(circular, "crear", admin)
        if publish:
            CIRCULARS.apply(circular, "publicar", admin, values={"published_at": utcnow()})
        for n in (1, 2):
            db.session.add(CircularRecipient(circular_id=circular.id, name=f"Persona {n}", number=f"1000{n}{number[:4]}",
                                             email=f"persona{n}.{number}@correo.example"))
        made.append(circular.id)
    db.session.commit()
    return made


def build_world(app, client) -> World:
    """Rows behind every id-bearing route: two accounts, members in each state, documents, emails, a draft."""
    world = World()
    with app.app_context():
        world.admin = make_user(full_name="Ana Barrido", email="ana.barrido@correo.example")
        world.account = make_account(world.admin, name="Alfa Barrido S.A.S.", created_by_id=world.admin)
        other_admin = make_user()
        other_account = make_account(other_admin, name="Beta Barrido Ltda.")
        for state in (State.PENDIENTE, State.ACEPTADO, State.RECHAZADO, State.CANCELADO):
            add_member(make_user(), world.account, state=state)
        add_member(make_user(), other_account)
        world.circulars = _circulars(world.admin)
        world.unactivated = make_user(activated=False, email="sin.activar@correo.example")
        upload = FileStorage(io.BytesIO(PDF), filename="rut.pdf")
        attachments.attach("account", world.account, "existencia", upload, world.admin)
        entity = make_account(other_admin, name="E.S.E. Barrido", kind="entidad_estatal")
        nit = db.session.get(Account, world.account).nit
        running = make_contract(entity, other_admin, other_admin, number="BARRIDO-1", nit=nit)
        attachments.attach("contract", running, "proveedor-barrido", FileStorage(io.BytesIO(PDF), filename="c.pdf"),
                           world.admin)  # a document of the supplier (the admin's account) on the contract
        # the supplier's payment requests on it: one being written (with a ZIP), one sent, one approved
        editing = make_request(running, world.admin, instalment=1)
        attachments.attach("payment", editing, "informe", FileStorage(io.BytesIO(good_zip()), filename="s.zip"),
                           world.admin, extra={"contents": [{"nombre": "a.pdf", "tamano": 10}]})
        make_request(running, world.admin, instalment=2, state="enviado", reviewer_id=other_admin)
        make_request(running, world.admin, instalment=3, state="aprobado", reviewer_id=other_admin)
        make_contract(entity, other_admin, other_admin, number="BARRIDO-2", nit=nit, state="en_edicion")
        world.reviewer, world.entity = other_admin, entity
        send_email("ana.barrido@correo.example", "Prueba", "username_reminder",
                   user=db.session.get(User, world.admin), link="http://127.0.0.1/entrar")
        db.session.commit()
    world.tokens = {
        "auth.reset": lambda: [reset_token(db.session.get(User, world.admin))],
        "auth.link": lambda: [sign_in_token(db.session.get(User, world.admin))],
        "registration.activate": lambda: [activation_token(db.session.get(User, world.unactivated))],
        "profile.confirm_email": lambda: [email_change_token(db.session.get(User, world.admin), "otro@correo.example")],
        "access.invitation": lambda: [make_token("invite", {"a": world.account, "i": world.admin,
                                                            "e": fingerprint("nuevo@correo.example"),
                                                            "t": utcnow().timestamp()})],
    }
    world.tokens["access.accept_invitation"] = world.tokens["access.invitation"]
    world.tokens["circulars.public"] = lambda: [db.session.get(Circular, world.circulars[0]).public_token]
    world.tokens["circulars.personal"] = lambda: list(db.session.scalars(
        select(CircularRecipient.token).where(CircularRecipient.circular_id == world.circulars[0])))
    # the admin's own account wizard with every step open (its documents attached), so its routes run for real
    sign_in(app, client, world)
    assert client.post("/cuenta/nueva/tipo", data=KIND_SAS).status_code == 303
    assert client.post("/cuenta/nueva/formulario", data=ENTITY).status_code == 303
    for slot in ("rup", *REQUIRED_SLOTS):
        response = client.post(f"/cuenta/nueva/documentos/{slot}", data={"archivo": (io.BytesIO(PDF), f"{slot}.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 303
    assert client.post("/cuenta/nueva/documentos", data={"continuar": "1"}).status_code == 303  # on to Finalizar
    with app.app_context():
        world.slots = ["rup", "experiencia", "constancia"]  # attached, missing, and not a row of this organisation
        world.ids = {name: list(db.session.scalars(select(model.id).order_by(model.id)))
                     for name, model in ID_ARGUMENTS.items()}
        draft = db.session.scalar(select(AccountDraft).where(AccountDraft.user_id == world.admin))
        world.draft = {"data": draft.data, "step": draft.step, "reached": draft.reached}
    return world


def restore_draft(app, world: World) -> None:
    """Put the admin's account draft back as built, every step open: garbage in one step closes the later ones."""
    with app.app_context():
        draft = db.session.scalar(select(AccountDraft).where(AccountDraft.user_id == world.admin))
        if draft is None:  # "Finalizar" made the account
            draft = AccountDraft(user_id=world.admin)
            db.session.add(draft)
        draft.data, draft.step, draft.reached = world.draft["data"], world.draft["step"], world.draft["reached"]
        db.session.commit()
        attached = attachments.by_slot("draft", draft.id)
        for slot in REQUIRED_SLOTS:
            if slot not in attached:
                attachments.attach("draft", draft.id, slot, FileStorage(io.BytesIO(PDF), filename=f"{slot}.pdf"),
                                   world.admin)


def sign_in(app, client, world: World, as_reviewer: bool = False) -> None:
    """Sign the client in as the world's administrator acting for its account (again after any "Salir"), or as the
    reviewer of its payment requests acting for the entity."""
    user, account = (world.reviewer, world.entity) if as_reviewer else (world.admin, world.account)
    with app.app_context():
        session_id = db.session.get(User, user).session_id
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
        session["account_id"] = account


def as_visitor_who_registered(app, client, world: World) -> None:
    """A visitor whose session holds a user waiting for activation (section 2 has something to act on)."""
    with client.session_transaction() as session:
        session.clear()
        session[SESSION_USER] = world.unactivated


def _path_values(rule, world: World) -> list[list[str]]:
    choices = []
    for name in rule.arguments:
        if isinstance(rule._converters[name], IntegerConverter):  # wizard.routing.IdConverter is one
            assert name in world.ids, f"the sweep has no rows for <int:{name}>: add its model to ID_ARGUMENTS"
            choices.append([str(i) for i in world.ids[name]] + JUNK_INTS + OUT_OF_RANGE)
        elif name == "token":
            choices.append(world.tokens.get(rule.endpoint, list)() + JUNK_TEXT)
        elif name == "slot":
            choices.append(world.slots + JUNK_TEXT)
        elif name == "slug":  # a payment request's documents: /documentos/informe, /documentos/cuenta-cobro...
            choices.append(["informe", "planilla", "cuenta-cobro"] + JUNK_TEXT)
        else:
            choices.append(JUNK_TEXT)
    return choices


def paths(app, world: World, only: str | tuple[str, ...] = ""):
    """(rule, concrete path, methods) for every route but static files (or only those whose endpoint starts so)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not rule.endpoint.startswith(only):
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        with app.app_context():
            choices = _path_values(rule, world)
        for values in itertools.product(*choices):
            path = rule.rule
            for name, value in zip(rule.arguments, values):
                path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
            yield rule, path, methods, any(v in OUT_OF_RANGE for v in values)


def garbage(seed: int) -> dict:
    return {key: NASTY[(seed + i) % len(NASTY)] for i, key in enumerate(KEYS)}


def bodies(seed: int):
    """Keyword arguments for the test client: form bodies, JSON bodies of every shape, junk query strings."""
    yield {"data": garbage(seed), "query_string": garbage(seed + 7)}
    yield {"data": {"ids": ["1", "x", "99999999999999999999", HUGE_DIGITS], "page": "-5", "quitar": HUGE_DIGITS,
                    "v1": HUGE_DIGITS}, "query_string": {"q": "\x00", "page": HUGE_DIGITS, "campo": "\x00"}}
    yield {}
    for n, value in enumerate(JSON_VALUES):
        yield {"json": {key: value for key in KEYS[n % 3::3]} | {"username": value, "email": value}}
    for value in JSON_TOP_LEVEL:
        yield {"json": value}
    yield {"data": '{"username": ', "content_type": "application/json"}
    yield {"data": b"\xff\xfe\x00", "content_type": "application/x-www-form-urlencoded"}


def run(app, client, world: World, signed_in: bool, statuses: dict | None = None, as_reviewer: bool = False,
        only: str | tuple[str, ...] = "") -> list[str]:
    """Send everything everywhere; the failures as "METHOD path (body) -> status or exception".

    `statuses`, when given, collects each endpoint's answers (to show that views ran, not only the 404 of a route).
    `as_reviewer` signs in as the entity's reviewer instead; `only` keeps the endpoints that start with it (or one
    of them).
    """
    failures = []
    statuses = {} if statuses is None else statuses
    for seed, (rule, path, methods, unroutable) in enumerate(paths(app, world, only)):
        for method in methods:
            sent = set()
            for n, kwargs in enumerate(itertools.islice(bodies(seed), 2 if unroutable else None)):
                if method == "GET":  # a GET's input is its query string
                    data = kwargs.get("data")
                    kwargs = {"query_string": kwargs.get("query_string") or (data if isinstance(data, dict) else None)}
                    if repr(kwargs) in sent:
                        continue
                    sent.add(repr(kwargs))
                if signed_in:
                    sign_in(app, client, world, as_reviewer)
                    restore_draft(app, world)
                headers = {"HX-Request": "true", "HX-Target": "main"} if n % 2 else {}
                try:
                    response = client.open(path, method=method, headers=headers, **kwargs)
                except Exception:  # noqa: BLE001 - TESTING propagates what would be a 500
                    failures.append(f"{method} {path[:80]} {str(kwargs)[:120]} -> "
                                    f"{traceback.format_exc().strip().splitlines()[-1]}")
                    continue
                statuses.setdefault(rule.endpoint, set()).add(response.status_code)
                if response.status_code >= 500:
                    failures.append(f"{method} {path[:80]} {str(kwargs)[:120]} -> {response.status_code}")
    return failures



def counts(app) -> dict:
    with app.app_context():
        return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
                for m in (User, Account, Membership, Document, AccountDraft, Circular, CircularRecipient)}
