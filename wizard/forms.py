"""The base of every form: trimmed input, Spanish messages, and checking one field as the user leaves it."""
from flask import abort, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FieldList, FormField, PasswordField


def strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        locales = ["es"]

        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            if not issubclass(unbound_field.field_class, (PasswordField, FileField, FieldList, FormField)):
                filters.insert(0, strip)
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
