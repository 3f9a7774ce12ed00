"""Pages, swaps, styles and scripts travel compressed to a browser that accepts it; small answers and files do not."""
import gzip

import brotli
import pytest

from wizard.config import ROOT

HTMX = next((ROOT / "static" / "js").glob("htmx-*.min.js"))
BROWSER = "gzip, deflate, br, zstd"  # what Chromium sends


def test_section_1_travels_gzipped_to_a_browser_that_accepts_only_gzip_and_reads_the_same(client):
    plain = client.get("/registro/")
    packed = client.get("/registro/", headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "HX-Request" in packed.headers["Vary"]
    page = gzip.decompress(packed.get_data()).decode()
    assert "Registrar usuario" in page and 'name="email"' in page
    assert len(packed.get_data()) < len(plain.get_data()) / 2


def test_a_browser_gets_the_best_it_accepts_and_the_same_page(client):
    from flask_compress.compat import compression

    answer = client.get("/entrar", headers={"Accept-Encoding": BROWSER})

    assert answer.headers["Content-Encoding"] == "zstd"
    assert "Nombre de usuario" in compression.zstd.decompress(answer.get_data()).decode()


def test_htmx_itself_travels_compressed_byte_for_byte(client):
    url = f"/static/js/{HTMX.name}"

    with client.get(url, headers={"Accept-Encoding": "br, gzip"}) as packed, client.get(url) as plain, \
            client.get(url, headers={"Accept-Encoding": "gzip"}) as gzipped:
        assert gzip.decompress(gzipped.get_data()) == HTMX.read_bytes()

    assert packed.headers["Content-Encoding"] == "br"
    assert int(packed.headers["Content-Length"]) == len(packed.get_data())
    assert brotli.decompress(packed.get_data()) == HTMX.read_bytes()
    assert len(packed.get_data()) < HTMX.stat().st_size / 2
    assert "Content-Encoding" not in plain.headers and plain.get_data() == HTMX.read_bytes()


def test_a_field_checks_small_answer_is_sent_as_it_is(client):
    answer = client.post("/registro/validar?campo=email", data={"email": "no-es-un-correo"},
                         headers={"HX-Request": "true", "Accept-Encoding": BROWSER})

    assert answer.status_code == 200 and len(answer.get_data()) < 500
    assert "Content-Encoding" not in answer.headers
    assert "correo" in answer.get_data(as_text=True)



def test_an_anonymous_page_with_a_query_string_is_compressed(client):
    answer = client.get("/entrar?next=/cuenta/escritorio", headers={"Accept-Encoding": "gzip"})

    assert answer.headers["Content-Encoding"] == "gzip"


@pytest.mark.settings(USE_X_SENDFILE=True)
def test_a_file_a_front_server_sends_itself_is_not_labelled_compressed(client):
    with client.get(f"/static/js/{HTMX.name}", headers={"Accept-Encoding": BROWSER}) as answer:
        assert answer.headers.get("X-Sendfile", "").endswith(HTMX.name)
        assert "Content-Encoding" not in answer.headers
