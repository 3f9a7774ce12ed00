"""The account wizard's rules without request handling: drafts, which step is open, and "Finalizar"."""
import re
from datetime import timedelta

import phonenumbers
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from wizard import nit as nit_rules
from wizard import attachments
from wizard.accounts.documents import document_rules, is_natural_person, missing_documents
from wizard.accounts.financial import COLUMNS
from wizard.accounts.fields import id_number, with_scheme
from wizard.accounts.forms import ENTITY_FIELDS, MAX_ROWS, EntityForm, KindForm  # noqa: F401
from wizard.contracts.suppliers import attach_to_new_account
from wizard.errors import Refused
from wizard.extensions import db
from wizard.models import Account, AccountDraft, AccountKind, Document, FinancialYear, Membership, Role
from wizard.models.memberships import FLOW as MEMBERSHIPS
from wizard.dbtypes import utcnow
from wizard.reference import municipality

STEPS = ["tipo", "formulario", "documentos", "finalizar"]
LABELS = {"tipo": "Tipo de cuenta", "formulario": "Formulario", "documentos": "Anexar documentos",
          "finalizar": "Finalizar"}
MAX_VALUE = 500
ROW_KEY = re.compile(r"^anios-(\d{1,2})-([a-z_]{1,30})$")
NO_CSRF = {"csrf": False}
DRAFT_MAX_AGE = timedelta(days=90)  # an account draft nobody touched for this long is deleted by purge-drafts


# Drafts ------------------------------------------------------------------------------------------------------

def get_draft(user_id: int) -> AccountDraft | None:
    return db.session.scalar(select(AccountDraft).where(AccountDraft.user_id == user_id))


def get_or_create_draft(user_id: int) -> AccountDraft:
    draft = get_draft(user_id)
    if draft is None:
        draft = AccountDraft(user_id=user_id, step="tipo", reached=0, data={})
        db.session.add(draft)
        try:
            db.session.commit()
        except IntegrityError:  # the same user in two tabs: use the draft the other request made
            db.session.rollback()
            draft = get_draft(user_id)
    return draft


def purge_drafts(older_than: timedelta = DRAFT_MAX_AGE) -> int:
    """Delete account drafts untouched for a while, with their documents (the files go once this commits);
    commits. How many drafts were deleted."""
    old = db.session.scalars(select(AccountDraft).where(AccountDraft.updated_at < utcnow() - older_than)).all()
    for draft in old:
        for document in attachments.all_of("draft", draft.id):
            attachments.discard(document)
        db.session.delete(draft)
    db.session.commit()
    return len(old)


def answers(draft: AccountDraft | None, step: str) -> dict:
    return dict((draft.data or {}).get(step) or {}) if draft else {}


def save(draft: AccountDraft, step: str, data: dict, passed: bool = False) -> None:
    """Keep this step's answers; a passed step opens the next one."""
    draft.data = {**(draft.data or {}), step: data}
    index = STEPS.index(step)
    if passed:
        draft.reached = max(draft.reached or 0, index + 1)
        draft.step = STEPS[min(index + 1, len(STEPS) - 1)]
    else:
        draft.step = step
    db.session.commit()


def keep_typed(draft: AccountDraft, formdata) -> None:
    """Keep the entity form as typed when a field is left, in one UPDATE: the fields posted replace the saved ones
    (a request carrying a single field keeps the others), the financial rows when any is posted."""
    saved = answers(draft, "formulario")
    typed = entity_answers(formdata)
    merged = {**saved, **{name: typed[name] for name in ENTITY_FIELDS if name in formdata}}
    merged["anios"] = typed["anios"] if any(ROW_KEY.match(k) for k in formdata.keys()) else saved.get("anios", [])
    data = {**(draft.data or {}), "formulario": merged}
    db.session.execute(update(AccountDraft).where(AccountDraft.id == draft.id)
                       .values(data=data, step="formulario", updated_at=utcnow()))
    db.session.commit()


