"""Who sees and changes which contract: the entity's accepted users see its contracts and only its administrators
change them; the supplier's accepted users see the registered contracts attached to their account; nobody else
reaches a contract by changing an id (404), and every refused request changes nothing."""
import io

import pytest
from sqlalchemy import func, select

from tests.helpers.accounts import PDF
from tests.helpers.contracts import BUDGET, DATA, attach_signed
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Contract, ContractEvent, Document, User

# (user, the account acted for)
ACTORS = {
    "visitante": (None, None), "admin_entidad": ("e_admin", "e"), "supervisor": ("e_user", "e"),
    "pendiente_entidad": ("e_pending", "e"), "otra_entidad": ("f_admin", "f"), "admin_proveedor": ("s_admin", "s"),
    "usuario_proveedor": ("s_user", "s"), "otro_proveedor": ("t_admin", "t"),
}
ORDER = list(ACTORS)


def expect(*codes) -> dict:
    return dict(zip(ORDER, codes))


# method, url (with {c}, {draft}, {doc}, {draft_doc}), data, expected status per actor, in ORDER:
#                       visitante admin_e supervisor pendiente otra_e admin_p usuario_p otro_p
MATRIX = [
    ("GET", "/entidad/contratos", None, expect(303, 200, 200, 403, 200, 403, 403, 403)),
    ("GET", "/entidad/contratos/nuevo", None, expect(303, 200, 403, 403, 200, 403, 403, 403)),
    ("GET", "/entidad/contratos/importar", None, expect(303, 200, 403, 403, 200, 403, 403, 403)),
    ("GET", "/entidad/contratos/importar/plantilla.csv", None, expect(303, 200, 403, 403, 200, 403, 403, 403)),
    ("GET", "/contratos/{c}", None, expect(303, 200, 200, 404, 404, 200, 200, 404)),
    ("GET", "/contratos/{draft}", None, expect(303, 200, 200, 404, 404, 404, 404, 404)),
    ("GET", "/cuenta/mis-contratos", None, expect(303, 403, 403, 403, 403, 200, 200, 200)),
    ("GET", "/entidad/contratos/{c}/datos", None, expect(303, 200, 403, 403, 404, 403, 403, 403)),
    ("GET", "/entidad/contratos/{c}/cuotas", None, expect(303, 200, 403, 403, 404, 403, 403, 403)),
    ("GET", "/entidad/contratos/{c}/terminar", None, expect(303, 200, 403, 403, 404, 403, 403, 403)),
    ("GET", "/entidad/contratos/{draft}/confirmar", None, expect(303, 200, 403, 403, 404, 403, 403, 403)),
    ("GET", "/cuenta/documentos/{doc}", None, expect(303, 200, 200, 404, 404, 200, 200, 404)),
    ("GET", "/cuenta/documentos/{draft_doc}", None, expect(303, 200, 200, 404, 404, 404, 404, 404)),
]
# Changes: each refused one must change nothing at all.
CHANGES = [
    ("POST", "/entidad/contratos/{c}/datos", {**DATA, "numero": "CAMBIADO-1"}, expect(303, None, 403, 403, 404, 403, 403, 403)),
    ("POST", "/entidad/contratos/{c}/presupuesto", {**BUDGET, "cdp": "CAMBIADO"}, expect(303, None, 403, 403, 404, 403, 403, 403)),
    ("POST", "/entidad/contratos/{c}/terminar", {"motivo": "Por capricho"}, expect(303, None, 403, 403, 404, 403, 403, 403)),
    ("POST", "/entidad/contratos/{draft}/confirmar", {}, expect(303, None, 403, 403, 404, 403, 403, 403)),
    ("POST", "/entidad/contratos/{draft}/descartar", {}, expect(303, None, 403, 403, 404, 403, 403, 403)),
    ("POST", "/entidad/contratos/{c}/documentos/{doc}/borrar", {}, expect(303, None, 403, 403, 404, 403, 403, 403)),
    ("POST", "/entidad/contratos/{c}/documentos/otro", "file", expect(303, None, 403, 403, 404, 403, 403, 403)),
    ("POST", "/contratos/{c}/documentos-proveedor", "file", expect(303, 403, 403, 404, 404, None, None, 404)),
    ("POST", "/contratos/{draft}/documentos-proveedor", "file", expect(303, 403, 403, 404, 404, 404, 404, 404)),
    ("POST", "/entidad/contratos/importar", "csv", expect(303, None, 403, 403, None, 403, 403, 403)),
]


