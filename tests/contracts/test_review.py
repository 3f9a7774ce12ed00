"""What the entity reads before and after creating a contract: every value it entered on "Revise y cree el
contrato", every problem of step 1 at once, whole sentences, each correction link in its section, corrections in
the history without a fake change of state, and the supplier's NIT with its check digit."""
import re
from datetime import date

import pytest

from tests.helpers.contracts import DATA
from tests.helpers.pages import check_page
from wizard.extensions import db
from wizard.models import Contract
from wizard.nit import check_digit


@pytest.fixture
def admin(world, as_user):
    return as_user(world, "e_admin", "e")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start:html.index("</section>", start)]


def test_revise_y_cree_shows_every_value_entered(app, admin, world):
    with app.app_context():
        db.session.get(Contract, world["draft"]).unspsc = "80111600"
        db.session.commit()
    page = text(check_page(admin.get(f"/entidad/contratos/{world['draft']}/confirmar")))
    for shown in ("Tipo de contrato Prestación de servicios profesionales",
                  "Modalidad de contratación Contratación directa", "Código UNSPSC 80111600",
                  "Fuente de los recursos Presupuesto General de la Nación – PGN", "CDP CDP-1", "RP RP-1"):
        assert shown in page, shown


def test_step_one_names_the_date_order_problems_with_the_others_at_once(admin):
    html = check_page(admin.post("/entidad/contratos/nuevo", data={
        **DATA, "valor": "treinta millones", "unspsc": "8011", "fecha_firma": "2026-03-01",
        "fecha_inicio": "2026-02-01", "fecha_terminacion": "2026-01-15"}), 422)
    for message in ("Escriba el valor en pesos, solo con números", "Escriba el código UNSPSC de 8 números",
                    "La fecha de inicio no puede ser anterior a la fecha de firma",
                    "La fecha de terminación no puede ser anterior a la fecha de inicio"):
        assert message in html, message
    # a date that does not parse is said, and the two that do are still compared
    html = check_page(admin.post("/entidad/contratos/nuevo", data={
        **DATA, "fecha_firma": "31/02/2026", "fecha_inicio": "2026-02-01", "fecha_terminacion": "2026-01-15"}), 422)
    assert "Escriba la fecha de firma como día/mes/año" in html
    assert "La fecha de terminación no puede ser anterior a la fecha de inicio" in html


def test_the_plans_problems_are_separate_sentences(app, admin, world):
    with app.app_context():
        row = db.session.get(Contract, world["c"])
        row.instalments[0].due_on = date(2030, 1, 1)
        row.instalments[0].value += 1000
        db.session.commit()
    page = text(check_page(admin.get(f"/contratos/{world['c']}")))
    assert "Hay cuotas con fecha estimada fuera del plazo del contrato. Las cuotas suman" in page


def test_each_correction_link_is_in_the_section_of_what_it_corrects(admin, world):
    html = check_page(admin.get(f"/contratos/{world['c']}"))
    general, conditions = section(html, "informacion-general"), section(html, "condiciones")
    assert "Corregir el contratista" in text(general) and "Contratista" in general
    assert "el contratista" not in text(conditions) and "Corregir el supervisor" in text(conditions)


def test_a_correction_in_the_history_shows_no_change_of_state(app, admin, world):
    from tests.contracts.test_steps import contract
    data = {**DATA, "numero": "ESE-CPS-045-2026", "objeto": "Objeto corregido",
            "version": contract(app, world["c"]).version}
    check_page(admin.post(f"/entidad/contratos/{world['c']}/datos", data=data), 303)
    page = text(check_page(admin.get(f"/contratos/{world['c']}")))
    assert "En ejecución → En ejecución" not in page
    assert re.search(r"Corrección de datos por Edith Administradora: sigue «En ejecución»", page)
    assert "En edición → En ejecución" in page  # a real change still says from which state to which


def test_the_contract_list_shows_the_suppliers_nit_with_its_check_digit(world, as_user):
    html = text(check_page(as_user(world, "f_admin", "f").get("/entidad/contratos")))
    assert f"800111202-{check_digit('800111202')}" in html
