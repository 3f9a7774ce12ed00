"""On PostgreSQL, migration f12 fills accounts.match_key and a name search reads its trigram index, not the table."""
import subprocess
import sys

from sqlalchemy import text

from tests.helpers.plans import plans_of
from wizard import create_app, names
from wizard.extensions import db
from wizard.registration.service import search_accounts

# 30,000 accounts named from a few words: "Rojas Construcciones S.A.S. 17"; match_key as the app would key them
FILL = """
INSERT INTO accounts (kind, country, business_area, organization_type, name, name_key, match_key, short_name, nit,
  check_digit, tax_regime, department_code, municipality_code, address, postal_code, office_email, office_phone,
  office_fax, website, notification_email, facebook_url, linkedin_url, youtube_url, twitter_url, bank_name,
  bank_account_number, bank_account_type, legal_rep_name, legal_rep_id_type, legal_rep_id_number, legal_rep_email,
  legal_rep_phone, created_at)
SELECT 'proveedor', 'CO', 'privado', 'sas', n, lower(n), regexp_replace(lower(n), '[^a-z0-9]', '', 'g'), '', (800000000 + i)::text, '0',
  '', '11', '11001', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', now()
FROM generate_series(1, 30000) AS i,
  LATERAL (SELECT (ARRAY['Rojas','Gomez','Perez','Diaz'])[1 + i % 4] || ' ' ||
           (ARRAY['Construcciones','Inversiones','Servicios'])[1 + (i / 4) % 3] AS w) AS words,
  LATERAL (SELECT w || ' S.A.S. ' || i AS n) AS name
"""


def test_match_key_is_filled_and_searched_through_indexes(postgres_url):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", "SECRET_KEY": "x", "DATABASE_URL": postgres_url}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    result = subprocess.run([*flask, "db", "upgrade", "a6_workflow_events"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    app = create_app({"SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():  # an account from before the migration, without match_key
        db.session.execute(text(FILL.replace("match_key, ", "").replace("regexp_replace(lower(n), '[^a-z0-9]', '', 'g'), ", "")
                                .replace("generate_series(1, 30000)", "generate_series(0, 0)")
                                .replace("w || ' S.A.S. ' || i", "'H & H Asociados S.A.S.'")))
        db.session.commit()
    result = subprocess.run([*flask, "db", "upgrade"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    with app.app_context():
        key = db.session.scalar(text("SELECT match_key FROM accounts WHERE nit = '800000000'"))
        assert key == names.stored_key("H & H Asociados S.A.S.") == "hhasociadossas"
        db.session.execute(text(FILL))
        db.session.commit()
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            # the whole table as ANALYZE's sample (30,001 rows is just over the default 30,000): the plan then never
            # depends on which rows a random sample happened to read
            connection.exec_driver_sql("SET default_statistics_target = 1000")
            connection.exec_driver_sql("VACUUM ANALYZE accounts")  # as autovacuum would: GIN's pending list merged
    found, plans = plans_of(app, lambda: [a.name for a in search_accounts("CO", "h & h asociados")])
    assert found == ["H & H Asociados S.A.S."]
    assert "ix_accounts_match_key_prefix" in plans[0], plans  # the start of the name, then the rest by trigrams
    assert not any("Seq Scan on accounts" in plan for plan in plans), plans
    rare, plans = plans_of(app, lambda: [a.name for a in search_accounts("CO", "servicios s.a.s. 1234")])
    assert rare and all("Servicios S.A.S. 1234" in name for name in rare), rare
    assert any("ix_accounts_match_key_trgm" in plan for plan in plans), plans  # a rare fragment further on
    assert not any("Seq Scan on accounts" in plan for plan in plans), plans  # never the whole table
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