@pytest.fixture
def docs(app, world):
    """The signed contract of the registered contract (doc) and of the draft (draft_doc)."""
    with app.test_request_context():
        return {key: attach_signed(world[contract], world["e_admin"]) for key, contract in (("doc", "c"),
                                                                                           ("draft_doc", "draft"))}


def client_for(app, world, actor):
    user, account = ACTORS[actor]
    client = app.test_client()
    if user:  # signed in as the login_as fixture does, acting for the account
        with app.app_context():
            session_id = db.session.get(User, world[user]).session_id
        with client.session_transaction() as session:
            session["_user_id"] = session_id
            session["_fresh"] = True
            session["account_id"] = world[account]
    return client


def url_of(template, world, docs):
    return template.format(c=world["c"], draft=world["draft"], **docs)


def snapshot(app):
    with app.app_context():
        contracts = db.session.execute(select(Contract.id, Contract.number, Contract.state, Contract.version,
                                              Contract.cdp).order_by(Contract.id)).all()
        return (contracts, db.session.scalar(select(func.count()).select_from(ContractEvent)),
                db.session.scalar(select(func.count()).select_from(Document)))


def body(data):
    if data == "file":
        return {"data": {"archivo": (io.BytesIO(PDF), "certificado.pdf")}, "content_type": "multipart/form-data"}
    if data == "csv":
        return {"data": {"archivo": (io.BytesIO("Número del contrato\n".encode()), "c.csv")},
                "content_type": "multipart/form-data"}
    return {"data": data}


@pytest.mark.parametrize("actor", ORDER)
def test_what_each_user_may_see(app, world, docs, actor):
    client = client_for(app, world, actor)
    for method, template, data, expected in MATRIX:
        response = client.open(url_of(template, world, docs), method=method)
        assert response.status_code == expected[actor], f"{actor} {method} {template}: {response.status_code}"


@pytest.mark.parametrize("actor", [a for a in ORDER if a != "admin_entidad"])
def test_every_refused_change_changes_nothing(app, world, docs, actor):
    client = client_for(app, world, actor)
    before = snapshot(app)
    for method, template, data, expected in CHANGES:
        if expected[actor] is None:
            continue
        response = client.open(url_of(template, world, docs), method=method, **body(data))
        assert response.status_code == expected[actor], f"{actor} {method} {template}: {response.status_code}"
    assert snapshot(app) == before


def test_lists_show_only_the_accounts_own_contracts(app, world, as_user):
    html = check_page(as_user(world, "e_user", "e").get("/entidad/contratos"))
    assert "ESE-CPS-045-2026" in html and "ESE-CPS-099-2026" in html and "ALC-001-2026" not in html
    html = check_page(as_user(world, "f_admin", "f").get("/entidad/contratos"))
    assert "ALC-001-2026" in html and "ESE-CPS" not in html
    html = check_page(as_user(world, "s_user", "s").get("/cuenta/mis-contratos"))
    assert "ESE-CPS-045-2026" in html and "ESE-CPS-099-2026" not in html  # a draft is the entity's alone
    html = check_page(as_user(world, "t_admin", "t").get("/cuenta/mis-contratos"))
    assert "ALC-001-2026" in html and "ESE-CPS" not in html


def test_only_administrators_are_offered_the_entitys_actions(world, as_user):
    html = check_page(as_user(world, "e_user", "e").get("/entidad/contratos"))
    assert "Crear contrato" not in html and "Importar contratos" not in html
    html = check_page(as_user(world, "e_user", "e").get(f"/contratos/{world['c']}"))
    assert "Corregir" not in html and "Terminar contrato" not in html and "Anexar documento" not in html
    html = check_page(as_user(world, "e_admin", "e").get(f"/contratos/{world['c']}"))
    assert "Corregir" in html and "Terminar contrato" in html
    html = check_page(as_user(world, "s_user", "s").get(f"/contratos/{world['c']}"))
    assert "Corregir" not in html and "Anexar documento" in html  # section 4 is the supplier's


def test_a_contract_link_from_an_email_acts_for_the_account_it_concerns(app, world, login_as):
    client = login_as(world["s_admin"])  # signed in, acting for no account yet
    check_page(client.get(f"/contratos/{world['c']}"))
    with client.session_transaction() as session:
        assert session["account_id"] == world["s"]


def test_an_id_beyond_any_row_or_any_integer_is_a_404_not_an_error(world, as_user):
    client = as_user(world, "e_admin", "e")
    for url in ("/contratos/999999", "/contratos/99999999999999999999", "/entidad/contratos/999999/datos",
                "/entidad/contratos/0/cuotas"):
        assert client.get(url).status_code == 404, url
