"""On PostgreSQL the account searches of section 3 and "Nuevo registro" use the trigram index of the migration."""
import subprocess
import sys

import pytest
from sqlalchemy import event, text

from wizard import create_app
from wizard.extensions import db
from wizard.models import Account
from wizard.registration.service import search_accounts

# 30,000 accounts named from a few words, like the bench's million: "Rojas Gómez Construcciones S.A.S. 17"
FILL = """
INSERT INTO accounts (kind, country, business_area, organization_type, name, name_key, match_key, short_name, nit,
  check_digit,
  tax_regime, department_code, municipality_code, address, postal_code, office_email, office_phone, office_fax,
  website, notification_email, facebook_url, linkedin_url, youtube_url, twitter_url, bank_name, bank_account_number,
  bank_account_type, legal_rep_name, legal_rep_id_type, legal_rep_id_number, legal_rep_email, legal_rep_phone,
  created_at)
SELECT 'proveedor', 'CO', 'privado', 'sas', n, lower(n), regexp_replace(lower(n), '[^a-z0-9]', '', 'g'), '',
  (800000000 + i)::text, '0',
  '', '11', '11001', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', now()
FROM generate_series(1, 30000) AS i,
  LATERAL (SELECT (ARRAY['Rojas','Gomez','Perez','Diaz','Lopez','Martinez','Garcia','Torres'])[1 + i % 8] || ' ' ||
           (ARRAY['Construcciones','Inversiones','Servicios','Ingenieria','Comercializadora'])[1 + (i / 8) % 5] ||
           ' S.A.S. ' || i AS n) AS name
"""


SURNAMES = ['Rojas', 'Gomez', 'Perez', 'Diaz', 'Lopez', 'Martinez', 'Garcia', 'Torres']
TRADES = ['Construcciones', 'Inversiones', 'Servicios', 'Ingenieria', 'Comercializadora']
NAMES = [f"{SURNAMES[i % 8]} {TRADES[(i // 8) % 5]} S.A.S. {i}" for i in range(1, 30001)]


def plans(app, search) -> list[str]:
    """EXPLAIN of every statement `search` runs against the database."""
    statements = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            found = search()
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
        with db.engine.connect() as connection:
            explained = ["\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + s, p))
                         for s, p in statements]
    return found, explained


def test_a_search_by_part_of_a_name_reads_the_trigram_index(postgres_url):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", "SECRET_KEY": "x", "DATABASE_URL": postgres_url}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0, result.stderr
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        db.session.execute(text(FILL))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE accounts"))

    # a rare part of a name: the trigram index finds the few rows
    for typed, fragment in (("servicios s.a.s. 1234", "Servicios S.A.S. 1234"),
                            ("INGENIERÍA s.a.s. 2968", "Ingenieria S.A.S. 2968")):
        found, [plan] = plans(app, lambda: [a.name for a in search_accounts("CO", typed)])
        assert found == sorted(n for n in NAMES if fragment in n)[:20], typed
        assert "ix_accounts_match_key_trgm" in plan, plan
    # a common one: walking the names in order finds the first 20 at once, and PostgreSQL knows it
    found, [plan] = plans(app, lambda: [a.name for a in search_accounts("CO", "pérez comercializadora")])
    assert found == sorted(n for n in NAMES if "Perez Comercializadora" in n)[:20]
    # a key of two letters has no trigram: the start of the name, through the B-tree prefix index (s15)
    with app.app_context():
        db.session.add(Account(name="H&H Asociados", nit="800111202", check_digit="1", kind="proveedor",
                               organization_type="sas", country="CO"))
        db.session.commit()
    found, [plan] = plans(app, lambda: [a.name for a in search_accounts("CO", "H & H")])
    assert found == ["H&H Asociados"]
    assert "ix_accounts_match_key_prefix" in plan, plan
    # and JIT stays off: the portal's queries are short, compiling them cost more than running them
    with app.app_context():
        assert db.session.scalar(text("SHOW jit")) == "off"
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_searches_are_planned_with_their_values_and_never_prepared(postgres_url):
    """A prepared search could get PostgreSQL's generic plan, made without the pattern: a walk through every name."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        db.create_all()
        for typed in ["constructora andina"] * 8 + ["otra"] * 8:
            search_accounts("CO", typed)
        assert db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements")) == 0
        db.session.remove()
        db.engine.dispose()
