"""The portal's foundation: pages, headers, migrations, demo data, reference data."""
import subprocess
import sys

import pytest

from sqlalchemy import select

from tests.helpers.pages import check_page
from wizard import demo, nit
from wizard.extensions import db
from wizard.models import Account, Membership, State
from wizard.reference import municipality, search_municipalities
from wizard.text import fold


def test_home_page_says_what_the_portal_is_for_and_offers_registro_and_entrar(client):
    html = check_page(client.get("/"))
    assert ">Registro</a>" in html and ">Entrar</a>" in html
    assert "Cree su usuario" in html


def test_every_page_carries_a_strict_content_security_policy_and_no_cache_for_wizards(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "no-store"


def test_no_page_template_has_inline_style_or_script_which_the_policy_would_block():
    """Emails may carry inline styles (mail clients need them); pages may not: the CSP refuses them in the browser."""
    import re

    from wizard.config import ROOT

    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if path.parts[-2] == "email":
            continue
        text = path.read_text()
        for pattern in (r"\sstyle\s*=", r"<script(?![^>]*\ssrc=)", r"\son[a-z]+\s*=", r"hx-on"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []


def test_pages_load_only_local_assets(client):
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    assert "/static/js/htmx-2.0.11.min.js" in html


def test_unknown_page_answers_in_spanish(client):
    response = client.get("/no-existe")
    assert response.status_code == 404
    assert "Página no encontrada" in response.get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_config_refuses_to_start_without_a_secret_key(monkeypatch):
    script = "import wizard; wizard.create_app('production')"
    env = {"PATH": "", "PORTAL_ENV": "production"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=".")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", "SECRET_KEY": "x",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite'}"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    upgrade = subprocess.run([*flask, "db", "upgrade"], capture_output=True, text=True, env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    check = subprocess.run([*flask, "db", "check"], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stdout + check.stderr


def test_demo_data_loads_twice_without_duplicates(app):
    with app.app_context():
        assert "H&H Asociados" in demo.load()
        assert demo.load() == []
        hh = db.session.scalar(select(Account).where(Account.nit == "800111202"))
        assert hh.check_digit == "1" and hh.city == "Bogotá D.C."
        hospital = db.session.scalar(select(Account).where(Account.name.like("E.S.E. Hospital%")))
        assert hospital.kind == "entidad_estatal"
        accepted = db.session.execute(select(Membership.role).where(
            Membership.account_id == hospital.id, Membership.state == State.ACEPTADO)).scalars().all()
        assert sorted(accepted) == ["administrador", "usuario"]  # hospital.admin, and luis.supervisor


def test_nit_check_digits_match_dian():
    known = {"860069804": "2", "900373923": "8", "800199436": "4", "700085371": "1", "800111202": "1",
             "1032387714": "9", "900544472": "2"}
    assert {number: nit.check_digit(number) for number in known} == known


def test_nit_rules_explain_what_is_wrong():
    assert nit.problem("800.111.202") is None
    assert nit.problem("") == "Escriba el NIT, sin el dígito de verificación"
    assert "solo con números" in nit.problem("80011A202")
    assert "entre 5 y 10 dígitos" in nit.problem("1234")
    assert "entre 5 y 10 dígitos" in nit.problem("12345678901")


def test_a_check_digit_typed_after_a_dash_is_dropped_but_other_dashes_are_not_digits():
    assert nit.without_check_digit("800.111.202-1") == "800111202"
    assert nit.without_check_digit(" 900373923 - 8 ") == "900373923"
    assert nit.without_check_digit("900373923") == "900373923"
    assert nit.without_check_digit("90-0373923") == "900373923"


def test_divipola_lookups_find_municipalities_without_accents():
    assert municipality("54518").label == "Pamplona, Norte de Santander"
    assert municipality("11001").name == "Bogotá D.C."
    assert [m.label for m in search_municipalities("pampl")] == ["Pamplona, Norte de Santander", "Pamplonita, Norte de Santander"]
    assert "91001" in [m.code for m in search_municipalities("leticia")]
    assert "05001" in [m.code for m in search_municipalities("MEDELLIN")]


def test_fold_ignores_case_accents_and_extra_spaces():
    assert fold("  Bogotá   D.C. ") == "bogota d.c."
    assert fold("ÑANDÚ") == "nandu"


def test_htmx_request_targeting_main_gets_only_the_content_with_its_title(client):
    response = client.get("/", headers={"HX-Request": "true", "HX-Target": "main"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<title>Inicio · Portal SECOP</title>" in html
    assert "Regístrese para contratar" in html


def test_history_restore_gets_the_full_page(client):
    headers = {"HX-Request": "true", "HX-Target": "main", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/", headers=headers).get_data(as_text=True)


@pytest.mark.settings(PROXY_COUNT=1)
def test_behind_a_proxy_the_client_address_is_the_forwarded_one(app):
    seen = {}

    @app.get("/_ip")
    def ip():
        from flask import request

        seen["ip"] = request.remote_addr
        return ""

    app.test_client().get("/_ip", headers={"X-Forwarded-For": "190.24.1.7"})
    assert seen["ip"] == "190.24.1.7"


def test_purge_drafts_command_deletes_only_old_section_1_drafts(app):
    from datetime import timedelta

    from wizard.models import RegistrationDraft
    from wizard.dbtypes import utcnow

    with app.app_context():
        db.session.add_all([RegistrationDraft(data={"full_name": "Vieja"}, updated_at=utcnow() - timedelta(days=40)),
                            RegistrationDraft(data={"full_name": "Nueva"})])
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-drafts"])
    assert "Borradores eliminados: 1 del registro y 0 de cuentas." in result.output
    with app.app_context():
        assert [d.data["full_name"] for d in db.session.scalars(select(RegistrationDraft))] == ["Nueva"]


def test_no_template_needs_inline_styles_or_scripts_that_the_csp_would_block():
    import re
    from pathlib import Path

    offenders = []
    for path in Path("templates").rglob("*.html"):
        if path.parts[1] == "email":  # mail clients need inline styles; emails are not served under our CSP
            continue
        text = path.read_text()
        if re.search(r"\sstyle=", text) or re.search(r"<script(?![^>]*\ssrc=)", text) or re.search(r"\son[a-z]+=", text) \
                or "hx-on" in text:
            offenders.append(str(path))
    assert offenders == []


def test_htmx_never_copies_style_attributes_which_the_policy_forbids(client):
    """htmx settles "style" by default: an old element's style="" (set by an extension or autofill) was re-applied
    with setAttribute after every swap, and the CSP blocked and reported it."""
    import json
    import re

    html = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'", html).group(1))
    assert "style" not in config["attributesToSettle"] and "class" in config["attributesToSettle"]
