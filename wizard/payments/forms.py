"""The forms of a payment request's steps and of the supervisor's actions."""
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from wizard import cufe as cufe_rules
from wizard.contracts.rules import parse_date
from wizard.forms import BaseForm
from wizard.formatting import pesos
from wizard.money import parse_money
from wizard.payments import queries, rules

NO_CSRF = {"csrf": False}  # CSRFProtect checks every POST already; the forms are also rebuilt from saved data


def most(size: int) -> Length:
    return Length(max=size, message=f"Escriba como máximo {size} caracteres")


def add_problems(form, problems: dict) -> bool:
    """Put each rule's message (None: no problem) on its field; True when there was none."""
    found = {name: problem for name, problem in problems.items() if problem}
    for name, problem in found.items():
        form[name].errors = [*form[name].errors, problem]
    return not found


class InvoiceForm(BaseForm):
    """Step 1: a factura electrónica (with its CUFE) or a cuenta de cobro."""

    factura = RadioField("¿Está obligado a facturar electrónicamente?", choices=[SelectChoice("si", "Sí"), SelectChoice("no", "No")],
                         validate_choice=False,
                         validators=[InputRequired("Elija «Sí» si factura electrónicamente o «No» si presenta "
                                                   "cuenta de cobro")])
    numero = StringField("Número de factura o pago", validators=[most(60)])
    cufe = TextAreaField("CUFE", validators=[most(400)])

    def __init__(self, *args, request_id: int | None = None, proposed: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.request_id, self.proposed = request_id, proposed

    @staticmethod
    def initial(found) -> dict:
        answer = {True: "si", False: "no"}.get(found.invoices, "")
        return {"factura": answer, "numero": found.number, "cufe": found.cufe or ""}

    @property
    def invoices(self) -> bool:
        return self.factura.data == "si"

    def validate_factura(self, field):
        if field.data not in ("si", "no"):
            raise ValidationError("Elija «Sí» si factura electrónicamente o «No» si presenta cuenta de cobro")

    def validate_numero(self, field):
        if not field.data and self.factura.data == "si":
            raise ValidationError("Escriba el número de la factura, tal como aparece en ella (por ejemplo FE-1234)")
        if not field.data and self.factura.data == "no":
            field.data = self.proposed  # the cuenta de cobro's next "Pago 004"

    def validate_cufe(self, field):
        if self.factura.data != "si":
            return
        problem = cufe_rules.problem(field.data)
        if problem:
            raise ValidationError(problem)
        if queries.cufe_taken(cufe_rules.normalise(field.data), self.request_id):
            raise ValidationError("Este CUFE ya está en otra solicitud de pago del portal: cada factura se cobra "
                                  "una sola vez. Revíselo")

    def values(self) -> dict:
        return {"invoices": self.invoices, "number": self.numero.data,
                "cufe": cufe_rules.normalise(self.cufe.data) if self.invoices else None}


class ValuesForm(BaseForm):
    """Step 2: "Fecha de vencimiento", "Valor neto", "Valor total" and "Notas"."""

    vencimiento = StringField("Fecha de vencimiento")
    valor_neto = StringField("Valor neto")
    valor_total = StringField("Valor total")
    notas = TextAreaField("Notas", validators=[most(2000)])

    def __init__(self, *args, found=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.found = found

    @staticmethod
    def initial(found) -> dict:
        planned = found.instalment.value if found.instalment else None
        net, total = found.net or planned, found.total or planned
        return {"vencimiento": found.due_on.isoformat() if found.due_on else "",
                "valor_neto": pesos(net) if net else "", "valor_total": pesos(total) if total else "",
                "notas": found.notes or ""}

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        ok = add_problems(self, {"vencimiento": rules.due_problem(self.vencimiento.data, self.found.issued_on),
                                 "valor_neto": rules.amount_problem(self.valor_neto.data, "Valor neto"),
                                 "valor_total": rules.amount_problem(self.valor_total.data, "Valor total")}) and ok
        if not self.valor_neto.errors and not self.valor_total.errors:  # every problem at once, a date's too
            net, total = parse_money(self.valor_neto.data), parse_money(self.valor_total.data)
            problem = rules.total_problem(net, total) or rules.room_problem(
                total, self.found.contract.value, queries.others_total(self.found.contract_id, self.found.id))
            if problem:
                self.valor_total.errors = [problem]
                ok = False
        return ok

    def values(self) -> dict:
        return {"due_on": parse_date(self.vencimiento.data), "net": parse_money(self.valor_neto.data),
                "total": parse_money(self.valor_total.data), "notes": self.notas.data or ""}


class PayrollForm(BaseForm):
    """Step 3's own fields: the social-security payroll's number and the day it was paid."""

    planilla = StringField("Número de planilla", validators=[most(30)])
    fecha_pago = StringField("Fecha de pago")

    @staticmethod
    def initial(found) -> dict:
        return {"planilla": found.payroll_number,
                "fecha_pago": found.payroll_paid_on.isoformat() if found.payroll_paid_on else ""}

    @staticmethod
    def initial_values(found) -> dict:
        """What is saved, as `values()` gives it."""
        return {"payroll_number": found.payroll_number, "payroll_paid_on": found.payroll_paid_on}

    def validate_planilla(self, field):
        if not field.data:
            raise ValidationError("Escriba el número de la planilla de pago de seguridad social (PILA)")
        if not field.data.replace("-", "").isalnum() or not field.data.isascii():
            raise ValidationError("El número de planilla tiene solo números y letras, por ejemplo 9876543210")

    def validate_fecha_pago(self, field):
        problem = rules.paid_day_problem(field.data, "Fecha de pago")
        if problem:
            raise ValidationError(problem)

    def values(self) -> dict:
        return {"payroll_number": self.planilla.data, "payroll_paid_on": parse_date(self.fecha_pago.data)}


class RejectForm(BaseForm):
    motivo = TextAreaField("Motivo del rechazo", validators=[
        InputRequired("Escriba el motivo del rechazo: el contratista lo necesita para corregir la solicitud"),
        most(2000)])


class PaidForm(BaseForm):
    fecha = StringField("Fecha real de pago")

    def __init__(self, *args, found=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.found = found

    def validate_fecha(self, field):
        problem = rules.paid_day_problem(field.data, "Fecha real de pago", self.found.issued_on)
        if problem:
            raise ValidationError(problem)


class ApproveForm(BaseForm):
    """The reviewer's values on "¿Aprobar la solicitud de pago?", proposed from the request and its contract."""

    fecha_recepcion = StringField("Fecha de recepción original")
    rp = StringField("Código de registro presupuestal")
    valor_a_pagar = StringField("Valor a pagar")
    amortizacion = StringField("% amortización de anticipo")

    def __init__(self, *args, found=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.found = found

    @staticmethod
    def initial(found, first_sent) -> dict:
        return {"fecha_recepcion": first_sent.isoformat() if first_sent else "", "rp": found.contract.rp or "",
                "valor_a_pagar": pesos(found.total) if found.total else "", "amortizacion": "0"}

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return add_problems(self, {
            "fecha_recepcion": rules.received_problem(self.fecha_recepcion.data, self.found.issued_on),
            "rp": rules.budget_record_problem(self.rp.data),
            "valor_a_pagar": rules.to_pay_problem(self.valor_a_pagar.data, self.found.total or 0),
            "amortizacion": rules.amortization_problem(self.amortizacion.data)}) and ok

    def values(self) -> dict:
        return {"received_on": parse_date(self.fecha_recepcion.data), "budget_record": self.rp.data.strip(),
                "amount_to_pay": parse_money(self.valor_a_pagar.data),
                "amortization_bp": rules.parse_percent(self.amortizacion.data)}


class Checkboxes(SelectMultipleField):
    """A group of checkboxes (drawn by the `choices` macro, one label for each; made by checkboxes()); an unknown
    value is refused."""

    def pre_validate(self, form):
        known = {choice.value for choice in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError("Elija solo documentos de la lista")


def checkboxes(label: str, choices: list) -> Checkboxes:
    # the widgets named here, so BaseForm does not give the field its <select>
    return Checkboxes(label, choices=[SelectChoice(value, name) for value, name in choices],
                      widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class AskedDocumentsForm(BaseForm):
    """The entity's choice of the supporting documents of a contract's payment requests."""

    cada_pago = checkboxes("Con cada solicitud de pago", list(rules.EACH_PAYMENT.items()))
    primera = checkboxes("Una sola vez", list(rules.FIRST_PAYMENT.items()))

    @staticmethod
    def initial(contract) -> dict:
        slots = rules.asked(contract.payment_documents)
        return {"cada_pago": [s for s in slots if s in rules.EACH_PAYMENT],
                "primera": [s for s in slots if s in rules.FIRST_PAYMENT]}

    def chosen(self) -> list[str]:
        return [*(self.cada_pago.data or []), *(self.primera.data or [])]
