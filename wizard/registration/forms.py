"""Section 1's form, the "new activation email" form, and section 3's search."""
import re

from flask import g
from wtforms import EmailField, PasswordField, StringField, TelField
from wtforms.validators import Email, DataRequired, Length, Optional, ValidationError

from wizard import nit as nit_rules
from wizard import reference
from wizard.forms import BaseForm, Options, SelectField, deliverable_mailbox, options
from wizard.models import User
from wizard.registration import service
from wizard.text import fold

USERNAME_RULE = re.compile(r"^[A-Za-z0-9._-]{4,40}$")
USERNAME_HINT = "Entre 4 y 40 caracteres: letras sin tildes ni ñ, números, punto (.), guion (-) o guion bajo (_)."
PASSWORD_HINT = "Al menos 8 caracteres, con letras y números."
PASSWORD_MAX = 128
EMAIL_MESSAGE = "Escriba un correo electrónico válido, como nombre@ejemplo.com"
EMAIL_TAKEN = "Ya hay un usuario con este correo electrónico. Si es suyo, entre con él o use «Olvidé el usuario»"
SAME_EMAIL = ("Ese es el correo al que ya le enviamos el enlace. Si está bien escrito y no le llegó, revise el correo "
              "no deseado o use «Reenviar»")


def tell_email_taken(form, field) -> None:
    """Say that the address has a user, only when the form asks for it ("Continuar", never the field check, so
    addresses cannot be tried at typing speed); the view's limit counts these answers (g.told_email_taken)."""
    if form.tell_email_taken and service.email_taken(field.data):
        g.told_email_taken = True
        raise ValidationError(EMAIL_TAKEN)


def password_rules(form, field):
    """At least 8 characters with letters and numbers (and not absurdly long, since it is hashed)."""
    value = field.data or ""
    if len(value) < 8:
        raise ValidationError("La contraseña debe tener al menos 8 caracteres, con letras y números")
    if len(value) > PASSWORD_MAX:
        raise ValidationError(f"La contraseña puede tener como máximo {PASSWORD_MAX} caracteres")
    if not any(c.isalpha() for c in value) or not any(c.isdigit() for c in value):
        raise ValidationError("La contraseña debe incluir letras y números")


def same_as_password(form, field):
    if (field.data or "") != (form.password.data or ""):
        raise ValidationError("Las contraseñas no coinciden: escriba la misma contraseña en los dos campos")


class StrictSelect(SelectField):
    """A select whose empty or unknown choice gets our own message instead of WTForms'."""

    def __init__(self, *args, message: str, **kwargs):
        super().__init__(*args, validate_choice=False, **kwargs)
        self.message = message

    def pre_validate(self, form):
        values = self.choices.values if isinstance(self.choices, Options) else {value for value, _ in self.choices}
        if not self.data or self.data not in values:
            raise ValidationError(self.message)


