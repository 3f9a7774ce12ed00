"""The wizard's forms: kind of account, the entity form (with its financial rows), documents, and "Finalizar"."""
from datetime import date

from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import BooleanField, FieldList, Form, FormField, RadioField, SelectChoice, StringField
from wtforms.validators import Email, Length, Optional, ValidationError

from wizard import names
from wizard import nit as nit_rules
from wizard.accounts.fields import email, id_number, opts, phone, required, upper, web
from wizard.accounts.financial import FIELDS, parse_money
from wizard.money import CENTS_MESSAGE, MAX_DIGITS, has_cents
from wizard.extensions import db
from wizard.forms import BaseForm, SelectField, deliverable_mailbox, strip
from wizard.models import Account
from wizard.text import sentence
from wizard.reference import countries, departments, municipality, organization_types, tax_regimes

TYPES = [("proveedor", "Proveedor"), ("entidad_estatal", "Entidad Estatal")]
KIND_NAMES = dict(TYPES)
AREAS = [("privado", "Privado"), ("publico", "Público")]
YES_NO = [("si", "Sí"), ("no", "No")]
ACCOUNT_TYPES = [("", "Elija el tipo de cuenta"), ("ahorros", "Ahorros"), ("corriente", "Corriente")]
ID_TYPES = [("", "Elija el tipo de documento"), ("CC", "Cédula de ciudadanía"), ("CE", "Cédula de extranjería"),
            ("PA", "Pasaporte"), ("PEP", "Permiso especial de permanencia")]
MAX_ROWS = 10
# A loss makes equity or operating income negative; assets, liabilities and interest paid never are.
MAY_BE_NEGATIVE = {"patrimonio", "utilidad_operacional"}
LONG_EMAIL = Length(max=254, message="Escriba como máximo 254 caracteres")
LONG_URL = Length(max=300, message="Escriba como máximo 300 caracteres")


def org_choices():
    """The types grouped by the kind of account they are for, so the list reads right without JavaScript too."""
    return [SelectChoice("", "Elija el tipo de organización")] + [
        SelectChoice(o.code, o.name, optgroup=KIND_NAMES[o.account_kind]) for o in organization_types().values()]


class KindForm(BaseForm):
    # render_kw: no "required" attribute on a select whose first option is a real country (invalid HTML)
    pais = SelectField("País", choices=lambda: opts(countries()), default="CO", validators=[required("Elija el país")],
                       render_kw={"required": False})
    tipo = RadioField("Tipo", choices=opts(TYPES), default="proveedor", validators=[required("Elija el tipo de cuenta")])
    area = RadioField("Área de negocio", choices=opts(AREAS), validators=[required("Elija el área de negocio")])
    organizacion = SelectField("Tipo de organización", choices=org_choices,
                               validators=[required("Elija el tipo de organización")])

    def validate_organizacion(self, field):
        found = organization_types().get(field.data)
        if found is None:
            raise ValidationError("Elija el tipo de organización")
        if self.tipo.data in KIND_NAMES and found.account_kind != self.tipo.data:
            raise ValidationError(f"Elija un tipo de organización de {KIND_NAMES[self.tipo.data]}: "
                                  f"«{found.name}» es de {KIND_NAMES[found.account_kind]}")

    def validate_area(self, field):
        if self.tipo.data == "entidad_estatal" and field.data != "publico":
            raise ValidationError("Una Entidad Estatal es del área de negocio «Público»")


def _too_many_digits(value: str | None) -> bool:
    """An amount written only with digits (and $, a sign, dots, commas, spaces) that has more digits than kept."""
    text = (value or "").strip()
    digits = "".join(ch for ch in text if ch in "0123456789")
    return (bool(digits) and all(ch in "0123456789$-., \u00a0" for ch in text)
            and len(digits.lstrip("0")) > MAX_DIGITS)


