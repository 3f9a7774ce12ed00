""""Importar contratos": a clean CSV becomes contracts with their plans; any problem is named by line and column and
nothing is imported; UTF-8 with or without BOM, ";" or ",", and the Windows-1252 that Excel in Spanish writes."""
import io

import pytest
from sqlalchemy import func, select

from tests.helpers.pages import check_page
from wizard.contracts import csvimport
from wizard.extensions import db
from wizard.models import Contract, ContractEvent, ContractState, User

HEADER = ["Número del contrato", "Objeto del contrato", "Tipo de contrato", "Modalidad de contratación",
          "Valor del contrato", "Fecha de firma", "Fecha de inicio", "Fecha de terminación",
          "NIT o cédula del contratista", "Nombre del contratista", "Supervisor", "CDP", "RP", "Rubro presupuestal",
          "Fuente de los recursos"]


def row(number="ESE-CPS-200-2026", nit="1032387714", name="Juan Pérez", supervisor="luis@hospital.example",
        value="24.000.000", **changes):
    values = {"Número del contrato": number, "Objeto del contrato": "Servicios de enfermería",
              "Tipo de contrato": "Prestación de servicios profesionales", "Modalidad de contratación":
              "contratación directa", "Valor del contrato": value, "Fecha de firma": "20/01/2026",
              "Fecha de inicio": "01/02/2026", "Fecha de terminación": "2027-01-31",
              "NIT o cédula del contratista": nit, "Nombre del contratista": name, "Supervisor": supervisor,
              "CDP": "CDP-1", "RP": "", "Rubro presupuestal": "2.1.2", "Fuente de los recursos": "Recursos propios"}
    values.update(changes)
    return [values[h] for h in HEADER]


def csv_bytes(rows, separator=";", header=HEADER, encoding="utf-8", bom=False) -> bytes:
    def line(cells):
        return separator.join(f'"{c}"' if separator in c or '"' in c else c for c in cells)
    text = "\r\n".join([line(header)] + [line(r) for r in rows]) + "\r\n"
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode(encoding)


@pytest.fixture
def admin(world, as_user):
    return as_user(world, "e_admin", "e")


