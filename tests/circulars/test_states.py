"""A person's state on a circular is read from the facts, and any list of them costs the same few queries."""
from sqlalchemy import event

from tests.circulars.conftest import make_circular, recipient
from tests.helpers.factories import add_member, make_account, make_user
from wizard.circulars import follow
from wizard.dbtypes import utcnow
from wizard.extensions import db
from wizard.models import AccountKind, CircularRecipient, State

PEOPLE = [("Ana María Villamizar Duarte", "1094265871", "ana@correo.example"),
          ("Jorge Contreras", "1094789012", "jorge@correo.example"),
          ("Luisa Jaimes", "1090456789", "luisa@correo.example"),
          ("Carlos Suárez", "88251234", "carlos@correo.example")]


def _states(circular_id):
    return {row.recipient.name: row.state_label for row in follow.rows(follow.listing(circular_id))}


def test_each_state_follows_from_users_activation_and_accounts(app, entity):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], PEOPLE)
        assert set(_states(cid).values()) == {"Sin registrarse"}
        # Luisa registered through her personal link but did not activate
        luisa = make_user(activated=False, full_name="Luisa Jaimes", email="otra.luisa@correo.example")
        recipient(cid, "1090456789").user_id = luisa
        # Jorge registered on his own with the list's email (any case), and activated
        make_user(full_name="Jorge C.", email="Jorge@Correo.example")
        # Ana has her persona natural account with her cédula (made by anyone: the number is the fact)
        ana = make_user(full_name="Ana María Villamizar Duarte", email="ana@correo.example")
        make_account(ana, name="Ana María Villamizar Duarte", nit="1094265871", organization_type="persona_natural_colombiana")
        db.session.commit()
        assert _states(cid) == {"Ana María Villamizar Duarte": "Cuenta de Proveedor creada",
                                "Jorge Contreras": "Usuario activado", "Luisa Jaimes": "Usuario registrado",
                                "Carlos Suárez": "Sin registrarse"}
        assert follow.counts(cid) == {"sin_registrarse": 1, "registrado": 1, "activado": 1, "cuenta": 1}
        assert follow.funnel(follow.counts(cid)) == [("En la circular", 4), ("Usuario registrado", 3),
                                                     ("Usuario activado", 2), ("Cuenta de Proveedor creada", 1)]
        ana_row = follow.rows_by_id(cid, [recipient(cid, "1094265871").id])[0]
        assert ana_row.registered_at and ana_row.activated_at and ana_row.account_at and ana_row.done


def test_an_entity_with_that_number_is_no_supplier_account_and_another_circulars_rows_do_not_count(app, entity):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"], [("Carlos Suárez", "88251234", "carlos@correo.example")])
        make_account(None, name="Entidad con el mismo número", nit="88251234", kind=AccountKind.ENTIDAD_ESTATAL)
        other = make_circular(entity["other"], entity["other_admin"], [("Carlos", "88251234", "carlos@correo.example")])
        make_user(email="carlos@correo.example")
        assert _states(cid) == {"Carlos Suárez": "Usuario activado"}
        assert follow.rows_by_id(cid, [recipient(other, "88251234").id]) == []


def test_someone_from_the_generic_link_is_done_once_they_have_access_to_a_supplier_account(app, entity):
    with app.app_context():
        cid = make_circular(entity["hospital"], entity["admin"])
        diana = make_user(full_name="Diana Ortega")
        db.session.add(CircularRecipient(circular_id=cid, listed=False, name="Diana Ortega", email="d@correo.example",
                                         user_id=diana))
        db.session.commit()
        assert _states(cid) == {"Diana Ortega": "Usuario activado"}
        membership = add_member(diana, entity["supplier"], state=State.PENDIENTE)
        assert _states(cid) == {"Diana Ortega": "Usuario activado"}  # asked, not yet accepted
        from wizard.models import Membership
        from wizard.models.memberships import FLOW

        FLOW.apply(db.session.get(Membership, membership), "aceptar", entity["supplier_admin"], event={"role": "usuario"})
        db.session.commit()
        assert _states(cid) == {"Diana Ortega": "Cuenta de Proveedor creada"}


def _statements(app, action) -> int:
    count = [0]

    def seen(*args, **kwargs):
        count[0] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    return count[0]


def test_seguimiento_costs_the_same_queries_for_3_people_as_for_3000(app, entity, login_as):
    with app.app_context():
        # every filter shows rows on both lists (an empty page skips the lookups made for the rows shown)
        small = make_circular(entity["hospital"], entity["admin"], [
            (f"Contratista pequeño {n}", str(20_000_000 + n), f"p{n}@correo.example") for n in range(3)],
            number="0001-2026")
        make_account(make_user(email="p0@correo.example"), nit="20000000",
                     organization_type="persona_natural_colombiana")
        big = make_circular(entity["hospital"], entity["admin"], number="0002-2026")
        now = utcnow()
        db.session.execute(CircularRecipient.__table__.insert(), [
            {"circular_id": big, "listed": True, "name": f"Contratista {n}", "name_key": f"contratista {n}",
             "number": str(10_000_000 + n), "email": f"c{n}@correo.example", "email_key": f"c{n}@correo.example",
             "token": f"t{n:06d}", "reminders": 0, "created_at": now} for n in range(3000)])
        for n in range(0, 3000, 7):  # some registered, some with accounts
            user = make_user(email=f"c{n}@correo.example")
            if n % 2:
                make_account(user, nit=str(10_000_000 + n), organization_type="persona_natural_colombiana")
    client = login_as(entity["admin"], entity["hospital"])
    client.get(f"/cuenta/circulares/{small}/seguimiento")  # the first request warms what is read once per process
    sizes = {}
    for cid in (small, big):
        for query in ("", "?estado=sin_registrarse", "?page=3&estado=cuenta", "?q=contratista"):
            def get(cid=cid, query=query):
                response = client.get(f"/cuenta/circulares/{cid}/seguimiento{query}")
                assert response.status_code == 200
            with app.app_context():
                sizes.setdefault(query, set()).add(_statements(app, get))
    assert all(len(found) == 1 for found in sizes.values()), sizes
    html = client.get(f"/cuenta/circulares/{big}/seguimiento").get_data(as_text=True)
    assert "<b>3000</b> personas" in html and "Página 1 de 60" in html
