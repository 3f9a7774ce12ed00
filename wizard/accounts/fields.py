"""Small field helpers of the wizard's forms: choices, filters and validators with Spanish messages."""
import phonenumbers
from wtforms.validators import URL, Email, InputRequired, ValidationError

from wizard.forms import Options, deliverable_mailbox, options


def opts(pairs) -> Options:
    """A select's or radio group's choices, made once per process for each list (wizard.forms.options)."""
    return options(pairs)


def required(message):
    return InputRequired(message=message)


def upper(value):
    return value.upper() if isinstance(value, str) else value


def with_scheme(value):
    """People type "www.empresa.co": add https:// so it can be checked and linked."""
    if isinstance(value, str) and value and "://" not in value:
        return "https://" + value
    return value


def phone(message: str):
    def check(form, field):
        if not field.data:
            return
        try:
            number = phonenumbers.parse(field.data, "CO")
        except phonenumbers.NumberParseException:
            raise ValidationError(message) from None
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(message)
    return check


def email(message: str):
    """Email(), but an empty value is left to the required check (the field may be optional)."""
    checker = Email(message=message)

    def check(form, field):
        if field.data:
            checker(form, field)
            deliverable_mailbox(form, field)
    return check


def web(message: str):
    return URL(require_tld=True, message=message)