def upload(client, data: bytes, name="contratos.csv"):
    return client.post("/entidad/contratos/importar", data={"archivo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Contract))


def test_the_import_page_explains_the_columns_and_offers_the_template(admin):
    html = check_page(admin.get("/entidad/contratos/importar"))
    for text in ("Importar contratos", "Descargar plantilla CSV", "Archivo CSV", "NIT o cédula del contratista",
                 "Valores de «Tipo de contrato»", "Contratación directa"):
        assert text in html
    template = admin.get("/entidad/contratos/importar/plantilla.csv")
    assert template.mimetype == "text/csv" and template.data.startswith("\ufeff".encode())
    first = template.data.decode("utf-8-sig").splitlines()[0]
    assert first.split(";")[:2] == ["Número del contrato", "Objeto del contrato"]


@pytest.mark.parametrize("separator, bom", [(";", False), (";", True), (",", False), (",", True)])
def test_a_clean_file_becomes_contracts_in_execution_with_their_monthly_plan(app, admin, world, separator, bom, outbox):
    data = csv_bytes([row(), row("ESE-CPS-201-2026", nit="1094265871", name=""),
                      row("ESE-CPS-202-2026", value="$ 10.000.000", supervisor="USUARIA")], separator, bom=bom)
    with app.app_context():
        db.session.get(User, world["e_user"]).username = "usuaria"
        db.session.commit()
    response = upload(admin, data)
    check_page(response, 303, "/entidad/contratos")
    with app.app_context():
        made = {c.number: c for c in db.session.scalars(select(Contract).where(Contract.number.like("ESE-CPS-20%")))}
        assert set(made) == {"ESE-CPS-200-2026", "ESE-CPS-201-2026", "ESE-CPS-202-2026"}
        first = made["ESE-CPS-200-2026"]
        assert first.state == ContractState.EN_EJECUCION and first.value == 24_000_000
        assert len(first.instalments) == 12 and sum(i.value for i in first.instalments) == 24_000_000
        assert first.supervisor_id == world["e_user"] and first.supplier_account_id is None
        assert first.modality == "contratacion_directa" and first.funding_source == "recursos_propios"
        attached = made["ESE-CPS-201-2026"]
        assert attached.supplier_account_id == world["s"] and attached.contractor_name == "Ana María Villamizar Duarte"
        actions = db.session.scalars(select(ContractEvent.action).where(ContractEvent.contract_id == first.id)).all()
        assert actions == ["importar"]
    assert [m.recipient for m in outbox()] == ["ana@correo.example.com"]
    html = admin.get("/entidad/contratos").get_data(as_text=True)
    assert "Se importaron 3 contratos" in html
    # one of three has its contractor's account: said as it is, not «los demás» of a count that may be zero
    assert "1 quedó asociado a la cuenta de su contratista; los demás se asociarán cuando su contratista cree la " \
           "cuenta." in html


def test_a_file_whose_contractors_have_no_account_says_so_plainly(app, admin):
    check_page(upload(admin, csv_bytes([row()])), 303, "/entidad/contratos")
    html = admin.get("/entidad/contratos").get_data(as_text=True)
    assert "Se importó 1 contrato, «En ejecución»" in html
    assert "Su contratista aún no tiene cuenta en el portal: el contrato se asociará a ella cuando la cree." in html
    assert "0 ya quedaron" not in html


def test_a_bad_row_is_named_by_line_and_column_and_nothing_is_imported(app, admin):
    before = count(app)
    data = csv_bytes([row(), row("ESE-CPS-201-2026", value="veinte"),
                      row("ESE-CPS-202-2026", **{"Fecha de inicio": "31/02/2026"})])
    html = check_page(upload(admin, data), 422)
    assert "No se importó ningún contrato: hay 2 problemas en contratos.csv" in html
    assert "Línea 3, columna «Valor del contrato»: Escriba el valor en pesos, solo con números" in html
    assert "Línea 4, columna «Fecha de inicio»: Escriba la fecha de inicio como día/mes/año" in html
    assert count(app) == before


@pytest.mark.parametrize("rows, expected", [
    ([row(), row()], "Línea 3, columna «Número del contrato»: El número se repite: ya está en la línea 2"),
    ([row("ese-cps-045-2026")], "Línea 2, columna «Número del contrato»: Ya existe un contrato con este número"),
    ([row(name="")], "Línea 2, columna «Nombre del contratista»: Escriba el nombre del contratista"),
    ([row(nit="900544472")], "Línea 2, columna «NIT o cédula del contratista»: Este número es de una Entidad Estatal"),
    ([row(nit="12")], "Línea 2, columna «NIT o cédula del contratista»: El NIT o la cédula debe tener entre 5 y 10"),
    ([row(supervisor="pedro")], "Línea 2, columna «Supervisor»: No es el usuario ni el correo de un usuario"),
    ([row(supervisor="")], "Línea 2, columna «Supervisor»: Falta este dato"),
    ([row(**{"Tipo de contrato": "Arriendo de nave espacial"})], "Línea 2, columna «Tipo de contrato»: No es uno"),
    ([row(**{"Fecha de terminación": "01/01/2026"})],
     "Línea 2, columna «Fecha de terminación»: La fecha de terminación no puede ser anterior a la fecha de inicio"),
    ([row(**{"Fecha de firma": "01/03/2026"})],
     "Línea 2, columna «Fecha de inicio»: La fecha de inicio no puede ser anterior a la fecha de firma"),
    ([row(**{"CDP": "x" * 41})], "Línea 2, columna «CDP»: Escriba como máximo 40 caracteres"),
    ([row() + ["sobra"]], "Línea 2: La línea tiene 16 valores y la primera 15"),
    ([row(nit="1094265871-3", name="")],
     "Línea 2, columna «NIT o cédula del contratista»: El dígito de verificación de 1094265871 es 9, no 3"),
])
def test_each_rule_of_crear_contrato_applies_to_each_row(app, admin, world, rows, expected):
    with app.app_context():
        db.session.get(User, world["e_pending"]).username = "pedro"
        db.session.commit()
    html = check_page(upload(admin, csv_bytes(rows)), 422)
    assert expected in html


def test_a_multi_line_cell_counts_the_line_where_its_row_starts(admin):
    data = csv_bytes([row(**{"Objeto del contrato": "Primera línea\nsegunda línea"}), row("X-2", value="nada")])
    html = check_page(upload(admin, data), 422)
    assert "Línea 4, columna «Valor del contrato»" in html


@pytest.mark.parametrize("data, expected", [
    (b"", "El archivo está vacío"),
    (csv_bytes([]), "Línea 2: El archivo no tiene contratos"),
    (csv_bytes([row()], header=HEADER[:-1] + ["Color favorito"]),
     "Línea 1, columna «Color favorito»: Columna desconocida"),
    (csv_bytes([row()[:-1]], header=HEADER[:-1]), "Línea 1, columna «Fuente de los recursos»: Falta esta columna"),
    (csv_bytes([row() + ["x"]], header=HEADER + ["CDP"]), "Línea 1, columna «CDP»: La columna está dos veces"),
    (b"\x00\x01\x02binario", "El archivo no es un CSV de texto"),
    (b"MZ\x90\x00", "No se aceptan programas ejecutables"),
    # a PDF or a workbook chosen by mistake (some hold no NUL byte): one sentence, not fourteen missing columns
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "El archivo no es un CSV de texto"),
    (b"PK\x03\x04xl/workbook.xml", "El archivo no es un CSV de texto"),
    ("Nombre;Apellido\nAna;Ruiz\n".encode(), "Línea 1: La primera línea no tiene los nombres de las columnas"),
])
def test_a_file_that_is_not_a_list_of_contracts_says_why(admin, data, expected):
    html = check_page(upload(admin, data), 422)
    assert expected in html


def test_a_file_of_another_kind_gets_one_problem_not_one_per_column(admin):
    data = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
    html = check_page(upload(admin, data, "contratos.pdf"), 422)
    assert "hay un problema en contratos.pdf" in html and "Falta esta columna" not in html


def test_every_date_problem_of_a_row_is_named_at_once(admin):
    """A firma that does not parse does not hide that the terminación is before the inicio (as in the step)."""
    data = csv_bytes([row(**{"Fecha de firma": "31/02/2026", "Fecha de terminación": "31/01/2026"})])
    html = check_page(upload(admin, data), 422)
    assert "Línea 2, columna «Fecha de firma»: Escriba la fecha de firma como día/mes/año" in html
    assert ("Línea 2, columna «Fecha de terminación»: La fecha de terminación no puede ser anterior a la fecha de "
            "inicio") in html


def test_no_file_at_all_is_asked_for(admin):
    html = check_page(admin.post("/entidad/contratos/importar", data={}), 422)
    assert "Elija el archivo CSV con los contratos" in html


def test_a_file_saved_by_excel_in_windows_1252_keeps_its_accents(app, admin):
    check_page(upload(admin, csv_bytes([row(name="José Ñáñez")], encoding="cp1252")), 303)
    with app.app_context():
        assert db.session.scalar(select(Contract.contractor_name).where(Contract.number == "ESE-CPS-200-2026")) == \
            "José Ñáñez"


class Known:
    entity_nit = "900544472"

    def used_numbers(self, keys):
        return set()

    def users(self):
        return {"luis": 7}

    def accounts(self, numbers):
        return {}


def test_the_checker_is_plain_values_in_and_out():
    outcome = csvimport.check(csv_bytes([row(supervisor="Luis")]), Known())
    assert outcome.problems == [] and outcome.rows[0]["supervisor_id"] == 7
    assert outcome.rows[0]["plan"][-1][1] == 2_000_000


def test_many_problems_are_listed_up_to_a_limit_and_counted_beyond_it():
    outcome = csvimport.check(csv_bytes([row(f"N-{i}", value="x", supervisor="luis") for i in range(300)]), Known())
    assert len(outcome.problems) == csvimport.MAX_PROBLEMS and outcome.more == 100 and outcome.rows == []


def test_more_contracts_than_a_file_may_hold_are_refused():
    outcome = csvimport.check(csv_bytes([row(f"N-{i}", supervisor="luis") for i in range(csvimport.MAX_ROWS + 1)]),
                              Known())
    assert [p.message for p in outcome.problems] == [f"Importe como máximo {csvimport.MAX_ROWS} contratos por archivo"]
