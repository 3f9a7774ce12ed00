"""The CUFE (Código Único de Factura Electrónica): its form, and DIAN's public look-up of it.

A CUFE is the SHA-384 of the invoice's fields (DIAN's Anexo Técnico de Factura Electrónica), written as 96
lower-case hexadecimal characters. A contractor cannot recompute it (the clave técnica is the issuer's), so the
portal checks its form, normalises what people paste (capitals, spaces, line breaks, a "CUFE:" label), refuses one
already used, and links to DIAN's look-up for the contractor and the supervisor to see the invoice.
"""
import hashlib
import re
from urllib.parse import quote

LENGTH = 96
DIAN_LOOKUP = "https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey={}"
_HEX = re.compile(r"^[0-9a-f]{96}$")
_LABEL = re.compile(r"^\s*cufe\s*[:=]?\s*", re.IGNORECASE)


def normalise(value: str | None) -> str:
    """The CUFE as stored: without a leading "CUFE:", spaces, tabs, line breaks or dashes, in lower case."""
    text = _LABEL.sub("", value or "")
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u200b\ufeff").lower()


def problem(value: str | None) -> str | None:
    """Why what was typed is not a CUFE, in the words the contractor needs, or None when its form is right."""
    code = normalise(value)
    if not code:
        return "Escriba el CUFE de la factura electrónica: está en la factura, debajo del código QR"
    if not code.isascii() or not all(ch in "0123456789abcdef" for ch in code):
        wrong = next(ch for ch in code if ch not in "0123456789abcdef")
        return (f"El CUFE solo tiene números y letras de la a a la f; revise el carácter «{wrong}». "
                "Cópielo de la factura tal como aparece")
    if len(code) != LENGTH:
        return (f"El CUFE tiene {LENGTH} caracteres y usted escribió {len(code)}. "
                "Cópielo completo de la factura (puede pegarlo con espacios o en varias líneas)")
    return None


def is_valid(value: str | None) -> bool:
    return problem(value) is None and bool(_HEX.match(normalise(value)))


def lookup_url(value: str) -> str:
    """DIAN's public page of the invoice with this CUFE (no open API stands behind it)."""
    return DIAN_LOOKUP.format(quote(normalise(value)))


def compute(number: str, issued: str, time: str, value: str, tax_iva: str, tax_inc: str, tax_ica: str, total: str,
            issuer_nit: str, buyer_id: str, technical_key: str, environment: str = "1") -> str:
    """The CUFE of an invoice by DIAN's rule; the portal only uses it to make valid ones for tests and demo data.

    NumFac + FecFac + HorFac + ValFac + "01" + ValImp1 + "04" + ValImp2 + "03" + ValImp3 + ValTot + NitOFE +
    NumAdq + ClTec + TipoAmbiente, amounts with two decimals and a point.
    """
    text = (f"{number}{issued}{time}{value}01{tax_iva}04{tax_inc}03{tax_ica}{total}{issuer_nit}{buyer_id}"
            f"{technical_key}{environment}")
    return hashlib.sha384(text.encode("utf-8")).hexdigest()
