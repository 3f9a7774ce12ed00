"""Contracts for tests: valid answers of each step of "Crear contrato", and a builder going through the workflow."""
import io
import itertools
from datetime import date

from werkzeug.datastructures import FileStorage

from tests.helpers.accounts import PDF
from wizard import attachments
from wizard.contracts import instalments
from wizard.contracts.service import SIGNED
from wizard.contracts.suppliers import supplier_for
from wizard.extensions import db
from wizard.models import Contract, ContractState, Instalment
from wizard.models.contracts import FLOW, number_key
from wizard.text import fold

_seq = itertools.count(1)
DATA = {"numero": "ESE-CPS-100-2026", "objeto": "Prestación de servicios profesionales de enfermería",
        "tipo": "servicios_profesionales", "modalidad": "contratacion_directa", "valor": "$ 36.000.000",
        "fecha_firma": "2026-01-26", "fecha_inicio": "2026-02-01", "fecha_terminacion": "2027-01-31"}
BUDGET = {"cdp": "CDP-2026-0100", "rp": "RP-2026-0100", "rubro": "2.1.2.02.02.008", "fuente": "recursos_propios"}
CEDULA = "1032387714"  # Juan Pérez's in the account journeys


def contractor(supervisor_id: int, nit: str = CEDULA, nombre: str = "Juan Pérez") -> dict:
    return {"nit": nit, "nombre": nombre, "supervisor": str(supervisor_id)}


def plan_form(plan) -> dict:
    """The "Plan de pagos" step's fields for a list of (date, value)."""
    data = {}
    for i, (due, value) in enumerate(plan):
        data[f"cuotas-{i}-fecha"] = due.isoformat()
        data[f"cuotas-{i}-valor"] = str(value)
    return data


def make_contract(entity_id: int, actor_id: int, supervisor_id: int | None, number: str | None = None,
                  nit: str = CEDULA, name: str = "Juan Pérez", value: int = 36_000_000,
                  starts: date = date(2026, 2, 1), ends: date = date(2027, 1, 31),
                  state: str = ContractState.EN_EJECUCION) -> int:
    """A contract of the entity reached through the workflow as the portal would, with its generated plan."""
    number = number or f"PRUEBA-{next(_seq):04d}-2026"
    supplier = supplier_for(nit)
    shown = supplier.name if supplier else name
    contract = Contract(account_id=entity_id, number=number, number_key=number_key(number), object="Objeto de prueba",
                        contract_type="servicios_profesionales", modality="contratacion_directa", value=value,
                        signed_on=starts, starts_on=starts, ends_on=ends, contractor_nit=nit, contractor_name=shown,
                        contractor_key=fold(shown), supplier_account_id=supplier.id if supplier else None,
                        supervisor_id=supervisor_id, cdp="CDP-1", rp="RP-1", budget_item="2.1", funding_source="pgn",
                        created_by_id=actor_id)
    contract.instalments = [Instalment(number=p.number, due_on=p.due_on, value=p.value)
                            for p in instalments.generate(value, starts, ends)]
    FLOW.create(contract, "crear", actor_id)
    if state != ContractState.EN_EDICION:
        FLOW.apply(contract, "registrar", actor_id)
    if state == ContractState.TERMINADO:
        FLOW.apply(contract, "terminar", actor_id, reason="Terminación de prueba")
    db.session.commit()
    return contract.id


def attach_signed(contract_id: int, user_id: int) -> int:
    """The signed contract of a contract (inside a request context: attachments commit and clean up)."""
    upload = FileStorage(io.BytesIO(PDF), filename="firmado.pdf")
    return attachments.attach("contract", contract_id, SIGNED, upload, user_id).id
