"""File names are checked as Windows would run them: normalised first, against what Windows runs, never served so."""
import pytest

from wizard import filechecks

RUNNABLE = ["setup.bat.", "x.js.", "a.ps1 .", "informe.pdf.exe", "b.hta", "c.vbe", "d.wsf", "e.lnk", "f.reg",
            "g.cpl", "h.pif", "i.iso", "j.msc", "k.scf", "l.ps1xml", "m.psm1", "n.vbs", "o.js", "p.jse", "q.wsh",
            "r.gadget", "s.application", "t.appref-ms", "U.EXE", "v.Msi", "w.exe . . .", "x．ｅｘｅ", "y.exe\u200b",
            "z.exe\u00a0", "fdp\u202e.exe", "carpeta/../instalar.cmd", "C:\\Users\\a\\run.scr", ".exe",
            "a.settingcontent-ms", "boot.vhdx", "add-in.xll", "mac.command", "x" * 300 + ".bat"]
DOCUMENTS = ["informe.pdf", "soportes.zip", "RUT 2024.PDF", "a.b.c.docx", "notas.txt", "cédula.png",
             "informe.exe.pdf", "planilla.xlsx"]


@pytest.mark.parametrize("name", RUNNABLE, ids=repr)
def test_a_runnable_name_is_refused_however_it_is_written(name):
    assert filechecks.is_executable(b"%PDF-1.4\n", name)
    assert filechecks.check(__import__("io").BytesIO(b"%PDF-1.4\n"), name, 1000).problem.startswith(
        "No se aceptan programas ejecutables")


@pytest.mark.parametrize("name", DOCUMENTS, ids=repr)
def test_documents_keep_their_names(name):
    assert not filechecks.is_executable(b"%PDF-1.4\n", name)
    assert filechecks.display_name(name) == filechecks.download_name(name) == name


@pytest.mark.parametrize("name", RUNNABLE, ids=repr)
def test_a_download_is_never_suggested_under_a_runnable_name(name):
    """A document kept before the list grew (or under an old rule) is still served under a name that does not run."""
    suggested = filechecks.download_name(name)
    assert not filechecks.runnable_name(suggested) and suggested.endswith(".txt")
    assert len(filechecks.display_name(name)) <= 255


def test_names_are_shown_as_they_are_checked():
    assert filechecks.display_name("setup.bat. ") == "setup.bat"
    assert filechecks.display_name("x．ｅｘｅ") == "x.exe"
    assert filechecks.display_name("fdp\u202e.exe") == "fdp.exe"  # no right-to-left trick in the list of documents
    assert filechecks.display_name("x.exe::$DATA") == "x.exe__$DATA"  # no NTFS stream
    assert filechecks.display_name(" . ") == "documento"


@pytest.mark.parametrize("data", [b"BMX Servicios SAS;900373923\r\n", b"MZ Ingenieria;1\n", b"ID3 Consultores,2\n",
                                  "Peña;3\n".encode("cp1252"), "\ufeffNombre;Cédula\n".encode()])
def test_text_is_read_as_text_whatever_its_first_letters(data):
    assert filechecks.read_text(data) is not None


@pytest.mark.parametrize("data", [b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", b"PK\x03\x04xl/workbook.xml",
                                  b"\x89PNG\r\n\x1a\n\x00\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"a;b\x00c"])
def test_a_pdf_a_workbook_or_a_picture_is_no_text(data):
    assert filechecks.read_text(data) is None
