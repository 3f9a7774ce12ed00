"""The base of every form: trimmed input, Spanish messages, and checking one field as the user leaves it."""
from functools import lru_cache

from flask import abort, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, FormField, PasswordField, SelectField, ValidationError
from wtforms.fields.choices import Choice
from wtforms.widgets import Select


def strip(value):
    """Trim the value and drop NUL characters, which PostgreSQL refuses in text (a query with one would be a 500)."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


MAILBOX_MESSAGE = "Escriba el correo sin tildes ni ñ antes de la @, tal como se lo dio su proveedor de correo"


def deliverable_mailbox(form, field) -> None:
    """Refuse "josé@..." that Email() accepts: mail servers and our mail library cannot send to it."""
    if field.data and not field.data.rpartition("@")[0].isascii():
        raise ValidationError(MAILBOX_MESSAGE)


class CachedSelect(Select):
    """WTForms' Select, remembering each rendered <option>: the country list alone has 244 of them."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str | int):
            return super().render_option(choice, **kwargs)
        return _option(choice.value, str(choice.label), bool(choice.selected))


@lru_cache(maxsize=8192)
def _option(value, label: str, selected: bool):
    return Select.render_option(Choice(value, label, selected, None))


class BaseForm(FlaskForm):
    class Meta:
        locales = ["es"]

        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            if not issubclass(unbound_field.field_class, (PasswordField, FileField, FieldList, FormField)):
                filters.insert(0, strip)
            if issubclass(unbound_field.field_class, SelectField) and "widget" not in unbound_field.kwargs:
                options = {**options, "widget": CachedSelect()}
            return unbound_field.bind(form=form, filters=filters, **options)


def check_field(form: FlaskForm, name: str) -> list[str]:
    """Run one field's validators, its inline validate_<name>, and nothing else."""
    field = form._fields.get(name)
    if field is None or name == "csrf_token":
        abort(400)
    inline = getattr(type(form), f"validate_{name}", None)  # unbound, as WTForms calls it: (form, field)
    field.validate(form, [inline] if inline else [])
    return field.errors


def field_check_response(form: FlaskForm, name: str):
    """The field's message container, as htmx swaps it in when the user leaves the field."""
    check_field(form, name)
    return render_template("macros/_field_error.html", f=form[name])
