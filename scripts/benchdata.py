"""The bench's data, loaded in bulk into its throwaway PostgreSQL after the migrations and the demo data.

- H&H Asociados (its administrator `hhadmin`) gets 10,000 members, 500 of them waiting for an answer;
- "Pequeña Bench S.A.S." (administrator `bench.pequena`) 100 members, 10 pending: the same pages at a second
  size, to show that a list costs the same number of queries however long it is;
- `bench.asistente`, activated and without an account, walks the account wizard;
- 1,000,000 supplier accounts (BENCH_ACCOUNTS to change), named like real ones from a few hundred words, for the
  searches of section 3 and "Nuevo registro".

A later feature adds its data with a function in LOADERS: `def load_contracts(app): ...` (inside an app context,
after everything above), e.g. the 3,000 contractors of a circular's "Seguimiento".
"""
import time
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import insert, select, text

BENCH_PASSWORD = "BancoPrueba2026"


def utcnow() -> datetime:
    return datetime.now(UTC)
MEMBERS, PENDING = 10_000, 500
SMALL_MEMBERS, SMALL_PENDING = 100, 10

SURNAMES = ("Rojas Gómez Pérez Díaz López Martínez García Torres Ramírez Sánchez Hernández Jaramillo Castro Vargas "
            "Moreno Rodríguez Álvarez Romero Suárez Mejía Ortiz Gutiérrez Restrepo Cárdenas Mendoza Herrera "
            "Aguilar Ospina Quintero Zapata Londoño Salazar Arango Giraldo Valencia Correa Cano Muñoz Ríos "
            "Montoya Duque Betancur Osorio Henao Gallego Pineda Velásquez Acosta Medina Rincón Navarro").split()
TRADES = ("Construcciones Inversiones Servicios Ingeniería Comercializadora Consultores Asesorías Transportes "
          "Distribuidora Suministros Soluciones Tecnología Alimentos Seguridad Logística Agroindustrial "
          "Interventorías Proyectos Obras Eléctricas Ferretería Laboratorio Clínica Papelería Eventos").split()
PLACES = ["Andina", "del Caribe", "del Pacífico", "de Colombia", "del Norte", "del Sur", "Nacional", "Regional",
          "Santandereana", "Antioqueña", "Llanera", "Boyacense", "Costeña", "Vallecaucana", "Cafetera", "Integral",
          "Global", "Unida", "Moderna", "del Oriente"]
SUFFIXES = ["S.A.S.", "Ltda.", "S.A.", "& Cía.", "E.U.", "S.A.S. BIC", "y Asociados S.A.S.", "Hermanos Ltda."]


def _sql_array(words) -> str:
    return "ARRAY[" + ", ".join("'" + w.replace("'", "''") + "'" for w in words) + "]"


def _fold_sql(expression: str) -> str:
    """wizard.text.fold in SQL, for the accents these words have (lower case, no accents)."""
    return f"translate(lower({expression}), 'áéíóúñü', 'aeiounu')"


def _match_key_sql(expression: str) -> str:
    """wizard.names.stored_key in SQL for these names: folded, every character but letters and digits dropped
    (the names have no "&" nor a lone "y")."""
    return f"regexp_replace({_fold_sql(expression)}, '[^a-z0-9]', '', 'g')"


# The i-th account: "<surname> <surname> <trade> <place> <suffix>", each word picked by a hash of i of its own.
def _pick(words, salt: str) -> str:
    return f"({_sql_array(words)})[1 + (hashtext(i::text || '{salt}') & 2147483647) % {len(words)}]"


ACCOUNTS_SQL = f"""
INSERT INTO accounts (kind, country, business_area, organization_type, name, name_key, match_key, short_name, nit,
  check_digit,
  tax_regime, department_code, municipality_code, address, postal_code, office_email, office_phone, office_fax,
  website, notification_email, facebook_url, linkedin_url, youtube_url, twitter_url, bank_name, bank_account_number,
  bank_account_type, legal_rep_name, legal_rep_id_type, legal_rep_id_number, legal_rep_email, legal_rep_phone,
  created_at)
SELECT 'proveedor', 'CO', 'privado', 'sas', name, {_fold_sql('name')}, {_match_key_sql('name')}, '',
  (700000000 + i)::text, '0',
  '', '11', '11001', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', now()
FROM generate_series(1, :count) AS i,
LATERAL (SELECT {_pick(SURNAMES, 'a')} || ' ' || {_pick(SURNAMES, 'b')} || ' ' || {_pick(TRADES, 'c')} || ' ' ||
  {_pick(PLACES, 'd')} || ' ' || {_pick(SUFFIXES, 'e')} AS name) AS named
"""


def _users(prefix: str, count: int, activated: bool = True) -> list[dict]:
    now = utcnow()
    return [dict(full_name=f"Persona {prefix} {n}", name_key=f"persona {prefix} {n}",
                 email=f"{prefix}{n}@bench.example.com", email_key=f"{prefix}{n}@bench.example.com",
                 username=f"{prefix}{n}", username_key=f"{prefix}{n}", password_hash="-", security_question="mascota",
                 security_answer_hash="-", mobile_phone="+573001234567", timezone="America/Bogota",
                 session_id=f"bench-{prefix}-{n}", created_at=now, activated_at=now if activated else None)
            for n in range(count)]


