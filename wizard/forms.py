"""The base of every form: trimmed input, Spanish messages, and checking one field as the user leaves it."""
from flask import abort, render_template, request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from flask_wtf.form import _Auto
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, FormField, PasswordField, ValidationError
from wtforms import SelectField as WTFormsSelectField

from wizard.widgets import CachedSelect, Options, fast_widget, options  # noqa: F401 - options: for the forms


def strip(value):
    """Trim the value and drop NUL characters, which PostgreSQL refuses in text (a query with one would be a 500)."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


NOT_TEXT_MESSAGE = "Escriba este dato como texto"


def json_formdata(body) -> tuple[MultiDict, set[str]]:
    """A JSON body as the form data a browser would send: text values (or lists of text) kept, and the names of
    the values of any other type (numbers, lists, objects, null) set aside to be refused."""
    pairs, wrong = [], set()
    for key, value in (body.items() if isinstance(body, dict) else ()):
        if isinstance(value, str):
            pairs.append((key, value))
        elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
            pairs.extend((key, item) for item in value)
        else:
            wrong.add(key)
    return MultiDict(pairs), wrong


def _refuse_wrong_types(form) -> bool:
    """Give each field whose JSON value was not text its own required message (or a plain one); True if none."""
    ok = True
    for name in getattr(form, "_not_text", ()):
        field = form._fields.get(name)
        if field is None or name == "csrf_token":
            continue
        if not field.errors:
            messages = [getattr(v, "message", None) for v in field.validators if getattr(v, "field_flags", None)
                        and "required" in v.field_flags]
            field.errors = [next((m for m in messages if m), NOT_TEXT_MESSAGE)]
        ok = False
    form._errors = None  # WTForms caches form.errors
    return ok


MAILBOX_MESSAGE = "Escriba el correo sin tildes ni ñ antes de la @, tal como se lo dio su proveedor de correo"


def deliverable_mailbox(form, field) -> None:
    """Refuse "josé@..." that Email() accepts: mail servers and our mail library cannot send to it."""
    if field.data and not field.data.rpartition("@")[0].isascii():
        raise ValidationError(MAILBOX_MESSAGE)


class SelectField(WTFormsSelectField):
    """WTForms' SelectField; with options() as its choices, a choice is checked against their set of values."""

    def pre_validate(self, form):
        if isinstance(self.choices, Options) and self.coerce is str and self.validate_choice \
                and not self.process_errors:
            if self.data not in self.choices.values:
                raise ValidationError(self.invalid_choice_message or self.gettext("Not a valid choice."))
            return
        super().pre_validate(form)


class BaseForm(FlaskForm):
    class Meta:
        locales = ["es"]

        def bind_field(self, form, unbound_field, options):
            filters = list(unbound_field.kwargs.get("filters", []))
            if not issubclass(unbound_field.field_class, (PasswordField, FileField, FieldList, FormField)):
                filters.insert(0, strip)
            if "widget" not in unbound_field.kwargs:
                if issubclass(unbound_field.field_class, WTFormsSelectField):
                    options = {**options, "widget": CachedSelect()}
                else:
                    widget = fast_widget(getattr(unbound_field.field_class, "widget", None))
                    if widget is not None:
                        options = {**options, "widget": widget}
            option_widget = fast_widget(getattr(unbound_field.field_class, "option_widget", None))
            if option_widget is not None and "option_widget" not in unbound_field.kwargs:
                options = {**options, "option_widget": option_widget}  # each radio of a RadioField
            return unbound_field.bind(form=form, filters=filters, **options)

        def wrap_formdata(self, form, formdata):
            """Flask-WTF passes a JSON body on as it is, so a number or a list reaches code that expects text (a
            500): take only its text values, and remember the others to refuse them with the field's message."""
            if formdata is _Auto and request and request.method != "GET" and not request.files and not request.form \
                    and request.is_json:
                formdata, form._not_text = json_formdata(request.get_json(silent=True))
                return formdata
            return super().wrap_formdata(form, formdata)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return _refuse_wrong_types(self) and ok


def check_field(form: FlaskForm, name: str) -> list[str]:
    """Run one field's validators, its inline validate_<name>, and nothing else."""
    field = form._fields.get(name)
    if field is None or name == "csrf_token":
        abort(400)
    inline = getattr(type(form), f"validate_{name}", None)  # unbound, as WTForms calls it: (form, field)
    field.validate(form, [inline] if inline else [])
    if name in getattr(form, "_not_text", ()):
        _refuse_wrong_types(form)
    return field.errors


def field_check_response(form: FlaskForm, name: str):
    """The field's message container, as htmx swaps it in when the user leaves the field."""
    check_field(form, name)
    return render_template("macros/_field_error.html", f=form[name])
