"""The hospital's demo circular, "CIRCULAR No. 0014-2026" (seed 004, first page), with contractors in each state:
Ana (her persona natural account created), one activated, one registered but not activated, two not registered
(one not invited yet), and one person who came through the generic link. Idempotent; fixed tokens so the README
can give its links (the demo never runs in production)."""
from datetime import date, timedelta

from sqlalchemy import select

from wizard.arrival import for_circular
from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import Account, Circular, CircularRecipient, User
from wizard.models.circulars import FLOW

HOSPITAL_NIT = "900544472"
NUMBER = "0014-2026"
PUBLIC_TOKEN = "hospital-pamplona-0014-2026"
PASSWORD = "Servicios2026"
BODY = """La subdirección Administrativa, mediante la presente solicita al personal contratista, la inscripción como persona natural o jurídica según sea el caso, en la plataforma SECOP II, la cual debe ser ejecutada a partir de la fecha, para vigencia de contratación {year}.

Teniendo como referencia que es obligatorio estar inscrito a partir de la vigencia {year}.

A continuación, podrá ingresar al link de los videos donde encontrará el paso a paso para la inscripción en la plataforma secop II, y a la guía rápida en formato PDF para el registro de proveedores en el SECOP II.

Agradezco de ante mano su disposición y ejecución."""
LINKS = [
    {"title": "Video: paso a paso para la inscripción (1)", "url": "https://www.youtube.com/watch?v=3fzw4mPBNgo"},
    {"title": "Video: paso a paso para la inscripción (2)", "url": "https://www.youtube.com/watch?v=UPa8elr4boY"},
    {"title": "Guía rápida en formato PDF, para el registro de proveedores en el SECOP II",
     "url": "https://www.colombiacompra.gov.co/secop/que-es-el-secop-ii/manuales-y-guias-de-uso-del-secop-ii"},
]
# (name, cédula, email, personal token, user name or None, activated, invited)
LISTED = [
    ("Ana María Villamizar Duarte", "1094265871", "ana.villamizar@correo.example", "demo-ana-villamizar",
     "ana.contratista", True, True),
    ("Jorge Enrique Contreras Villamizar", "1094789012", "jorge.contreras@correo.example", "demo-jorge-contreras",
     "jorge.contreras", True, True),
    ("Luisa Fernanda Jaimes Rojas", "1090457812", "luisa.jaimes@correo.example", "demo-luisa-jaimes",
     "luisa.jaimes", False, True),
    ("Carlos Andrés Peñaranda Ruiz", "1090456789", "carlos.penaranda@correo.example", "demo-carlos-penaranda", None,
     False, True),
    ("Marta Lucía Parada Gélvez", "60345678", "marta.parada@correo.example", "demo-marta-parada", None, False, False),
]
FROM_LINK = ("Diana Carolina Ortega Mora", "diana.ortega@correo.example", "diana.ortega")


def _user(username: str, full_name: str, email: str, activated: bool) -> User:
    user = db.session.scalar(select(User).where(User.username_key == User.key(username)))
    if user is None:
        user = User(full_name=full_name, email=email, username=username, country="CO", security_question="mascota",
                    mobile_phone="+573001234567", timezone="America/Bogota",
                    activated_at=utcnow() if activated else None)
        user.set_password(PASSWORD)
        user.set_security_answer("Firulais")
        db.session.add(user)
        db.session.flush()
    return user


def load(admin: User, ana: User) -> None:
    hospital = db.session.scalar(select(Account).where(Account.nit == HOSPITAL_NIT))
    if db.session.scalar(select(Circular.id).where(Circular.account_id == hospital.id, Circular.number == NUMBER)):
        return
    deadline = date.today() + timedelta(days=30)
    circular = Circular(account_id=hospital.id, number=NUMBER, subject="INSCRIPCION PLATAFORMA SECOP II",
                        addressees="Contratistas De La ESE", body=BODY.format(year=deadline.year + (deadline.month >= 10)), deadline=deadline,
                        signer_name="Edith Johana Rojas Villamizar", signer_position="Subdirectora Administrativa.",
                        links=LINKS, public_token=PUBLIC_TOKEN, created_by_id=admin.id)
    FLOW.create(circular, "crear", admin.id, event={"count": len(LISTED)})
    FLOW.apply(circular, "publicar", admin.id, values={"published_at": utcnow()})
    now = utcnow()
    invited = 0
    for name, number, email, token, username, activated, was_invited in LISTED:
        user = ana if username == "ana.contratista" else (
            _user(username, name, email, activated) if username else None)
        row = CircularRecipient(circular_id=circular.id, name=name, number=number, email=email, token=token,
                                user_id=user.id if user else None, linked_at=now if user else None,
                                invited_at=now if was_invited else None)
        db.session.add(row)
        db.session.flush()
        if user is not None and user is not ana:  # they came through their personal link: every step says so
            user.arrival = for_circular(circular.id, row.id)
        invited += was_invited
    FLOW.apply(circular, "invitar", admin.id, event={"count": invited})
    name, email, username = FROM_LINK
    diana = _user(username, name, email, True)
    diana.arrival = for_circular(circular.id)
    db.session.add(CircularRecipient(circular_id=circular.id, listed=False, name=name, number=None, email=email,
                                     token="demo-diana-ortega", user_id=diana.id, linked_at=now))
    db.session.flush()
