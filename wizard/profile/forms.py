"""Forms of "Mis datos de usuario": personal data, email, security question, password (each its own form)."""
from wtforms import EmailField, PasswordField, StringField, TelField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from wizard import reference
from wizard.forms import BaseForm, deliverable_mailbox, options
from wizard.registration import service as registration
from wizard.registration.forms import EMAIL_MESSAGE, PASSWORD_MAX, StrictSelect, password_rules

CURRENT = "Contraseña actual"


def current_password(message="Escriba su contraseña actual"):
    return PasswordField(CURRENT, validators=[DataRequired(message), Length(max=PASSWORD_MAX, message=message)],
                         render_kw={"autocomplete": "current-password"})


class DataForm(BaseForm):
    """Nombre y apellido, Teléfono móvil de seguridad and Zona horaria."""

    full_name = StringField("Nombre y apellido", validators=[
        DataRequired("Escriba su nombre y apellido"), Length(max=120, message="Escriba como máximo 120 caracteres")],
        render_kw={"autocomplete": "name", "maxlength": 120})
    mobile_phone = TelField("Teléfono móvil de seguridad", validators=[
        DataRequired("Escriba su número de teléfono móvil, por ejemplo +57 300 123 4567"),
        Length(max=30, message="Escriba como máximo 30 caracteres")],
        render_kw={"autocomplete": "tel", "inputmode": "tel", "maxlength": 30})
    timezone = StrictSelect("Zona horaria", message="Elija una zona horaria de la lista", render_kw={"autocomplete": "off"})

    def __init__(self, *args, country: str = "CO", **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country
        self.timezone.choices = options(reference.timezones())

    def validate_mobile_phone(self, field):
        problem = registration.phone_problem(field.data or "", self.country)
        if problem:
            raise ValidationError(problem)


class EmailForm(BaseForm):
    correo = EmailField("Correo electrónico nuevo", validators=[
        DataRequired("Escriba el correo electrónico nuevo"), Length(max=254, message=EMAIL_MESSAGE),
        Email(EMAIL_MESSAGE, check_deliverability=False), deliverable_mailbox],
        render_kw={"autocomplete": "email", "maxlength": 254, "spellcheck": "false"})
    clave_correo = current_password()

    def validate_correo(self, field):
        if registration.email_taken(field.data):
            raise ValidationError("Ya hay un usuario con este correo electrónico: escriba otro")


class QuestionForm(BaseForm):
    pregunta = StrictSelect("Pregunta de seguridad", message="Elija una pregunta de seguridad",
                            render_kw={"autocomplete": "off"})
    respuesta = StringField("Respuesta de seguridad nueva", validators=[
        DataRequired("Escriba la respuesta a la pregunta de seguridad"),
        Length(max=100, message="Escriba como máximo 100 caracteres")], render_kw={"autocomplete": "off", "maxlength": 100})
    clave_pregunta = current_password()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pregunta.choices = options([("", "Elija una pregunta"), *reference.security_questions()])


class PasswordForm(BaseForm):
    clave_actual = current_password()
    clave_nueva = PasswordField("Contraseña nueva", validators=[DataRequired("Escriba la contraseña nueva"), password_rules],
                                render_kw={"autocomplete": "new-password"})
    clave_confirmar = PasswordField("Confirmar la contraseña nueva", validators=[
        DataRequired("Escriba de nuevo la contraseña nueva")], render_kw={"autocomplete": "new-password"})

    def validate_clave_confirmar(self, field):
        if (field.data or "") != (self.clave_nueva.data or ""):
            raise ValidationError("Las contraseñas no coinciden: escriba la misma contraseña nueva en los dos campos")
