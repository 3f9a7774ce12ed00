"""Forms of the access pages: searches (GET, no CSRF) and the invitation."""
from wtforms import EmailField, SearchField
from wtforms.validators import DataRequired, Email, Length

from wizard.forms import BaseForm, deliverable_mailbox


class AccountSearchForm(BaseForm):
    """"Nuevo registro": find an account by its name."""

    class Meta:
        csrf = False

    nombre = SearchField("Nombre de la Entidad Estatal/Proveedor",
                         validators=[DataRequired("Escriba el nombre de la cuenta que busca."),
                                     Length(min=2, max=200, message="Escriba entre 2 y 200 caracteres.")])


class InviteForm(BaseForm):
    """"Crear usuarios": the person's email."""

    correo = EmailField("Correo electrónico",
                        validators=[DataRequired("Escriba el correo electrónico de la persona."),
                                    Length(max=254, message="Escriba un correo de máximo 254 caracteres."),
                                    Email("Escriba un correo electrónico válido, como nombre@empresa.com."),
                                    deliverable_mailbox])
