"""Forms of "Entrar", "Olvidé el usuario", "Olvidé la contraseña" and the new password."""
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import Email, DataRequired, Length

from wizard.forms import BaseForm
from wizard.registration.forms import EMAIL_MESSAGE, PASSWORD_MAX, password_rules, same_as_password


class LoginForm(BaseForm):
    username = StringField("Nombre de usuario", validators=[DataRequired("Escriba su nombre de usuario"),
                                                            Length(max=254, message="Escriba su nombre de usuario")],
                           render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField("Contraseña", validators=[
        DataRequired("Escriba su contraseña"), Length(max=PASSWORD_MAX, message="Escriba su contraseña")],
        render_kw={"autocomplete": "current-password"})


class ForgotUserForm(BaseForm):
    email = EmailField("Correo electrónico", validators=[
        DataRequired("Escriba el correo electrónico con el que se registró"), Length(max=254, message=EMAIL_MESSAGE),
        Email(EMAIL_MESSAGE, check_deliverability=False)],
        render_kw={"autocomplete": "email", "maxlength": 254, "spellcheck": "false"})


class ForgotPasswordForm(BaseForm):
    login = StringField("Nombre de usuario o correo electrónico", validators=[
        DataRequired("Escriba su nombre de usuario o su correo electrónico"),
        Length(max=254, message="Escriba su nombre de usuario o su correo electrónico")],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false", "maxlength": 254})


class ResetForm(BaseForm):
    password = PasswordField("Nueva contraseña", validators=[DataRequired("Escriba una contraseña nueva"),
                                                              password_rules],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField("Confirmar", validators=[DataRequired("Escriba de nuevo la contraseña"), same_as_password],
                            render_kw={"autocomplete": "new-password"})
