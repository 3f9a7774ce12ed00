"""QR codes as inline SVG (segno): printable on a paper letter, drawn on the server, no script, no inline style."""
import io

import segno
from markupsafe import Markup


def svg(url: str, title: str = "Código QR del enlace", scale: int = 4) -> Markup:
    """An <svg> of the URL's QR code (error correction M: readable from a printed, folded letter)."""
    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=scale, border=4, title=title, svgclass="qr", lineclass=None,
                                  omitsize=False))


def svg_document(url: str, title: str = "Código QR del enlace") -> bytes:
    """A standalone SVG file of the URL's QR code, to download and print at any size."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=10, border=4, title=title)
    return buffer.getvalue()
