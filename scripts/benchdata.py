"""The bench's data, loaded in bulk into its throwaway PostgreSQL after the migrations and the demo data.

- H&H Asociados (its administrator `hhadmin`) gets 10,000 members, 500 of them waiting for an answer;
- "Pequeña Bench S.A.S." (administrator `bench.pequena`) 100 members, 10 pending: the same pages at a second
  size, to show that a list costs the same number of queries however long it is;
- `bench.asistente`, activated and without an account, walks the account wizard;
- 1,000,000 supplier accounts (BENCH_ACCOUNTS to change), named like real ones from a few hundred words, for the
  searches of section 3 and "Nuevo registro".

- the hospital's 5,000 contracts (3,000 of them with H&H Asociados), a small entity with 20 (with "Pequeña Bench"),
  and two circulars of the hospital, to 3,000 contractors and to 20 (load_contracts, load_circulars).

A later feature adds its data with a function in LOADERS: `def load_payments(app): ...` (inside an app context,
after everything above); IDS carries what a case addresses (ids made by the loaders).
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
    small = Account(name="Pequeña Bench S.A.S.", nit="901234567", check_digit="7", kind=AccountKind.PROVEEDOR,
                    organization_type="sas", country="CO", municipality_code="11001", department_code="11")
    db.session.add(small)
    db.session.flush()
    db.session.add(Membership(user_id=admin.id, account_id=small.id, role=Role.ADMIN, state=State.ACEPTADO,
                              requested_at=utcnow(), accepted_at=utcnow(), state_changed_at=utcnow(), version=1))
    db.session.commit()
    add_members(small.id, "chico", SMALL_MEMBERS, SMALL_PENDING)


def load_accounts(app, count: int) -> None:
    """`count` accounts by one INSERT ... SELECT generate_series, the trigram and prefix indexes rebuilt once afterwards."""
    from wizard.extensions import db

    started = time.monotonic()
    db.session.execute(text("DROP INDEX IF EXISTS ix_accounts_match_key_trgm"))
    db.session.execute(text("DROP INDEX IF EXISTS ix_accounts_match_key_prefix"))
    db.session.execute(text(ACCOUNTS_SQL), {"count": count})
    db.session.execute(text("SET maintenance_work_mem = '512MB'"))
    db.session.execute(text("CREATE INDEX ix_accounts_match_key_trgm ON accounts USING gin (match_key gin_trgm_ops)"))
    db.session.execute(text("CREATE INDEX ix_accounts_match_key_prefix ON accounts (match_key varchar_pattern_ops)"))
    db.session.execute(text("ANALYZE accounts"))
    db.session.commit()
    print(f"  {count:,} cuentas cargadas e indexadas en {time.monotonic() - started:.0f} s", flush=True)


# Contracts and circulars at two sizes each (load_contracts, load_circulars) -----------------------------------------
HOSPITAL_NIT, HH_NIT, SMALL_NIT = "900544472", "800111202", "901234567"
CONTRACTS, HH_CONTRACTS, SMALL_CONTRACTS, INSTALMENTS = 5_000, 3_000, 20, 12
RECIPIENTS, SMALL_RECIPIENTS = 3_000, 20
IDS: dict[str, int] = {}  # what the cases address, found by the loaders: "contract", "circular", "small_circular"

CONTRACTS_SQL = """
INSERT INTO contracts (account_id, number, number_key, object, contract_type, modality, value, signed_on, starts_on,
  ends_on, unspsc, contractor_nit, contractor_name, contractor_key, supplier_account_id, supervisor_id, cdp, rp,
  budget_item, funding_source, state, version, created_at, created_by_id, state_changed_at)
