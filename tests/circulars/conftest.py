"""An Entidad Estatal with an administrator and a plain user, a supplier, and a way to make circulars."""
from datetime import date, timedelta

import pytest

from tests.helpers.factories import add_member, make_account, make_user
from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import AccountKind, Circular, CircularRecipient, State
from wizard.models.circulars import FLOW

LETTER = {
    "numero": "0014-2026", "asunto": "INSCRIPCION PLATAFORMA SECOP II", "destinatarios": "Contratistas De La ESE",
    "texto": "La subdirección Administrativa solicita al personal contratista la inscripción en SECOP II.",
    "fecha_limite": (date.today() + timedelta(days=30)).isoformat(), "firma_nombre": "Edith Johana Rojas Villamizar",
    "firma_cargo": "Subdirectora Administrativa.",
    "enlaces": "Video paso a paso https://www.youtube.com/watch?v=3fzw4mPBNgo\nhttps://www.colombiacompra.gov.co/guia.pdf",
    "contratistas": "Ana María Villamizar Duarte;1094265871;ana.villamizar@correo.example\n"
                    "Carlos Suárez;88251234;carlos.suarez@correo.example",
}


def letter(**changes) -> dict:
    return {**LETTER, **changes}


@pytest.fixture
def entity(app):
    """The hospital (admin and a plain accepted user), another entity with its admin, and a supplier's admin."""
    with app.app_context():
        ids = {"admin": make_user(full_name="Edith Rojas", email="edith@hospital.example")}
        ids["hospital"] = make_account(ids["admin"], name="E.S.E. Hospital San Juan de Dios de Pamplona",
                                       nit="900544472", kind=AccountKind.ENTIDAD_ESTATAL, organization_type="esal",
                                       municipality_code="54518")
        ids["clerk"] = make_user(full_name="David Durán", email="david@hospital.example")
        add_member(ids["clerk"], ids["hospital"], state=State.ACEPTADO)
        ids["pending"] = make_user(full_name="Pedro Pendiente")
        add_member(ids["pending"], ids["hospital"], state=State.PENDIENTE)
        ids["other_admin"] = make_user(full_name="Otra Entidad")
        ids["other"] = make_account(ids["other_admin"], name="Alcaldía de Chitagá", kind=AccountKind.ENTIDAD_ESTATAL,
                                    organization_type="esal")
        ids["supplier_admin"] = make_user(full_name="Helena Herrera")
        ids["supplier"] = make_account(ids["supplier_admin"], name="H&H Asociados")
        return ids


def make_circular(account_id: int, admin_id: int, people=(), published: bool = True, number: str = "0014-2026",
                  **fields) -> int:
    """A circular with `people` (name, number, email) on its list; its id."""
    values = dict(subject="INSCRIPCION PLATAFORMA SECOP II", addressees="Contratistas De La ESE",
                  body="Regístrese en SECOP II.", deadline=date.today() + timedelta(days=30),
                  signer_name="Edith Rojas", signer_position="Subdirectora Administrativa", links=[])
    values.update(fields)
    circular = Circular(account_id=account_id, number=number, created_by_id=admin_id, **values)
    FLOW.create(circular, "crear", admin_id)
    if published:
        FLOW.apply(circular, "publicar", admin_id, values={"published_at": utcnow()})
    db.session.add_all([CircularRecipient(circular_id=circular.id, name=name, number=num, email=email)
                        for name, num, email in people])
    db.session.commit()
    return circular.id


def recipient(circular_id: int, number: str) -> CircularRecipient:
    from sqlalchemy import select

    return db.session.scalar(select(CircularRecipient).where(CircularRecipient.circular_id == circular_id,
                                                             CircularRecipient.number == number))


def words(html: str) -> str:
    """The page's text as a person reads it: no tags, single spaces."""
    import html as entities
    import re

    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", html)).split()).replace(" :", ":").replace(" .", ".")
