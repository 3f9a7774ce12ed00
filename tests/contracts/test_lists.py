""""Contratos" filtered by state and supervisor and searched by number or contractor; "Mis contratos"; the htmx
target of the list; the Escritorio cards of an entity and of a supplier."""
import re

from tests.helpers.contracts import make_contract
from tests.helpers.pages import check_page
from wizard.models import ContractState


def numbers(html: str) -> set[str]:
    return set(re.findall(r"<b[^>]*>([A-Z]{3}-[A-Z]{3}-\d{3}-2026|ALC-\d{3}-2026)</b>", html))


def test_contratos_filters_by_state_and_supervisor_and_searches_number_name_or_nit(app, world, as_user):
    with app.app_context():
        make_contract(world["e"], world["e_admin"], world["e_admin"], number="ESE-SUM-012-2026", nit="1032387714",
                      name="Juan Pérez Gómez", state=ContractState.TERMINADO)
    client = as_user(world, "e_user", "e")
    assert numbers(check_page(client.get("/entidad/contratos"))) == {"ESE-CPS-045-2026", "ESE-CPS-099-2026",
                                                                    "ESE-SUM-012-2026"}
    assert numbers(check_page(client.get("/entidad/contratos?estado=terminado"))) == {"ESE-SUM-012-2026"}
    assert numbers(check_page(client.get(f"/entidad/contratos?supervisor={world['e_user']}"))) == {
        "ESE-CPS-045-2026", "ESE-CPS-099-2026"}
    assert numbers(check_page(client.get("/entidad/contratos?q=sum-012"))) == {"ESE-SUM-012-2026"}
    assert numbers(check_page(client.get("/entidad/contratos?q=PEREZ gomez"))) == {"ESE-SUM-012-2026"}
    assert numbers(check_page(client.get("/entidad/contratos?q=1.032.387.714"))) == {"ESE-SUM-012-2026"}
    html = check_page(client.get("/entidad/contratos?q=nadie&estado=raro&supervisor=x&page=-3"))
    assert "No hay contratos que correspondan a la búsqueda" in html


def test_the_list_alone_answers_its_htmx_target(world, as_user):
    html = check_page(as_user(world, "e_admin", "e").get(
        "/entidad/contratos?estado=en_ejecucion", headers={"HX-Request": "true", "HX-Target": "lista-contratos"}))
    assert "ESE-CPS-045-2026" in html and "<h1>" not in html and "Buscar por número" not in html


def test_mis_contratos_shows_number_entity_objeto_value_state_and_detalle(world, as_user):
    html = check_page(as_user(world, "s_admin", "s").get("/cuenta/mis-contratos"))
    for text in ("Mis procesos", "Mis contratos", "ESE-CPS-045-2026", "E.S.E. Hospital de Prueba", "Objeto de prueba",
                 "$ 36.000.000", "En ejecución", f'href="/contratos/{world["c"]}"'):
        assert text in html, text
    html = check_page(as_user(world, "t_admin", "t").get("/cuenta/mis-contratos"))
    assert "ESE-CPS-045-2026" not in html


def test_the_escritorio_of_an_entity_counts_its_contracts_and_offers_its_actions(world, as_user):
    html = check_page(as_user(world, "e_admin", "e").get("/cuenta/escritorio"))
    assert "<b>1</b> En ejecución" in html and "<b>1</b> En edición" in html
    assert "Crear contrato" in html and "Importar contratos" in html
    html = check_page(as_user(world, "e_user", "e").get("/cuenta/escritorio"))
    assert "Contratos que usted supervisa: 1" in html and "Crear contrato" not in html


def test_a_persona_natural_with_one_contract_reaches_it_in_one_tap_from_the_escritorio(world, as_user):
    html = check_page(as_user(world, "s_admin", "s").get("/cuenta/escritorio"))
    assert "Mis procesos" in html and "Contrato ESE-CPS-045-2026" in html
    assert f'href="/contratos/{world["c"]}" aria-describedby="contrato-{world["c"]}">Detalle' in html and "ESE-CPS-099-2026" not in html
    html = check_page(as_user(world, "t_admin", "t").get("/cuenta/escritorio"))
    assert "Contrato ALC-001-2026" in html and "ESE-CPS-045" not in html
