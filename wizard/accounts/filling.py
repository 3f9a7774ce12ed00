"""Helping a person fill the entity form: one field of a financial row, the place a search found, and a persona
natural's own contacts as the office's."""
import phonenumbers

from wizard.accounts.forms import EntityForm
from wizard.accounts.service import ROW_KEY
from wizard.reference import municipality, search_municipalities


def row_field(form: EntityForm, name: str):
    """The field of a financial row named like "anios-0-patrimonio", or None."""
    match = ROW_KEY.match(name)
    if not match or int(match.group(1)) >= len(form.anios.entries):
        return None
    return form.anios.entries[int(match.group(1))].form._fields.get(match.group(2))


def row_errors(form: EntityForm, name: str) -> list[str]:
    """The messages of one field of a financial row, the row checked as a whole (an amount needs its year)."""
    row = form.anios.entries[int(ROW_KEY.match(name).group(1))].form
    row.validate()
    return row_field(form, name).errors


def place_from_search(data: dict, query: str) -> None:
    """"Buscar municipio" without JavaScript: a new departamento drops a municipio of another one; a search with one
    result selects it, and the departamento follows the municipio chosen."""
    place = municipality(data.get("municipio"))
    if place and data.get("departamento") and data["departamento"] != place.department_code:
        data["municipio"], place = "", None
    if query.strip():
        found = search_municipalities(query)
        if len(found) == 1:
            place = found[0]
            data["municipio"] = place.code
    if place:
        data["departamento"] = place.department_code


def own_contacts(form: EntityForm, user) -> None:
    """A persona natural's office is the person: start from their own email and mobile (still editable)."""
    for name in ("correo_oficina", "correo_notificaciones"):
        if not form[name].data:
            form[name].data = user.email
    if not form.telefono_oficina.data and user.mobile_phone:
        try:
            number = phonenumbers.parse(user.mobile_phone, "CO")
            form.telefono_oficina.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        except phonenumbers.NumberParseException:
            form.telefono_oficina.data = user.mobile_phone