# Serialising forms to the draft and back ----------------------------------------------------------------------

def _short(value) -> str:
    """What was typed, capped, without NUL characters (PostgreSQL refuses them in text columns)."""
    return str(value or "").replace("\x00", "")[:MAX_VALUE]


def kind_answers(formdata) -> dict:
    return {name: _short(formdata.get(name)) for name in ("pais", "tipo", "area", "organizacion")}


def entity_answers(formdata) -> dict:
    """The entity form as typed: plain fields, and the financial rows renumbered in their order."""
    data = {name: _short(formdata.get(name)) for name in ENTITY_FIELDS}
    rows: dict[int, dict] = {}
    for key in formdata.keys():
        match = ROW_KEY.match(key)
        if match:
            rows.setdefault(int(match.group(1)), {})[match.group(2)] = _short(formdata.get(key))
    data["anios"] = [rows[i] for i in sorted(rows)][:MAX_ROWS]
    return data


def to_formdata(data: dict) -> MultiDict:
    pairs = [(k, v) for k, v in data.items() if k != "anios"]
    for i, row in enumerate(data.get("anios") or []):
        pairs.extend((f"anios-{i}-{k}", v) for k, v in row.items())
    return MultiDict(pairs)


def organization(draft: AccountDraft | None) -> str:
    return answers(draft, "tipo").get("organizacion", "")


def is_entity(draft: AccountDraft | None) -> bool:
    """An Entidad Estatal's account: no financial rows, no supplier documents (the wizard skips that step)."""
    return answers(draft, "tipo").get("tipo") == AccountKind.ENTIDAD_ESTATAL


def kind_form(draft: AccountDraft | None, formdata=None) -> KindForm:
    if formdata is not None:
        return KindForm(formdata=formdata)
    data = answers(draft, "tipo")
    return KindForm(formdata=to_formdata(data) if data else None, meta=NO_CSRF)


def entity_form(draft: AccountDraft | None, formdata=None, meta=None) -> EntityForm:
    natural, entity = is_natural_person(organization(draft)), is_entity(draft)
    if formdata is not None:
        return EntityForm(formdata=formdata, natural=natural, entity=entity, **({"meta": meta} if meta else {}))
    data = answers(draft, "formulario")
    form = EntityForm(formdata=to_formdata(data) if data else None, natural=natural, entity=entity, meta=NO_CSRF)
    place = municipality(form.municipio.data)
    if place:  # on screen the departamento is always the municipio's
        form.departamento.data = place.department_code
    return form


# Which step is open -------------------------------------------------------------------------------------------

def draft_documents(draft: AccountDraft) -> dict[str, Document]:
    """The document of each row: the latest upload."""
    return attachments.by_slot("draft", draft.id)


def rules_for(draft: AccountDraft | None):
    return document_rules(organization(draft), bool(answers(draft, "documentos").get("sin_contabilidad")))


def first_incomplete(draft: AccountDraft | None, upto: int = 3) -> int:
    """The index of the first step whose saved answers are not (or no longer) complete, looking no further than
    step `upto` (returned when every step before it is complete)."""
    if draft is None:
        return 0
    complete = (lambda: kind_form(draft).validate(),
                lambda: bool(answers(draft, "formulario")) and entity_form(draft).validate(),
                lambda: is_entity(draft) or ("documentos" in (draft.data or {}) and not missing_documents(
                    rules_for(draft), set(draft_documents(draft)))))
    for index, done in enumerate(complete[:upto]):
        if not done():
            return index
    return upto


def open_step(draft: AccountDraft | None) -> int:
    """The furthest step the user may be on: reached by passing the earlier ones, and still complete. Only the
    steps before the one reached are checked: on a first pass through the form, opening it validates nothing of
    the form itself (nor looks its NIT up)."""
    if draft is None:
        return 0
    return first_incomplete(draft, upto=min(draft.reached or 0, len(STEPS) - 1))


