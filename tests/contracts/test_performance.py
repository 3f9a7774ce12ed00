"""With 5,000 contracts in an entity, "Contratos", "Mis contratos" and the Escritorio run as many queries as with 30:
the supervisor and the entity are joined in, counts are grouped, nothing is queried per row."""
from datetime import date

import pytest
from sqlalchemy import event, insert

from tests.helpers.factories import add_member, make_user
from tests.helpers.pages import check_page
from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import Contract, ContractState, State


@pytest.fixture
def supervisors(app, world) -> list[int]:
    """Thirty accepted users of E, so a page of contracts names many different supervisors."""
    found = []
    with app.app_context():
        for n in range(30):
            found.append(make_user(full_name=f"Supervisora {n}"))
            add_member(found[-1], world["e"], state=State.ACEPTADO)
    return found


def add_contracts(app, world, supervisors, start: int, count: int) -> None:
    """Contracts of E in bulk, every other one with S (attached), each supervisor in turn."""
    now = utcnow()
    with app.app_context():
        db.session.execute(insert(Contract), [{
            "account_id": world["e"], "number": f"MASIVO-{n:05d}", "number_key": f"masivo-{n:05d}",
            "object": f"Objeto {n}", "contract_type": "suministro", "modality": "minima_cuantia", "value": 1_000_000 + n,
            "signed_on": date(2026, 1, 1), "starts_on": date(2026, 1, 2), "ends_on": date(2026, 12, 31),
            "unspsc": "", "contractor_nit": "1094265871" if n % 2 else str(1_000_000_000 + n),
            "contractor_name": "Ana María Villamizar Duarte" if n % 2 else f"Contratista {n}",
            "contractor_key": "ana maria villamizar duarte" if n % 2 else f"contratista {n}",
            "supplier_account_id": world["s"] if n % 2 else None,
            "supervisor_id": world["e_user"] if n % 3 == 0 else supervisors[n % len(supervisors)], "cdp": "C", "rp": "", "budget_item": "R",
            "funding_source": "pgn", "state": ContractState.EN_EJECUCION if n % 5 else ContractState.TERMINADO,
            "version": 1, "created_at": now, "created_by_id": world["e_admin"], "state_changed_at": now,
        } for n in range(start, start + count)])
        db.session.commit()


def statements(app, client, url: str) -> tuple[int, str]:
    check_page(client.get(url))  # warm up: templates compiled, caches filled
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        html = check_page(client.get(url))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen), html


PAGES = [("e_admin", "e", "/entidad/contratos"), ("e_admin", "e", "/entidad/contratos?estado=en_ejecucion&page=3"),
         ("e_user", "e", "/entidad/contratos?q=villamizar&supervisor={e_user}"),
         ("e_user", "e", "/entidad/contratos?q=1094265871"), ("e_user", "e", "/cuenta/escritorio"),
         ("s_user", "s", "/cuenta/mis-contratos"), ("s_user", "s", "/cuenta/mis-contratos?page=2"),
         ("s_admin", "s", "/cuenta/escritorio")]


@pytest.mark.parametrize("user, account, url", PAGES)
def test_a_list_costs_the_same_queries_with_5000_contracts_as_with_30(app, world, supervisors, as_user, user, account,
                                                                      url):
    client = as_user(world, user, account)
    url = url.format(**world)
    add_contracts(app, world, supervisors, 0, 30)
    few, _ = statements(app, client, url)
    add_contracts(app, world, supervisors, 30, 4970)
    many, html = statements(app, client, url)
    assert many == few, f"{few} queries with 30 contracts, {many} with 5,000"
    assert few <= 9
    if "contratos" in url and "escritorio" not in url:
        assert html.count(">Detalle</a>") == 25  # a full page of rows, each with its link


def test_a_contracts_page_costs_the_same_queries_with_a_long_plan_and_history_as_with_a_short_one(app, world,
                                                                                              supervisors, as_user):
    """Its plan, history and documents are read whole, each in one query: 1 instalment and 2 events cost what 24
    instalments and 42 events by 30 people do."""
    from tests.helpers.contracts import make_contract
    from wizard.models import ContractEvent

    with app.app_context():
        short = make_contract(world["e"], world["e_admin"], world["e_user"], starts=date(2026, 2, 1),
                              ends=date(2026, 2, 28))
        long = make_contract(world["e"], world["e_admin"], world["e_user"], starts=date(2026, 1, 1),
                             ends=date(2027, 12, 31))
        db.session.execute(insert(ContractEvent), [
            {"contract_id": long, "actor_id": supervisors[n % len(supervisors)], "action": "corregir",
             "from_state": "en_ejecucion", "to_state": "en_ejecucion", "reason": "", "created_at": utcnow(),
             "changes": {"cdp": [f"CDP-{n}", f"CDP-{n + 1}"]}} for n in range(40)])
        db.session.commit()
    client = as_user(world, "e_admin", "e")
    few, html = statements(app, client, f"/contratos/{short}")
    many, long_html = statements(app, client, f"/contratos/{long}")
    assert many == few, f"{few} queries for a short contract, {many} for a long one"
    assert long_html.count("CDP-39 → CDP-40") == 1 and "CDP-39" not in html
