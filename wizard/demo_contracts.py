"""The hospital's demo contracts: Ana's "ESE-CPS-045-2026", one with H&H Asociados, and one waiting for its
contractor to register. Each is made once (by its number) through the contracts' workflow, as the portal would."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select, update

from wizard import storage
from wizard.contracts import instalments
from wizard.extensions import db
from wizard.models import Account, Contract, ContractEvent, Document, Instalment, User
from wizard.models.contracts import FLOW, number_key
from wizard.text import fold

HOSPITAL = "900544472"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class DemoContract:
    number: str
    object: str
    contract_type: str
    modality: str
    value: int
    signed_on: date
    starts_on: date
    ends_on: date
    contractor_nit: str
    contractor_name: str
    cdp: str
    rp: str
    budget_item: str
    unspsc: str = ""


CONTRACTS = [
    DemoContract("ESE-CPS-045-2026", "Prestación de servicios profesionales de enfermería en el servicio de "
                 "urgencias de la E.S.E. Hospital San Juan de Dios de Pamplona", "servicios_profesionales",
                 "contratacion_directa", 36_000_000, date(2026, 1, 26), date(2026, 2, 1), date(2027, 1, 31),
                 "1094265871", "Ana María Villamizar Duarte", "CDP-2026-0045", "RP-2026-0045",
                 "2.1.2.02.02.008 Servicios de salud humana", "85101600"),
    DemoContract("ESE-SUM-012-2026", "Suministro de insumos médico-quirúrgicos para los servicios asistenciales "
                 "del hospital", "suministro", "menor_cuantia", 120_000_000, date(2026, 2, 20), date(2026, 3, 1),
                 date(2026, 12, 31), "800111202", "H&H Asociados", "CDP-2026-0012", "RP-2026-0012",
                 "2.1.2.01.01.003 Materiales y suministros", "42140000"),
    DemoContract("ESE-CPS-046-2026", "Prestación de servicios de apoyo a la gestión en el archivo clínico del "
                 "hospital", "servicios_apoyo", "contratacion_directa", 18_000_000, date(2026, 1, 27),
                 date(2026, 2, 1), date(2026, 7, 31), "1090456789", "Carlos Andrés Peñaranda Ruiz",
                 "CDP-2026-0046", "", "2.1.2.02.02.009 Servicios de apoyo"),
]
SUPERVISOR, ADMIN = "luis.supervisor", "hospital.admin"


def _signed_contract(contract: Contract, actor_id: int, at: datetime) -> None:
    key = storage.new_key()
    storage.backend().put(key, PDF, "application/pdf")
    db.session.add(Document(contract_id=contract.id, slot="contrato_firmado", storage_key=key, size=len(PDF),
                            original_name=f"contrato-{contract.number}.pdf", content_type="application/pdf",
                            uploaded_by_id=actor_id, uploaded_at=at))


def _on_signing_day(contract: Contract) -> datetime:
    """Registered in the portal the day it was signed (3 p.m. in Bogotá): before any of its payment requests."""
    return datetime.combine(contract.signed_on, time(20), tzinfo=timezone.utc)


def load(users: dict[str, User]) -> list[str]:
    hospital = db.session.scalar(select(Account).where(Account.nit == HOSPITAL))
    admin, supervisor = users[ADMIN], users[SUPERVISOR]
    made = []
    for spec in CONTRACTS:
        if db.session.scalar(select(Contract.id).where(Contract.account_id == hospital.id,
                                                       Contract.number_key == number_key(spec.number))):
            continue
        supplier = db.session.scalar(select(Account).where(Account.nit == spec.contractor_nit))
        name = supplier.name if supplier else spec.contractor_name
        contract = Contract(
            account_id=hospital.id, number=spec.number, number_key=number_key(spec.number), object=spec.object,
            contract_type=spec.contract_type, modality=spec.modality, value=spec.value, signed_on=spec.signed_on,
            starts_on=spec.starts_on, ends_on=spec.ends_on, unspsc=spec.unspsc, contractor_nit=spec.contractor_nit,
            contractor_name=name, contractor_key=fold(name), supplier_account_id=supplier.id if supplier else None,
            supervisor_id=supervisor.id, cdp=spec.cdp, rp=spec.rp, budget_item=spec.budget_item,
            funding_source="recursos_propios", created_by_id=admin.id)
        contract.instalments = [Instalment(number=p.number, due_on=p.due_on, value=p.value)
                                for p in instalments.generate(spec.value, spec.starts_on, spec.ends_on)]
        FLOW.create(contract, "crear", admin.id)
        _signed_contract(contract, admin.id, _on_signing_day(contract))
        FLOW.apply(contract, "registrar", admin.id)
        for action, hours_before in (("crear", 1), ("registrar", 0)):
            db.session.execute(update(ContractEvent).where(ContractEvent.contract_id == contract.id,
                                                           ContractEvent.action == action)
                               .values(created_at=_on_signing_day(contract) - timedelta(hours=hours_before)))
        made.append(spec.number)
    return made