# Finalizar ----------------------------------------------------------------------------------------------------

def _phone(value: str) -> str:
    if not value:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(value, "CO"), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return value[:20]


def build_account(draft: AccountDraft, user_id: int) -> Account:
    kind = kind_form(draft)
    form = entity_form(draft)
    number = form.nit.data
    place = municipality(form.municipio.data)
    natural = form.natural
    account = Account(
        kind=AccountKind.ENTIDAD_ESTATAL if form.entity else AccountKind.PROVEEDOR, country=kind.pais.data,
        business_area=kind.area.data, organization_type=kind.organizacion.data, name=form.nombre.data,
        short_name=form.nombre_abreviado.data or "", nit=number, check_digit=nit_rules.check_digit(number),
        mipyme=None if form.entity else form.mipyme.data == "si",
        tax_regime=form.regimen.data, department_code=place.department_code if place else "",
        municipality_code=place.code if place else "", address=form.direccion.data,
        postal_code=form.codigo_postal.data, office_email=form.correo_oficina.data,
        office_phone=_phone(form.telefono_oficina.data), office_fax=_phone(form.fax_oficina.data),
        website=with_scheme(form.pagina_web.data or ""), notification_email=form.correo_notificaciones.data,
        facebook_url=with_scheme(form.facebook.data or ""), linkedin_url=with_scheme(form.linkedin.data or ""),
        youtube_url=with_scheme(form.youtube.data or ""), twitter_url=with_scheme(form.twitter.data or ""),
        bank_name=form.banco.data or "", bank_account_number=form.numero_cuenta.data or "",
        bank_account_type=form.tipo_cuenta.data or "", created_by_id=user_id,
    )
    if not natural:
        account.legal_rep_name = form.rep_nombre.data
        account.legal_rep_id_type = form.rep_tipo_documento.data
        account.legal_rep_id_number = id_number(form.rep_tipo_documento.data, form.rep_numero.data)[0]
        account.legal_rep_email = form.rep_correo.data
        account.legal_rep_phone = _phone(form.rep_telefono.data)
    for row in form.rows():
        amounts = row.amounts()
        account.financial_years.append(FinancialYear(
            year=int(row.anio.data), **{COLUMNS[name]: value for name, value in amounts.items()}))
    return account


def finalize(draft: AccountDraft, user_id: int) -> int:
    """Create the account, its administrator membership and its documents in one transaction; delete the draft."""
    if first_incomplete(draft) < 3:
        raise Refused("Faltan datos en un paso anterior. Revíselo y vuelva a Finalizar.")
    form = entity_form(draft)
    years = [int(r.anio.data) for r in form.rows()]
    if len(years) != len(set(years)):
        raise Refused("La Información Financiera tiene dos filas del mismo año. Quite una.")
    account = build_account(draft, user_id)
    relevant = {r.slot for r in rules_for(draft)}
    documents = draft_documents(draft)
    now = utcnow()
    try:
        db.session.add(account)
        db.session.flush()
        for document in attachments.all_of("draft", draft.id):
            if document.slot in relevant and documents[document.slot] is document:
                attachments.move(document, "account", account.id)
            else:
                attachments.discard(document)  # a replaced upload, or a row the organisation no longer needs
        membership = Membership(user_id=user_id, account_id=account.id, role=Role.ADMIN, requested_at=now,
                                accepted_at=now, state_changed_at=now)
        MEMBERSHIPS.create(membership, "crear_cuenta", user_id, event={"role": Role.ADMIN})
        attach_to_new_account(account.id, user_id)  # contracts waiting for this NIT or cédula join it
        db.session.delete(draft)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refused("Otra cuenta se registró con este NIT mientras usted completaba el formulario. "
                      "Revise el NIT o pida acceso a esa cuenta.") from None
    return account.id