class RegistrationForm(BaseForm):
    full_name = StringField("Nombre y apellido", validators=[
        DataRequired("Escriba su nombre y apellido"), Length(max=120, message="Escriba como máximo 120 caracteres")],
        render_kw={"autocomplete": "name", "maxlength": 120})
    country = StrictSelect("País", default="CO", message="Elija un país de la lista",
                           render_kw={"autocomplete": "country"})
    email = EmailField("Correo electrónico", validators=[
        DataRequired("Escriba su correo electrónico"), Length(max=254, message=EMAIL_MESSAGE),
        Email(EMAIL_MESSAGE, check_deliverability=False)],
        render_kw={"autocomplete": "email", "maxlength": 254, "spellcheck": "false"})
    username = StringField("Elige tu usuario", validators=[DataRequired("Escriba el nombre de usuario que quiere usar")],
                           render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false",
                                      "maxlength": 40})
    password = PasswordField("Contraseña", validators=[DataRequired("Escriba una contraseña"), password_rules],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Confirmar", validators=[DataRequired("Escriba de nuevo la contraseña"), same_as_password],
                            render_kw={"autocomplete": "new-password"})
    security_question = StrictSelect("Pregunta de seguridad", message="Elija una pregunta de seguridad",
                                     render_kw={"autocomplete": "off"})
    security_answer = StringField("Respuesta de seguridad", validators=[
        DataRequired("Escriba la respuesta a la pregunta de seguridad"),
        Length(max=100, message="Escriba como máximo 100 caracteres")],
        render_kw={"autocomplete": "off", "maxlength": 100})
    mobile_phone = TelField("Teléfono móvil de seguridad", default="+57", validators=[
        DataRequired("Escriba su número de teléfono móvil, por ejemplo +57 300 123 4567"),
        Length(max=30, message="Escriba como máximo 30 caracteres")],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 30})
    timezone = StrictSelect("Zona horaria", default="America/Bogota", message="Elija una zona horaria de la lista",
                            render_kw={"autocomplete": "off"})

    def __init__(self, *args, tell_email_taken: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.tell_email_taken = tell_email_taken
        self.country.choices = options(reference.countries())
        self.security_question.choices = options([("", "Elija una pregunta"), *reference.security_questions()])
        self.timezone.choices = options(reference.timezones())

    def validate_username(self, field):
        if not USERNAME_RULE.match(field.data or ""):
            raise ValidationError("El usuario debe tener entre 4 y 40 caracteres: letras sin tildes ni ñ, números, "
                                  "punto (.), guion (-) o guion bajo (_)")
        if service.username_taken(field.data):
            raise ValidationError("Ese usuario ya existe: elija otro")

    def validate_email(self, field):
        deliverable_mailbox(self, field)
        tell_email_taken(self, field)

    def validate_mobile_phone(self, field):
        country = self.country.data if self.country.data in self.country.choices.values else "CO"
        problem = service.phone_problem(field.data or "", country)
        if problem:
            raise ValidationError(problem)

    def values(self) -> dict:
        return {name: self[name].data for name in self._fields if name != "csrf_token"}


class NewLinkForm(BaseForm):
    """Ask for a new activation email by typing the address registered."""

    email = EmailField("Correo electrónico", validators=[
        DataRequired("Escriba el correo electrónico con el que se registró"), Length(max=254, message=EMAIL_MESSAGE),
        Email(EMAIL_MESSAGE, check_deliverability=False)],
        render_kw={"autocomplete": "email", "maxlength": 254})


class FixEmailForm(BaseForm):
    """Section 2: correct a mistyped address before activating; the new link goes to the new address."""

    email = EmailField("Correo electrónico correcto", validators=[
        DataRequired("Escriba el correo electrónico correcto"), Length(max=254, message=EMAIL_MESSAGE),
        Email(EMAIL_MESSAGE, check_deliverability=False)],
        render_kw={"autocomplete": "email", "maxlength": 254, "spellcheck": "false"})

    tell_email_taken = True  # a form sent with its button, never checked field by field
    sent_to_key: str | None = None  # the comparison key of the address the link went to (set by the view)

    def validate_email(self, field):
        # the address the link already went to is this user's own: "Ya hay un usuario" would send them away
        if self.sent_to_key and User.key(field.data or "") == self.sent_to_key:
            raise ValidationError(SAME_EMAIL)
        RegistrationForm.validate_email(self, field)


class EntitySearchForm(BaseForm):
    """Section 3: "Validar si mi entidad ya existe", read from the query string."""

    class Meta:
        csrf = False

    pais = StrictSelect("País", default="CO", message="Elija un país de la lista",
                        render_kw={"autocomplete": "country"})
    nombre = StringField("Nombre de la Entidad", validators=[
        Length(max=200, message="Escriba como máximo 200 caracteres")],
        render_kw={"autocomplete": "organization", "maxlength": 200})
    nit = StringField("NIT", validators=[Optional(), Length(max=20, message="Escriba como máximo 20 caracteres")],
                      render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 20})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pais.choices = options(reference.countries())

    def validate_nombre(self, field):
        if not field.data and not self.nit.data:
            raise ValidationError("Escriba el nombre de la Entidad (al menos 3 caracteres) o su NIT")
        if field.data and len(fold(field.data)) < 3 and not self.nit.data:
            raise ValidationError("Escriba al menos 3 caracteres del nombre de la Entidad, o su NIT")

    def validate_nit(self, field):
        if field.data:
            number, typed_dv = nit_rules.split(field.data)
            if not (number.isascii() and number.isdigit()):
                raise ValidationError("Escriba el NIT solo con números, con o sin el dígito de verificación "
                                      "(por ejemplo 800111202 o 800111202-1)")
            if typed_dv is not None and nit_rules.number_problem(number) is None:
                message = nit_rules.problem(field.data)  # a DV typed after the NIT must be the right one
                if message:
                    raise ValidationError(message)