def add_members(account_id: int, prefix: str, count: int, pending: int) -> None:
    from wizard.extensions import db
    from wizard.models import Membership, Role, State, User
    db.session.execute(insert(User), _users(prefix, count))
    ids = db.session.scalars(select(User.id).where(User.username_key.like(f"{prefix}%")).order_by(User.id)).all()
    now = utcnow()
    db.session.execute(insert(Membership), [
        dict(user_id=user_id, account_id=account_id, role=Role.USER, state=State.PENDIENTE if n < pending
             else State.ACEPTADO, requested_at=now, accepted_at=None if n < pending else now, state_changed_at=now,
             version=1) for n, user_id in enumerate(ids)])
    db.session.commit()


def load_members(app) -> None:
    from wizard.extensions import db
    from wizard.models import Account, AccountKind, Membership, Role, State, User
    hh = db.session.scalar(select(Account.id).where(Account.nit == "800111202"))
    add_members(hh, "miembro", MEMBERS, PENDING)
    admin = User(full_name="Administradora Pequeña", email="pequena@bench.example.com", username="bench.pequena",
                 security_question="mascota", mobile_phone="+573001234567", activated_at=utcnow())
    assistant = User(full_name="Asistente Bench", email="asistente@bench.example.com", username="bench.asistente",
                     security_question="mascota", mobile_phone="+573001234567", activated_at=utcnow())
    for user in (admin, assistant):
        user.set_password(BENCH_PASSWORD)
        user.set_security_answer("Firulais")
        db.session.add(user)
    small = Account(name="Pequeña Bench S.A.S.", nit="901234567", check_digit="0", kind=AccountKind.PROVEEDOR,
                    organization_type="sas", country="CO", municipality_code="11001", department_code="11")
    db.session.add(small)
    db.session.flush()
    db.session.add(Membership(user_id=admin.id, account_id=small.id, role=Role.ADMIN, state=State.ACEPTADO,
                              requested_at=utcnow(), accepted_at=utcnow(), state_changed_at=utcnow(), version=1))
    db.session.commit()
    add_members(small.id, "chico", SMALL_MEMBERS, SMALL_PENDING)


def load_accounts(app, count: int) -> None:
    """`count` accounts by one INSERT ... SELECT generate_series, the trigram index rebuilt once afterwards."""
    from wizard.extensions import db

    started = time.monotonic()
    db.session.execute(text("DROP INDEX IF EXISTS ix_accounts_match_key_trgm"))
    db.session.execute(text(ACCOUNTS_SQL), {"count": count})
    db.session.execute(text("SET maintenance_work_mem = '512MB'"))
    db.session.execute(text("CREATE INDEX ix_accounts_match_key_trgm ON accounts USING gin (match_key gin_trgm_ops)"))
    db.session.execute(text("ANALYZE accounts"))
    db.session.commit()
    print(f"  {count:,} cuentas cargadas e indexadas en {time.monotonic() - started:.0f} s", flush=True)


# Later features append their loaders here; each runs in an app context, in order, after the ones above.
LOADERS: list[Callable] = []


def load_all(app, accounts: int) -> None:
    from wizard.extensions import db

    with app.app_context():
        load_members(app)
        load_accounts(app, accounts)
        for loader in LOADERS:
            loader(app)
        # what autovacuum would do in the middle of the measurements after bulk loads: do it now, and statistics
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


# "Plan de pagos": Ana's request in edition (its steps are measured) and requests sent on H&H's contract, which Luis
# supervises, for "Pagos por revisar" (the list's page 3 must cost what page 1 costs).
SENT_REQUESTS = 500
PAYMENT: dict[str, int] = {}  # the ids the payment cases use, set by load_payments


def load_payments(app) -> None:
    from datetime import timedelta

    from wizard.dbtypes import utcnow
    from wizard.extensions import db
    from wizard.models import Contract, PaymentRequest
    from wizard.payments import rules

    ana = db.session.scalar(select(Contract).where(Contract.number == "ESE-CPS-045-2026"))
    supply = db.session.scalar(select(Contract).where(Contract.number == "ESE-SUM-012-2026"))
    today, now = rules.today(), utcnow()
    common = {"number": "Pago bench", "issued_on": today, "due_on": today + timedelta(days=30), "notes": "",
              "payroll_number": "1", "rejection_reason": "", "invoices": False, "version": 1, "created_at": now,
              "state_changed_at": now}
    PAYMENT["editing"] = db.session.scalar(insert(PaymentRequest).returning(PaymentRequest.id).values(
        contract_id=ana.id, instalment_id=ana.instalments[-1].id, state="en_edicion", net=3_000_000,
        total=3_000_000, **common))
    db.session.execute(insert(PaymentRequest), [
        {**common, "contract_id": supply.id, "state": "enviado", "net": 1000, "total": 1000,
         "filing_number": f"BENCH-{i:06d}", "sent_at": now - timedelta(seconds=i)} for i in range(SENT_REQUESTS)])
    PAYMENT["contract"] = ana.id
    db.session.commit()


LOADERS.append(load_payments)
