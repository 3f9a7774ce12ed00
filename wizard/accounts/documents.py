"""Which documents an account must attach, as data: one function decides per organisation type."""
from dataclasses import dataclass

from wizard.reference import organization_types


@dataclass(frozen=True)
class DocumentRule:
    slot: str
    name: str
    required: bool


RUP = "rup"
CAPACITY = "capacidad_financiera"
EXPERIENCE = "experiencia"
STATEMENTS = "estados_financieros"
EXISTENCE = "existencia"
CONSTANCIA = "constancia"

NAMES = {
    RUP: "RUP (Registro Único de Proponentes)",
    CAPACITY: "Certificado con los indicadores de capacidad financiera y organizacional",
    EXPERIENCE: "Lista de contratos que acrediten su experiencia",
    STATEMENTS: "Estados financieros auditados a 31 de diciembre del año anterior",
    EXISTENCE: "Documentos que acreditan existencia y representación legal",
    CONSTANCIA: "Constancia de no estar obligado a llevar contabilidad",
}
CEDULA_NAME = "Cédula de ciudadanía (o de extranjería) de la persona natural"
SLOTS = set(NAMES)


def is_natural_person(organization_type: str | None) -> bool:
    found = organization_types().get(organization_type or "")
    return bool(found and found.natural_person)


def document_rules(organization_type: str | None, not_obliged_to_keep_accounts: bool = False) -> list[DocumentRule]:
    """The documents to show, in order, with whether each is required.

    A persona natural identifies with their cédula instead of the existence certificate; one who is not obliged to
    keep accounts attaches a "constancia" in place of the financial capacity certificate and the financial statements.
    """
    found = organization_types().get(organization_type or "")
    if found and found.account_kind == "entidad_estatal":
        return []  # an Entidad Estatal attaches no supplier documents
    natural = is_natural_person(organization_type)
    not_obliged = natural and not_obliged_to_keep_accounts
    rules = [DocumentRule(RUP, NAMES[RUP], False)]
    if not_obliged:
        rules.append(DocumentRule(CONSTANCIA, NAMES[CONSTANCIA], True))
    else:
        rules.append(DocumentRule(CAPACITY, NAMES[CAPACITY], True))
    rules.append(DocumentRule(EXPERIENCE, NAMES[EXPERIENCE], True))
    if not not_obliged:
        rules.append(DocumentRule(STATEMENTS, NAMES[STATEMENTS], True))
    rules.append(DocumentRule(EXISTENCE, CEDULA_NAME if natural else NAMES[EXISTENCE], True))
    return rules


def missing_documents(rules: list[DocumentRule], attached_slots: set[str]) -> list[DocumentRule]:
    return [r for r in rules if r.required and r.slot not in attached_slots]
