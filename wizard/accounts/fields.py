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
    """A web address, "https://" added when typed without it ("www.empresa.co") but only to a valid one: on an
    error the field keeps what the user typed."""
    checker = URL(require_tld=True, message=message)

    def check(form, field):
        typed = field.data
        field.data = with_scheme(typed)
        try:
            checker(form, field)
        except ValidationError:
            field.data = typed
            raise
    return check


# What each identity document's number is made of: (digits only, fewest, most characters, "el número …" of it).
ID_NUMBER_RULES = {
    "CC": (True, 3, 10, "de la cédula de ciudadanía"),
    "CE": (True, 3, 10, "de la cédula de extranjería"),
    "PEP": (True, 6, 15, "del permiso especial de permanencia"),  # «del», never «de el»
    "PA": (False, 4, 20, "del pasaporte"),
}


def id_number(kind: str | None, value: str | None) -> tuple[str, str | None]:
    """The document's number as kept (a cédula's dots and spaces dropped) and why it is not a number of that kind
    of document, or None. A cédula is digits only; a passport letters and digits."""
    text = (value or "").strip()
    rule = ID_NUMBER_RULES.get(kind or "")
    if not text or rule is None:
        return text, None
    digits_only, fewest, most, name = rule
    if digits_only:
        digits = "".join(ch for ch in text if ch not in ". ")
        if not (digits.isascii() and digits.isdecimal()):
            return text, f"Escriba el número {name} solo con números, sin letras ni guiones"
        if not fewest <= len(digits) <= most:
            return text, f"El número {name} tiene entre {fewest} y {most} números"
        return digits, None
    compact = text.replace(" ", "").upper()
    if not (compact.isascii() and compact.isalnum()):
        return text, f"Escriba el número {name} solo con letras y números, sin guiones ni puntos"
    if not fewest <= len(compact) <= most:
        return text, f"El número {name} tiene entre {fewest} y {most} letras o números"
    return compact, None
