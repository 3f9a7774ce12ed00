"""The forms of "Crear contrato" (one per step, also used to correct a registered contract) and of its actions."""
from datetime import date

from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import FieldList, Form, FormField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from wizard.contracts import instalments, rules, service, suppliers
from wizard.extensions import db
from wizard.forms import BaseForm, strip
from wizard.formatting import pesos
from wizard.models import AccountKind, Contract
from wizard.models.contracts import number_key
from wizard.money import CENTS_MESSAGE, has_cents, parse_money
from wizard.reference import contract_types, funding_sources, modalities
from wizard.routing import valid_id

NO_CSRF = {"csrf": False}  # CSRFProtect checks every POST already; these forms are also rebuilt from saved data


def _choices(pairs, empty: str) -> list[SelectChoice]:
    return [SelectChoice("", empty)] + [SelectChoice(code, name) for code, name in pairs]


def required(message: str) -> InputRequired:
    return InputRequired(message=message)


def most(size: int) -> Length:
    return Length(max=size, message=f"Escriba como máximo {size} caracteres")


class DataForm(BaseForm):
    """Step 1, "Datos del contrato"."""

    numero = StringField("Número del contrato", validators=[required("Escriba el número del contrato"), most(60)])
    objeto = TextAreaField("Objeto del contrato", validators=[required("Escriba el objeto del contrato"), most(2000)])
    tipo = SelectField("Tipo de contrato", choices=lambda: _choices(contract_types(), "Elija el tipo de contrato"),
                       validate_choice=False, validators=[required("Elija el tipo de contrato")])
    modalidad = SelectField("Modalidad de contratación",
                            choices=lambda: _choices(modalities(), "Elija la modalidad de contratación"),
                            validate_choice=False, validators=[required("Elija la modalidad de contratación")])
    valor = StringField("Valor del contrato")
    fecha_firma = StringField("Fecha de firma")
    fecha_inicio = StringField("Fecha de inicio")
    fecha_terminacion = StringField("Fecha de terminación")
    unspsc = StringField("Código UNSPSC")

    def __init__(self, *args, account_id: int, contract_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_id, self.contract_id = account_id, contract_id

    @staticmethod
    def initial(contract: Contract) -> dict:
        return {"numero": contract.number, "objeto": contract.object, "tipo": contract.contract_type,
                "modalidad": contract.modality, "valor": pesos(contract.value),
                "fecha_firma": contract.signed_on.isoformat(), "fecha_inicio": contract.starts_on.isoformat(),
                "fecha_terminacion": contract.ends_on.isoformat(), "unspsc": contract.unspsc}

    def validate_numero(self, field):
        clash = select(Contract.id).where(Contract.account_id == self.account_id,
                                          Contract.number_key == number_key(field.data or ""))
        if self.contract_id is not None:
            clash = clash.where(Contract.id != self.contract_id)
        if db.session.scalar(clash.limit(1)) is not None:
            raise ValidationError(service.DUPLICATE)

    def validate_tipo(self, field):
        if field.data not in dict(contract_types()):
            raise ValidationError("Elija el tipo de contrato")

    def validate_modalidad(self, field):
        if field.data not in dict(modalities()):
            raise ValidationError("Elija la modalidad de contratación")

    def validate_valor(self, field):
        problem = rules.value_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_unspsc(self, field):
        problem = rules.unspsc_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        names = ("fecha_firma", "fecha_inicio", "fecha_terminacion")
        for name in names:
            problem = rules.date_problem(self[name].data, self[name].label.text)
            if problem:
                self[name].errors = [*self[name].errors, problem]
                ok = False
        # the dates' order is checked with every other problem, among the dates that are themselves right
        dates = [None if self[n].errors else rules.parse_date(self[n].data) for n in names]
        for name, message in rules.dates_problems(*dates):
            self[name].errors = [*self[name].errors, message]
            ok = False
        return ok

    def dates(self) -> tuple[date, date, date]:
        return tuple(rules.parse_date(self[n].data) for n in ("fecha_firma", "fecha_inicio", "fecha_terminacion"))

    def values(self) -> dict:
        signed, starts, ends = self.dates()
        return {"number": self.numero.data, "number_key": number_key(self.numero.data), "object": self.objeto.data,
                "contract_type": self.tipo.data, "modality": self.modalidad.data,
                "value": parse_money(self.valor.data), "signed_on": signed, "starts_on": starts, "ends_on": ends,
                "unspsc": self.unspsc.data or ""}


class ContractorForm(BaseForm):
    """Step 2, "Contratista y supervisor"."""

    nit = StringField("NIT o cédula del contratista")
    nombre = StringField("Nombre del contratista", validators=[most(200)])
    supervisor = SelectField("Supervisor", validate_choice=False)

    def __init__(self, *args, account_id: int, entity_nit: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.account_id, self.entity_nit = account_id, entity_nit
        self.supplier = None  # the contractor's supplier account, when the portal knows the number
        self.supervisor.choices = _choices(((str(i), n) for i, n in service.supervisors(account_id)),
                                           "Elija el supervisor")

    @staticmethod
    def initial(contract: Contract) -> dict:
        return {"nit": contract.contractor_nit, "nombre": contract.contractor_name,
                "supervisor": str(contract.supervisor_id or "")}

    @property
    def number(self) -> str:
        return rules.contractor_number(self.nit.data)

    def validate_nit(self, field):
        problem = rules.contractor_problem(field.data)
        if problem:
            raise ValidationError(problem)
        found = suppliers.account_with(self.number)
        if self.number == self.entity_nit or (found and found.kind != AccountKind.PROVEEDOR):
            raise ValidationError("Este número es de una Entidad Estatal: escriba el del contratista")
        self.supplier = found

    def validate_nombre(self, field):
        if self.supplier is None and not field.data and not rules.contractor_problem(self.nit.data):
            raise ValidationError("Escriba el nombre del contratista: aún no tiene cuenta en el portal")

    def validate_supervisor(self, field):
        chosen = int(field.data) if (field.data or "").isdecimal() and len(field.data) < 11 else None
        if not valid_id(chosen) or not service.is_supervisor_of(self.account_id, chosen):
            raise ValidationError("Elija el supervisor: un usuario con acceso aceptado a la entidad")

    def values(self) -> dict:
        return suppliers.contractor_values(self.account_id, self.number, self.nombre.data or "", int(self.supervisor.data))


class BudgetForm(BaseForm):
    """Step 3, "Información presupuestal"."""

    cdp = StringField("CDP", validators=[required("Escriba el número del CDP"), most(40)])
    rp = StringField("RP", validators=[most(40)])
    rubro = StringField("Rubro presupuestal", validators=[required("Escriba el rubro presupuestal"), most(120)])
    fuente = SelectField("Fuente de los recursos", validate_choice=False,
                         choices=lambda: _choices(funding_sources(), "Elija la fuente de los recursos"),
                         validators=[required("Elija la fuente de los recursos")])

    @staticmethod
    def initial(contract: Contract) -> dict:
        return {"cdp": contract.cdp, "rp": contract.rp, "rubro": contract.budget_item, "fuente": contract.funding_source}

    def validate_fuente(self, field):
        if field.data not in dict(funding_sources()):
            raise ValidationError("Elija la fuente de los recursos")

    def values(self) -> dict:
        return {"cdp": self.cdp.data, "rp": self.rp.data or "", "budget_item": self.rubro.data,
                "funding_source": self.fuente.data}


class InstalmentRow(Form):
    class Meta:
        locales = ["es"]

    fecha = StringField("Fecha estimada", filters=[strip])
    valor = StringField("Valor", filters=[strip])


class PlanForm(BaseForm):
    """Step 4, "Plan de pagos": the instalments, each editable; their sum is the contract's value."""

    cuotas = FieldList(FormField(InstalmentRow), max_entries=instalments.MAX_INSTALMENTS)

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.contract = contract

    @staticmethod
    def initial(contract: Contract) -> list[dict]:
        return [{"fecha": i.due_on.isoformat(), "valor": pesos(i.value)} for i in contract.instalments]

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        c = self.contract
        if not self.cuotas.entries:
            self.form_errors.append("Agregue las cuotas: pulse «Generar cuotas»")
            return False
        for entry in self.cuotas.entries:
            row = entry.form
            due = rules.parse_date(row.fecha.data)
            if due is None:
                row.fecha.errors = ["Escriba la fecha como día/mes/año, por ejemplo 28/02/2026"]
            elif not c.starts_on <= due <= c.ends_on:
                row.fecha.errors = [f"La fecha debe estar entre el {rules.day(c.starts_on)} y el {rules.day(c.ends_on)}"]
            amount = parse_money(row.valor.data)
            if amount is None and has_cents(row.valor.data):
                row.valor.errors = [f"Escriba el valor {CENTS_MESSAGE} (por ejemplo 3.000.000)"]
            elif amount is None or amount <= 0 or amount > rules.MAX_VALUE:
                row.valor.errors = ["Escriba el valor en pesos, mayor que cero (por ejemplo 3.000.000)"]
            ok = ok and not row.fecha.errors and not row.valor.errors
        if ok:
            total = instalments.total_problem([v for _, v in self.plan()], c.value)
            if total:
                self.form_errors.append(total)
                ok = False
        return ok

    def plan(self) -> list[tuple[date, int]]:
        return [(rules.parse_date(e.form.fecha.data), parse_money(e.form.valor.data)) for e in self.cuotas.entries]

    def total(self) -> int | None:
        """The sum shown under the rows; None while a typed value is no amount (its row says so: a sum without it
        would tell how much is missing wrongly). Rows still empty count nothing: the sum helps fill them."""
        typed = [(e.form.valor.data or "").strip() for e in self.cuotas.entries]
        values = [parse_money(v) for v in typed if v]
        if not typed or any(v is None for v in values):
            return None
        return sum(values)

    def error_list(self) -> list[tuple[str, str, str]]:
        found = []
        for i, entry in enumerate(self.cuotas.entries):
            for sub in entry.form:
                if sub.errors:
                    found.append((sub.id, f"Cuota {i + 1}: {sub.label.text}", sub.errors[0]))
        return found


class UploadForm(BaseForm):
    archivo = FileField("Archivo")


class TerminateForm(BaseForm):
    motivo = TextAreaField("Motivo de la terminación",
                           validators=[required("Escriba el motivo de la terminación"), most(1000)])