def amount_problem(name: str, label: str, value: str | None) -> str | None:
    """Why a row's amount is not acceptable, in one wording for every amount (missing or not a number)."""
    amount = parse_money(value)
    if amount is None and has_cents(value):
        return f"Escriba {label.lower()} {CENTS_MESSAGE}, por ejemplo 1.234.567"
    if amount is None and _too_many_digits(value):
        return f"Escriba {label.lower()} con menos cifras: no puede tener más de {MAX_DIGITS} cifras"
    if amount is None:
        return f"Escriba {label.lower()} en pesos, solo con números, por ejemplo 1.234.567"
    if name not in MAY_BE_NEGATIVE and amount < 0:
        return f"Escriba {label.lower()} sin signo menos: no puede ser negativo"
    return None


class YearForm(Form):
    """One row of "Información Financiera"."""

    class Meta:
        locales = ["es"]

    anio = StringField("Año", filters=[strip], render_kw={"inputmode": "numeric", "autocomplete": "off"})
    patrimonio = StringField("Patrimonio", filters=[strip])
    activo_corriente = StringField("Activo corriente", filters=[strip])
    activo_total = StringField("Activo total", filters=[strip])
    pasivo_corriente = StringField("Pasivo corriente", filters=[strip])
    pasivo_total = StringField("Pasivo total", filters=[strip])
    utilidad_operacional = StringField("Utilidad operacional", filters=[strip])
    gastos_intereses = StringField("Gastos de intereses", filters=[strip])

    def is_empty(self) -> bool:
        return not any(f.data for f in self)

    def validate_anio(self, field):
        if self.is_empty():
            return
        this_year = date.today().year
        value = field.data or ""
        # "²" isdigit, not int; and int() of thousands of digits raises: four ASCII digits or nothing
        if not (len(value) == 4 and value.isascii() and value.isdecimal()) or not 1950 <= int(value) <= this_year:
            raise ValidationError(f"Escriba el año con cuatro cifras, entre 1950 y {this_year}")

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.is_empty():
            return ok
        for name, label in FIELDS:
            problem = amount_problem(name, label, self[name].data)
            if problem:
                self[name].errors.append(problem)
                ok = False
        return ok

    def complete(self) -> bool:
        """A row the indicators may be drawn from: not empty, with its year and every amount right."""
        if self.is_empty():
            return False
        year = self.anio.data or ""
        if not (year.isdecimal() and 1950 <= int(year) <= date.today().year):
            return False
        return not any(amount_problem(name, label, self[name].data) for name, label in FIELDS)

    def amounts(self) -> dict[str, int | None]:
        return {name: parse_money(self[name].data) for name, _ in FIELDS}