SELECT :entity, :prefix || '-' || lpad(i::text, 5, '0'), lower(:prefix) || '-' || lpad(i::text, 5, '0'),
  'Prestación de servicios de apoyo a la gestión número ' || i, 'servicios_apoyo', 'contratacion_directa',
  12000000 + i * 1000, DATE '2026-01-15', DATE '2026-02-01', DATE '2027-01-31', '',
  CASE WHEN i <= :supplied THEN :supplier_nit ELSE (1000000000 + i)::text END,
  CASE WHEN i <= :supplied THEN :supplier_name ELSE 'Contratista Bench ' || i END,
  CASE WHEN i <= :supplied THEN translate(lower(:supplier_name), 'áéíóúñü', 'aeiounu') ELSE 'contratista bench ' || i END,
  CASE WHEN i <= :supplied THEN :supplier ELSE NULL END, :supervisor, 'CDP-' || i, 'RP-' || i,
  '2.1.2.02.02.009 Servicios de apoyo', 'recursos_propios',
  CASE WHEN i % 10 = 0 THEN 'terminado' ELSE 'en_ejecucion' END, 1,
  now() - make_interval(mins => i), :admin, now()
FROM generate_series(1, :count) AS i
"""
INSTALMENTS_SQL = """
INSERT INTO instalments (contract_id, number, due_on, value)
SELECT c.id, n, (DATE '2026-02-28' + make_interval(months => n - 1))::date, c.value / :n
FROM contracts c, generate_series(1, :n) AS n WHERE c.account_id = :entity AND c.number_key LIKE :numbers
"""


def _account_id(nit: str) -> int:
    from wizard.extensions import db
    from wizard.models import Account
    return db.session.scalar(select(Account.id).where(Account.nit == nit))


def _user_id(username: str) -> int:
    from wizard.extensions import db
    from wizard.models import User
    return db.session.scalar(select(User.id).where(User.username_key == username))


def _contracts(entity: int, prefix: str, count: int, supplier: int, supplied: int, supervisor: int, admin: int) -> None:
    from wizard.extensions import db
    from wizard.models import Account
    nit, name = db.session.execute(select(Account.nit, Account.name).where(Account.id == supplier)).one()
    db.session.execute(text(CONTRACTS_SQL), {
        "entity": entity, "prefix": prefix, "count": count, "supplier": supplier, "supplier_nit": nit,
        "supplier_name": name, "supplied": supplied, "supervisor": supervisor, "admin": admin})


def load_contracts(app) -> None:
    """The hospital's 5,000 contracts (3,000 with H&H Asociados: hhadmin's "Mis contratos"), each with a plan of 12
    instalments; a small entity, "Alcaldía Bench" (administrator `bench.entidad`), with 20 contracts, all with
    "Pequeña Bench S.A.S." (bench.pequena's "Mis contratos"): each list at two sizes."""
    from wizard.extensions import db
    from wizard.models import Account, AccountKind, Contract, Membership, Role, State, User

    hospital, hh, small = _account_id(HOSPITAL_NIT), _account_id(HH_NIT), _account_id(SMALL_NIT)
    admin, supervisor = _user_id("hospital.admin"), _user_id("luis.supervisor")
    _contracts(hospital, "BENCH", CONTRACTS, hh, HH_CONTRACTS, supervisor, admin)
    db.session.execute(text(INSTALMENTS_SQL), {"entity": hospital, "n": INSTALMENTS, "numbers": "bench-%"})
    entity_admin = User(full_name="Administrador Alcaldía Bench", email="entidad@bench.example.com",
                        username="bench.entidad", security_question="mascota", mobile_phone="+573001234567",
                        activated_at=utcnow())
    entity_admin.set_password(BENCH_PASSWORD)
    entity_admin.set_security_answer("Firulais")
    town = Account(name="Alcaldía Bench", nit="890501234", check_digit="0", kind=AccountKind.ENTIDAD_ESTATAL,
                   organization_type="alcaldia", country="CO", municipality_code="54518", department_code="54",
                   business_area="publico")
    db.session.add_all([entity_admin, town])
    db.session.flush()
    db.session.add(Membership(user_id=entity_admin.id, account_id=town.id, role=Role.ADMIN, state=State.ACEPTADO,
                              requested_at=utcnow(), accepted_at=utcnow(), state_changed_at=utcnow(), version=1))
    _contracts(town.id, "ALC", SMALL_CONTRACTS, small, SMALL_CONTRACTS, entity_admin.id, entity_admin.id)
    db.session.execute(text(INSTALMENTS_SQL), {"entity": town.id, "n": INSTALMENTS, "numbers": "alc-%"})
    # the detail page: the demo contract of Ana, with its plan, documents and history
    IDS["contract"] = db.session.scalar(select(Contract.id).where(Contract.account_id == hospital,
                                                                  Contract.number_key == "ese-cps-045-2026"))
    db.session.commit()
    print(f"  {CONTRACTS:,} + {SMALL_CONTRACTS} contratos cargados", flush=True)


def _recipients(circular_id: int, prefix: str, count: int) -> None:
    """`count` listed contractors: every 7th registered with the row's email (half of those activated), every 14th
    with a supplier account of their cédula; the rest "Sin registrarse"."""
    from wizard.extensions import db
    from wizard.models import Account, AccountKind, CircularRecipient, User
    now = utcnow()
    number = lambda n: str(30_000_000 + n) if prefix == "seg" else str(40_000_000 + n)  # noqa: E731
    email = lambda n: f"{prefix}{n}@bench.example.com"  # noqa: E731
    db.session.execute(insert(CircularRecipient), [
        dict(circular_id=circular_id, listed=True, name=f"Contratista {prefix} {n}", name_key=f"contratista {prefix} {n}",
             number=number(n), email=email(n), email_key=email(n), token=f"bench-{prefix}-{n:06d}", reminders=0,
             created_at=now, invited_at=now) for n in range(count)])
    people = _users(prefix, count)[0:count:7]  # their emails are the rows' (f"{prefix}{n}@bench.example.com")
    db.session.execute(insert(User), [dict(user, activated_at=now if n % 2 else None) for n, user in enumerate(people)])
    db.session.execute(insert(Account), [
        dict(kind=AccountKind.PROVEEDOR, country="CO", business_area="privado",
             organization_type="persona_natural_colombiana", name=f"Contratista {prefix} {n}",
             name_key=f"contratista {prefix} {n}", match_key=f"contratista{prefix}{n}", nit=number(n), check_digit="0",
             department_code="54", municipality_code="54518", created_at=now) for n in range(0, count, 14)])


def load_circulars(app) -> None:
    """Two published circulars of the hospital: one to 3,000 contractors, one to 20, in every state."""
    from wizard.extensions import db
    from wizard.models import Circular, CircularState

    hospital, admin = _account_id(HOSPITAL_NIT), _user_id("hospital.admin")
    for key, number, prefix, count in (("circular", "0100-2026", "seg", RECIPIENTS),
                                       ("small_circular", "0101-2026", "segp", SMALL_RECIPIENTS)):
        circular = Circular(account_id=hospital, number=number, subject="INSCRIPCION PLATAFORMA SECOP II",
                            addressees="Contratistas de la ESE", body="Inscripción en SECOP II.",
                            deadline=utcnow().date(), signer_name="Edith Rojas Villamizar",
                            signer_position="Subdirectora Administrativa", links=[], state=CircularState.PUBLICADA,
                            created_by_id=admin, published_at=utcnow())
        db.session.add(circular)
        db.session.flush()
        IDS[key] = circular.id
        _recipients(circular.id, prefix, count)
    db.session.commit()
    print(f"  circulares con {RECIPIENTS:,} y {SMALL_RECIPIENTS} contratistas cargadas", flush=True)


# Later features append their loaders here; each runs in an app context, in order, after the ones above.
LOADERS: list[Callable] = [load_contracts, load_circulars]


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
