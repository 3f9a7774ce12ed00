"""On PostgreSQL the account searches of section 3 and "Nuevo registro" read the index the code chooses
(wizard/account_search.py): the B-tree of "starts with", the trigrams, or the names in order."""
import subprocess
import sys

import pytest
from sqlalchemy import text

from wizard import create_app
from wizard.extensions import db
from wizard.models import Account
from tests.helpers.plans import plans_of
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
# and 300 that sit together at the end of the alphabet, the trap of FINDINGS 14: what they hold after their first
# word ("restrepo ferreteria") is in no other name, and walking the names in order reaches them last
CLUSTER = [f"Zuluaga Restrepo Ferreteria {i}" for i in range(300)]
KEY = {n: n.lower().replace(" ", "").replace(".", "") for n in NAMES + CLUSTER}


def searched(app, typed):
    return plans_of(app, lambda: [a.name for a in search_accounts("CO", typed)])


def test_a_search_by_part_of_a_name_reads_an_index_chosen_by_the_code(postgres_url):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", "SECRET_KEY": "x", "DATABASE_URL": postgres_url}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0, result.stderr
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        db.session.execute(text(FILL))
        db.session.add_all(Account(name=n, nit=str(900000000 + i), check_digit="0", kind="proveedor",
                                   organization_type="sas", country="CO") for i, n in enumerate(CLUSTER))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE accounts"))

    # the start of names: a range of the B-tree of "starts with", in its order, and nothing else read
    found, plans = searched(app, "Rojas inversiones")
    starting = sorted((n for n in NAMES if n.startswith("Rojas Inversiones")), key=KEY.get)
    assert found == starting[:20]
    assert len(plans) == 1 and "ix_accounts_match_key_prefix" in plans[0], plans
    # a rare part further on in the names: the trigram index finds the few rows, sorted by name
    for typed, fragment in (("servicios s.a.s. 1234", "Servicios S.A.S. 1234"),
                            ("INGENIERÍA s.a.s. 2968", "Ingenieria S.A.S. 2968")):
        found, plans = searched(app, typed)
        assert found == sorted(n for n in NAMES if fragment in n)[:20], typed
        assert any("ix_accounts_match_key_trgm" in plan for plan in plans), plans
        assert not any("ix_accounts_name_key" in plan for plan in plans), plans
    # the trap: names together at the end of the alphabet; never a walk through the 30,000 before them
    found, plans = searched(app, "restrepo ferretería")
    assert found == sorted(CLUSTER)[:20]
    assert not any("ix_accounts_name_key" in plan or "Seq Scan on accounts" in plan for plan in plans), plans
    # a part of nearly every name: walking the names in order finds the first 20 at once
    found, plans = searched(app, "S.A.S.")
    assert found == sorted(n for n in NAMES + CLUSTER if "S.A.S." in n)[:20]
    assert any("ix_accounts_name_key" in plan for plan in plans), plans
    # a key of two letters has no trigram: the start of the name, through the B-tree prefix index (s15)
    with app.app_context():
        db.session.add(Account(name="H&H Asociados", nit="800111202", check_digit="1", kind="proveedor",
                               organization_type="sas", country="CO"))
        db.session.commit()
    found, plans = searched(app, "H & H")
    assert found == ["H&H Asociados"]
    assert len(plans) == 1 and "ix_accounts_match_key_prefix" in plans[0], plans
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
