"""The circular's QR code: an SVG of the link, inline in the page and as a file, with nothing a strict CSP refuses."""
import re

import segno

from wizard import qr

URL = "https://portal.example.com/circulares/0014-2026/abcDEF123"


def test_the_inline_svg_draws_the_links_code_without_inline_style():
    markup = str(qr.svg(URL))
    assert markup.startswith("<svg") and "<title>Código QR del enlace</title>" in markup
    assert "style=" not in markup and "<script" not in markup


def _path(svg_text: str) -> str:
    return re.search(r' d="([^"]+)"', svg_text).group(1)


def test_the_inline_code_and_the_file_encode_the_link_and_only_it():
    expected = _path(segno.make(URL, error="m").svg_inline(scale=1))
    assert _path(str(qr.svg(URL, scale=1))) == expected
    data = qr.svg_document(URL).decode()
    assert data.startswith("<?xml") and "<svg" in data
    assert _path(str(qr.svg(URL + "x", scale=1))) != expected
