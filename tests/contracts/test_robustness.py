"""Malformed input to every contracts route, with real ids, as the entity's administrator and as the supplier:
never a 500, and a draft or contract is never left half-written."""
import io

import pytest
from sqlalchemy import select

from tests.helpers.contracts import attach_signed
from wizard.extensions import db
from wizard.models import Contract

NASTY = ["", " ", "\x00", "a" * 5000, "ñ" * 300, "'; DROP TABLE contracts; --", "-1", "0", "9" * 40, "1e309",
         "NaN", "🙂" * 50, "31/02/2026", "2026-13-45", "$ -5.000", "1.2.3,4", "²²²²²²"]
KEYS = ["numero", "objeto", "tipo", "modalidad", "valor", "fecha_firma", "fecha_inicio", "fecha_terminacion",
        "unspsc", "nit", "nombre", "supervisor", "cdp", "rp", "rubro", "fuente", "motivo", "version", "generar",
        "agregar", "quitar", "buscar", "cuotas-0-fecha", "cuotas-0-valor", "cuotas-99999999999-valor", "q", "estado",
        "page", "campo"]


def garbage(seed: int) -> dict:
    return {key: NASTY[(seed + i) % len(NASTY)] for i, key in enumerate(KEYS)}


# Actions that end what the others work on (a discarded draft, a terminated contract) come last.
LAST = ("contracts.descartar", "contracts.terminar", "contracts.confirmar")


def routes(app):
    found = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("contracts.")]
    return sorted(found, key=lambda rule: (rule.endpoint in LAST, rule.endpoint))


@pytest.mark.parametrize("user, account", [("e_admin", "e"), ("s_admin", "s")])
def test_no_contracts_route_answers_500_to_malformed_input(app, world, as_user, user, account):
    with app.test_request_context():
        doc = attach_signed(world["c"], world["e_admin"])
    client = as_user(world, user, account)
    values = {"contract_id": [world["c"], world["draft"]], "document_id": [doc]}
    failures = []
    for seed, rule in enumerate(routes(app)):
        combos = [{}]
        for name in rule.arguments:
            combos = [{**c, name: v} for c in combos for v in values[name]]
        for args in combos:
            path = rule.build(args, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                for data in (garbage(seed), garbage(seed + 7), {}):
                    kwargs = {"query_string": data} if method == "GET" else {"data": {
                        **data, "archivo": (io.BytesIO(b"\x00" * 10), "x\x00.csv")}, "content_type": "multipart/form-data"}
                    response = client.open(path + "?campo=" + data.get("campo", "") if "validar" in path else path,
                                           method=method, **kwargs)
                    if response.status_code >= 500:
                        failures.append(f"{method} {path} -> {response.status_code}")
    assert failures == []
    with app.app_context():
        for contract in db.session.scalars(select(Contract)):
            assert contract.number and contract.value > 0 and contract.starts_on <= contract.ends_on
            assert sum(i.value for i in contract.instalments) == contract.value or contract.is_draft