class EntityForm(BaseForm):
    # Identificación de la Entidad
    nombre = StringField("Nombre de la Entidad", validators=[
        required("Escriba el nombre de la Entidad"), Length(max=200, message="Escriba como máximo 200 caracteres")])
    nombre_abreviado = StringField("Nombre abreviado", filters=[upper], validators=[
        Optional(), Length(max=60, message="Escriba como máximo 60 caracteres")])
    nit = StringField("NIT", filters=[nit_rules.normalise])  # a right DV typed after it is dropped
    # Información General
    mipyme = RadioField("Mipyme", choices=opts(YES_NO), validators=[required("Elija si la Entidad es Mipyme")])
    regimen = SelectField("Régimen tributario", choices=lambda: opts([("", "Elija el régimen tributario")] + tax_regimes()),
                          validators=[required("Elija el régimen tributario")])
    # Contactos
    pais_contacto = SelectField("País", choices=lambda: opts(countries()), default="CO",
                                validators=[required("Elija el país")], render_kw={"required": False})
    departamento = SelectField("Departamento", choices=lambda: opts([("", "Elija el departamento")] + departments()),
                               validate_choice=False)
    municipio = StringField("Municipio")
    direccion = StringField("Dirección", validators=[
        required("Escriba la dirección de la oficina"), Length(max=200, message="Escriba como máximo 200 caracteres")])
    codigo_postal = StringField("Código postal")  # optional: few people know it, and DIVIPOLA does not give it
    correo_oficina = StringField("Correo electrónico de la oficina", validators=[
        required("Escriba el correo electrónico de la oficina"),
        Email(message="Escriba un correo electrónico válido, como nombre@empresa.com"), deliverable_mailbox,
        LONG_EMAIL])
    telefono_oficina = StringField("Teléfono de oficina", validators=[
        required("Escriba el teléfono de la oficina"), phone("Escriba un teléfono válido, como 607 5682090 o 300 1234567")])
    fax_oficina = StringField("Fax de oficina", validators=[phone("Escriba un número de fax válido, o déjelo vacío")])
    pagina_web = StringField("Página web", validators=[
        Optional(), web("Escriba una dirección web válida, como www.empresa.com"), LONG_URL])
    correo_notificaciones = StringField("Correo electrónico para notificaciones SECOP II", validators=[
        required("Escriba el correo electrónico para notificaciones"),
        Email(message="Escriba un correo electrónico válido, como nombre@empresa.com"), deliverable_mailbox,
        LONG_EMAIL])
    facebook = StringField("Link facebook", validators=[Optional(), web("Escriba un enlace válido, o déjelo vacío"), LONG_URL])
    linkedin = StringField("Link linkedin", validators=[Optional(), web("Escriba un enlace válido, o déjelo vacío"), LONG_URL])
    youtube = StringField("Link youtube", validators=[Optional(), web("Escriba un enlace válido, o déjelo vacío"), LONG_URL])
    twitter = StringField("Link twitter", validators=[Optional(), web("Escriba un enlace válido, o déjelo vacío"), LONG_URL])
    # Información Financiera
    anios = FieldList(FormField(YearForm), max_entries=MAX_ROWS)
    # Bank
    banco = StringField("Nombre de la entidad bancaria", validators=[Length(max=120, message="Escriba como máximo 120 caracteres")])
    numero_cuenta = StringField("Número de cuenta", validators=[Length(max=40, message="Escriba como máximo 40 caracteres")])
    tipo_cuenta = SelectField("Tipo de cuenta bancaria", choices=opts(ACCOUNT_TYPES))
    # Representante legal (legal persons only)
    rep_nombre = StringField("Nombre", validators=[Length(max=120, message="Escriba como máximo 120 caracteres")])
    rep_tipo_documento = SelectField("Tipo de documento", choices=opts(ID_TYPES))
    rep_numero = StringField("Número de documento", validators=[Length(max=20, message="Escriba como máximo 20 caracteres")])
    rep_correo = StringField("Correo electrónico", validators=[
        email("Escriba un correo electrónico válido, como nombre@empresa.com"), LONG_EMAIL])
    rep_telefono = StringField("Teléfono", validators=[phone("Escriba un teléfono válido, como 300 1234567")])

    def __init__(self, *args, natural: bool = False, entity: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.natural = natural
        self.entity = entity  # an Entidad Estatal: no financial rows, no Mipyme (it is not a company)
        self.duplicate: Account | None = None
        if entity:
            for name in ("mipyme", "anios"):
                delattr(self, name)
        if natural:
            self.nit.label.text = "Número de cédula"
            for name in ("rep_nombre", "rep_tipo_documento", "rep_numero", "rep_correo", "rep_telefono"):
                delattr(self, name)

    @property
    def id_word(self) -> str:
        return "el número de cédula" if self.natural else "el NIT"

    def validate_nit(self, field):
        number = field.data or ""
        message = nit_rules.problem(number)
        if message:
            if self.natural:
                message = message.replace("el NIT", "el número de cédula").replace("El NIT", "El número de cédula")
                message = message.replace(", sin el dígito de verificación", "")
            raise ValidationError(message)
        self.duplicate = db.session.scalar(select(Account).where(Account.nit == nit_rules.number(number)))
        if self.duplicate is not None:
            raise ValidationError(sentence(f"Ya existe una cuenta con este número: {self.duplicate.name}") +
                                  " Si usted trabaja para ella, pida acceso con «Solicitud de acceso»")

    def namesake(self) -> Account | None:
        """An account of a legal person whose name compares equal to this one (wizard/names.py), or None.

        Only a warning: a different NIT may be a different company. Persons are not told of namesakes."""
        name_key = names.key(self.nombre.data or "")
        if self.natural or not name_key:
            return None
        candidates = db.session.scalars(select(Account).where(names.same_name(Account.match_key, self.nombre.data))
                                        .order_by(Account.id).limit(20))
        return next((a for a in candidates if names.key(a.name) == name_key), None)

    def validate_rep_numero(self, field):
        kept, problem = id_number(self.rep_tipo_documento.data, field.data)
        if problem:
            raise ValidationError(problem)
        field.data = kept

    @property
    def check_digit(self) -> str | None:
        number = self.nit.data or ""
        return nit_rules.check_digit(number) if not nit_rules.problem(number) else None

    def validate_municipio(self, field):
        if self.pais_contacto.data != "CO":
            return
        if not field.data:
            raise ValidationError("Elija el municipio de la oficina")
        found = municipality(field.data)
        if found is None:
            raise ValidationError("Elija un municipio de la lista")
        self.departamento.data = found.department_code

    def validate_codigo_postal(self, field):
        value = field.data or ""
        if not value:
            return
        if self.pais_contacto.data == "CO" and not (value.isascii() and value.isdigit() and len(value) == 6):
            raise ValidationError("Escriba el código postal de 6 números, por ejemplo 543050")
        if len(value) > 10:
            raise ValidationError("Escriba como máximo 10 caracteres")

    def validate(self, extra_validators=None):
        extra = dict(extra_validators or {})
        if not self.natural:
            for name, message in (("rep_nombre", "Escriba el nombre del representante legal"),
                                  ("rep_tipo_documento", "Elija el tipo de documento del representante legal"),
                                  ("rep_numero", "Escriba el número de documento del representante legal"),
                                  ("rep_correo", "Escriba el correo electrónico del representante legal"),
                                  ("rep_telefono", "Escriba el teléfono del representante legal")):
                extra.setdefault(name, []).append(required(message))
        bank = (self.banco, self.numero_cuenta, self.tipo_cuenta)
        if any(f.data for f in bank):
            for f, message in zip(bank, ("Escriba el nombre de la entidad bancaria", "Escriba el número de cuenta",
                                         "Elija el tipo de cuenta bancaria")):
                extra.setdefault(f.name, []).append(required(message + " (si da un dato bancario, dé los tres)"))
        ok = super().validate(extra)
        seen = set()
        for row in self.rows():
            year = row.anio.data
            if year in seen and not row.anio.errors:
                row.anio.errors.append("Este año ya está en otra fila: cambie el año o quite la fila")
                ok = False
            seen.add(year)
        return ok

    def error_list(self) -> list[tuple[str, str, str]]:
        """(field id, label, first message) of every error, the financial rows' fields included, in page order."""
        found = []
        for field in self:
            if field.name == "anios":
                for i, entry in enumerate(field.entries):
                    for sub in entry.form:
                        if sub.errors:
                            found.append((sub.id, f"Información Financiera, fila {i + 1}: {sub.label.text}", sub.errors[0]))
            elif field.errors:
                target = f"{field.id}-0" if field.type == "RadioField" else field.id  # the first radio
                found.append((target, field.label.text, field.errors[0]))
        return found

    def rows(self) -> list[YearForm]:
        if self.entity:
            return []
        return [entry.form for entry in self.anios.entries if not entry.form.is_empty()]


class DocumentsForm(BaseForm):
    sin_contabilidad = BooleanField("No estoy obligado a llevar contabilidad")


class UploadForm(BaseForm):
    archivo = FileField("Anexar documento")
    confidencial = BooleanField("Confidencial")


class FinishForm(BaseForm):
    terminos = BooleanField("Acepto los Términos y condiciones de uso",
                            validators=[required("Marque la casilla para aceptar los Términos y condiciones de uso")])


# The entity form's plain fields (every field but the financial rows), as saved in the draft.
ENTITY_FIELDS = [name for name, value in vars(EntityForm).items() if hasattr(value, "field_class") and name != "anios"]
