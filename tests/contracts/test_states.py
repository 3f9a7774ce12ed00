"""The contract's states on the workflow engine: creation, registration, corrections that keep the state and say
what changed, termination; guards other areas register; a stale form; the database refusing unknown states."""
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.helpers.contracts import attach_signed, make_contract
from wizard.contracts import service
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Contract, ContractEvent, ContractState
from wizard.models.contracts import FLOW
from wizard.workflow import Guard


def history(contract_id):
    return db.session.scalars(select(ContractEvent).where(ContractEvent.contract_id == contract_id)
                              .order_by(ContractEvent.id)).all()


def test_the_table_names_its_states_and_which_actions_create(app):
    assert FLOW.states == {"en_edicion": "En edición", "en_ejecucion": "En ejecución", "terminado": "Terminado"}
    assert FLOW["crear"].creates and FLOW["importar"].creates and not FLOW["corregir"].creates
    assert FLOW["corregir"].sources == {"en_ejecucion"} and FLOW["corregir"].target == "en_ejecucion"


def test_a_draft_is_registered_only_once_nothing_is_missing(app, world):
    with app.test_request_context():
        contract = db.session.get(Contract, world["draft"])
        assert service.missing(contract) == [("documentos", "Anexe el contrato firmado")]
        with pytest.raises(Refused, match="Anexe el contrato firmado"):
            service.register(contract, world["e_admin"])
        service.update(contract, {"value": 40_000_000}, world["e_admin"])
        assert ("cuotas", "Las cuotas suman $ 36.000.000 y el valor del contrato es $ 40.000.000: faltan "
                          "$ 4.000.000. Ajuste los valores o pulse «Generar cuotas»") in service.missing(contract)
        assert db.session.get(Contract, world["draft"]).state == ContractState.EN_EDICION


def test_a_contract_is_created_in_edition_registered_in_execution_and_terminated_with_a_reason(app, world):
    with app.test_request_context():
        attach_signed(world["draft"], world["e_admin"])
        contract = db.session.get(Contract, world["draft"])
        assert contract.state_label == "En edición"
        service.register(contract, world["e_admin"])
        assert contract.state == ContractState.EN_EJECUCION
        service.terminate(contract, world["e_admin"], "Terminación anticipada de mutuo acuerdo")
        assert contract.state_label == "Terminado"
        events = history(contract.id)
        assert [(e.action_label, e.from_label, e.to_label) for e in events] == [
            ("Creación del contrato", "—", "En edición"), ("Registro del contrato", "En edición", "En ejecución"),
            ("Terminación del contrato", "En ejecución", "Terminado")]
        assert events[-1].reason == "Terminación anticipada de mutuo acuerdo"


def test_termination_needs_a_reason_and_leaves_only_from_execution(app, world):
    with app.test_request_context():
        contract = db.session.get(Contract, world["c"])
        with pytest.raises(Refused, match="motivo"):
            service.terminate(contract, world["e_admin"], "  ")
        draft = db.session.get(Contract, world["draft"])
        with pytest.raises(Refused):
            service.terminate(draft, world["e_admin"], "No aplica")
        db.session.rollback()
        assert db.session.get(Contract, world["draft"]).state == ContractState.EN_EDICION


def test_a_correction_keeps_the_state_and_records_each_changed_value_before_and_after(app, world):
    with app.test_request_context():
        contract = db.session.get(Contract, world["c"])
        version = contract.version
        changed = service.update(contract, {"value": 30_000_000, "ends_on": date(2026, 12, 31), "cdp": "CDP-1"},
                                 world["e_admin"], seen_version=version)
        assert changed and contract.state == ContractState.EN_EJECUCION and contract.version == version + 1
        event = history(contract.id)[-1]
        assert event.action == "corregir" and event.from_state == event.to_state == "en_ejecucion"
        assert event.changes == {"value": [36_000_000, 30_000_000], "ends_on": ["2027-01-31", "2026-12-31"]}
        assert event.change_lines == ["Valor del contrato: $ 36.000.000 → $ 30.000.000",
                                      "Fecha de terminación: 31/01/2027 → 31/12/2026"]
        assert service.update(contract, {"cdp": "CDP-1"}, world["e_admin"]) is False  # nothing changed: no event
        assert len(history(contract.id)) == 3


def test_editing_a_draft_writes_no_correction(app, world):
    with app.test_request_context():
        draft = db.session.get(Contract, world["draft"])
        assert service.update(draft, {"cdp": "CDP-9"}, world["e_admin"])
        assert [e.action for e in history(draft.id)] == ["crear"]


def test_a_correction_made_on_a_form_someone_else_changed_meanwhile_is_refused(app, world):
    with app.test_request_context():
        contract = db.session.get(Contract, world["c"])
        seen = contract.version
        service.update(contract, {"cdp": "CDP-A"}, world["e_admin"], seen_version=seen)
        with pytest.raises(Refused, match="cambió mientras"):
            service.update(contract, {"rp": "RP-B"}, world["e_admin"], seen_version=seen)
        db.session.rollback()
        assert db.session.get(Contract, world["c"]).rp == "RP-1"


def test_a_guard_another_area_registers_stops_corrections_in_the_same_write(app, world, monkeypatch):
    monkeypatch.setattr(service, "_GUARDS", [])
    service.register_guard(Guard(condition=lambda row: Contract.id != row.id,
                                 message="Este contrato ya tiene solicitudes de pago: no se puede corregir",
                                 applies=lambda row, t: t.code == "corregir"))
    with app.test_request_context():
        contract = db.session.get(Contract, world["c"])
        with pytest.raises(Refused, match="solicitudes de pago"):
            service.update(contract, {"value": 1_000_000}, world["e_admin"])
        db.session.rollback()
        assert db.session.get(Contract, world["c"]).value == 36_000_000
        service.terminate(db.session.get(Contract, world["c"]), world["e_admin"], "El guard no aplica aquí")


def test_a_registered_contract_cannot_go_back_to_edition_nor_be_discarded(app, world):
    with app.test_request_context():
        contract = db.session.get(Contract, world["c"])
        with pytest.raises(Refused):
            FLOW.apply(contract, "registrar", world["e_admin"])
        with pytest.raises(Refused, match="en edición"):
            service.discard(contract)


def test_the_database_refuses_a_state_outside_the_workflow(app, world):
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE contracts SET state = 'borrado' WHERE id = :id"), {"id": world["c"]})
            db.session.commit()
        db.session.rollback()


def test_two_contracts_of_one_entity_cannot_share_a_number_whatever_its_case(app, world):
    with app.app_context():
        with pytest.raises(IntegrityError):
            make_contract(world["e"], world["e_admin"], world["e_user"], number="ese-cps-045-2026")
        db.session.rollback()
        make_contract(world["f"], world["f_admin"], world["f_admin"], number="ESE-CPS-045-2026")  # another entity
