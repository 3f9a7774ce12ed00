"""A circular's "Seguimiento" says, on a contractor's row, which of the entity's contracts wait for their number."""
from tests.circulars.conftest import entity, make_circular, words  # noqa: F401 - the fixture is used by name
from tests.helpers.contracts import make_contract
from tests.helpers.pages import check_page


def test_a_contract_waiting_for_the_cedula_is_on_the_persons_row_with_a_link(app, entity, login_as):  # noqa: F811
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"],
                            [("Carlos Andrés Peñaranda Ruiz", "1090456789", "carlos@correo.example"),
                             ("Marta Parada", "60345678", "marta@correo.example")])
        waiting_id = make_contract(entity["hospital"], entity["admin"], entity["clerk"], number="ESE-CPS-046-2026",
                                   nit="1090456789", name="Carlos Andrés Peñaranda Ruiz")
        make_contract(entity["other"], entity["other_admin"], None, number="OTRA-001-2026", nit="60345678")
        make_contract(entity["hospital"], entity["admin"], None, number="ESE-TERM-001-2026", nit="60345678",
                      state="terminado")
    client = login_as(entity["clerk"], entity["hospital"])
    html = check_page(client.get(f"/cuenta/circulares/{cid}/seguimiento"))
    text = words(html)
    assert "Contrato ESE-CPS-046-2026: espera la cuenta de proveedor con este número" in text
    assert f'href="/contratos/{waiting_id}"' in html
    # another entity's contract and a finished one wait for no one here
    assert "OTRA-001-2026" not in text and "ESE-TERM-001-2026" not in text
