"""Hostile ZIPs are refused with a message, read in memory only; a good one's file list is kept."""
import io
import zipfile

import pytest

from wizard import zipcheck

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_zip(files: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_documents_gives_its_file_list():
    data = make_zip({"informe.pdf": PDF, "soportes/planilla.pdf": PDF, "soportes/": b""})
    found = zipcheck.inspect(data)
    assert found.problem is None
    assert found.listing() == [{"nombre": "informe.pdf", "tamano": len(PDF)},
                               {"nombre": "soportes/planilla.pdf", "tamano": len(PDF)}]


@pytest.mark.parametrize("name", ["setup.exe", "carpeta/virus.bat", "informe.pdf.exe", "x.js", "script.ps1"])
def test_a_program_inside_is_refused_by_its_name(name):
    assert "programa ejecutable" in zipcheck.inspect(make_zip({"informe.pdf": PDF, name: b"hola"})).problem


def test_a_program_inside_is_refused_by_its_content_whatever_its_name():
    found = zipcheck.inspect(make_zip({"informe.pdf": b"MZ\x90\x00" + b"\x00" * 200}))
    assert "programa ejecutable («informe.pdf»)" in found.problem


def test_a_program_in_a_zip_inside_the_zip_is_refused():
    inner = make_zip({"setup.exe": b"MZ\x90\x00"})
    assert "programa ejecutable («anexos.zip/setup.exe»)" in zipcheck.inspect(make_zip({"anexos.zip": inner})).problem


def test_zips_nested_too_deep_are_refused():
    deep = make_zip({"c.zip": make_zip({"d.pdf": PDF})})
    assert "ZIPs dentro de otros ZIPs" in zipcheck.inspect(make_zip({"b.zip": deep})).problem


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "C:\\Windows\\x.pdf", "a/../../b.pdf",
                                  "..\\..\\x.pdf"])
def test_names_that_climb_out_of_their_folder_are_refused(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(name), PDF)
    assert "no pueden salir de su carpeta" in zipcheck.inspect(buffer.getvalue()).problem


def test_an_archive_that_would_expand_far_beyond_its_size_is_refused():
    bomb = make_zip({"ceros.pdf": b"%PDF" + b"\x00" * (50 * 1024 * 1024)})
    assert len(bomb) < 200_000
    assert "se expandiría" in zipcheck.inspect(bomb).problem


def test_a_password_protected_entry_is_refused():
    data = bytearray(make_zip({"informe.pdf": PDF}, compression=zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" flag bit
        at = data.index(signature)
        data[at + offset] |= 0x1
    assert "contraseña" in zipcheck.inspect(bytes(data)).problem


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04basura", b"%PDF-1.4 no soy un zip", make_zip({"a.pdf": PDF})[:-30]])
def test_what_is_not_a_readable_zip_is_refused_not_a_crash(data):
    assert "no es un ZIP válido" in zipcheck.inspect(data).problem
