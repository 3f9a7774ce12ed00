"""What an uploaded file may be: not empty, not too large, not a program; and the names it is shown and served by."""
import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

import filetype

# What Windows (and a Mac or Linux desktop) runs or installs when it is opened: programs, installers, scripts and
# their hosts, shortcuts, registry and control-panel files, disk images that mount with programs inside, Office
# add-ins, ClickOnce. Outlook's blocked list (level 1) is the model.
BLOCKED_EXTENSIONS = {
    ".exe", ".com", ".scr", ".pif", ".cpl", ".dll", ".sys", ".drv", ".ocx",  # programs
    ".msi", ".msp", ".mst", ".msu", ".msix", ".msixbundle", ".appx", ".appxbundle", ".cab",  # installers
    ".bat", ".cmd", ".ps1", ".ps1xml", ".ps2", ".ps2xml", ".psc1", ".psc2", ".psd1", ".psm1", ".psdm1",  # shells
    ".msh", ".msh1", ".msh2", ".mshxml", ".msh1xml", ".msh2xml",
    ".vb", ".vbs", ".vbe", ".vbp", ".js", ".jse", ".ws", ".wsf", ".wsc", ".wsh", ".wsb", ".sct", ".hta", ".htc",
    ".jar", ".jnlp", ".py", ".pyc", ".pyo", ".pyw", ".pyz", ".pyzw", ".pl", ".rb", ".sh", ".bash", ".csh", ".ksh",
    ".zsh", ".command", ".app", ".run",
    ".lnk", ".url", ".website", ".scf", ".inf", ".ins", ".isp", ".reg", ".msc", ".gadget", ".application",
    ".appref-ms", ".xbap", ".settingcontent-ms", ".library-ms", ".search-ms", ".searchconnector-ms",
    ".diagcab", ".diagcfg", ".diagpkg", ".chm", ".hlp", ".grp", ".its", ".mcf", ".ops", ".prf", ".shb", ".shs",
    ".iso", ".img", ".vhd", ".vhdx", ".dmg", ".pkg",  # disk images and packages
    ".xll", ".xla", ".xlam", ".ppam", ".vsmacros", ".vsw", ".ade", ".adp", ".mda", ".mdb", ".mde", ".mdt", ".mdw",
    ".mdz", ".mad", ".maf", ".mag", ".mam", ".maq", ".mar", ".mas", ".mat", ".mau", ".mav", ".maw", ".crt", ".der",
    ".cer", ".theme", ".printerexport", ".plg", ".pcd", ".osd", ".fxp", ".prg", ".cnt", ".hpj", ".bas", ".asp",
    ".aspx", ".asx", ".bgi", ".webpnp", ".xnk", ".tmp",
}
# Characters Windows does not allow in a file name (a browser replaces them when saving); ":" would also name an
# NTFS stream ("x.exe::$DATA" opens x.exe).
_NOT_IN_NAMES = re.compile(r'[<>:"|?*]')

# Magic bytes of programs: Windows PE ("MZ"), ELF, Mach-O (32/64 bit, both byte orders, universal), scripts ("#!").
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe",
                    b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
EXECUTABLE_MIMES = {"application/x-msdownload", "application/x-executable", "application/x-mach-binary",
                    "application/x-sh", "application/x-dosexec", "application/vnd.microsoft.portable-executable"}


@dataclass(frozen=True)
class Checked:
    data: bytes
    content_type: str
    problem: str | None = None


def normalise(filename: str) -> str:
    """The name as it is checked, stored, shown and served: no folders (a browser may send "../x.pdf"), look-alike
    characters as the plain ones (NFKC: "x．ｅｘｅ" is "x.exe"), no control or invisible characters (a right-to-left
    mark can make "fdp.exe" look like "exe.pdf"), nothing Windows refuses in a name, and no trailing dots or spaces,
    which Windows drops ("setup.bat." runs as setup.bat)."""
    name = re.split(r"[/\\]", unicodedata.normalize("NFKC", filename or ""))[-1]
    name = "".join(c for c in name if c.isprintable())
    name = _NOT_IN_NAMES.sub("_", name)
    return " ".join(name.split()).rstrip(" .")


def extension(filename: str) -> str:
    """The normalised name's last extension, in lower case (".exe"); "" when it has none."""
    name = normalise(filename)
    return "." + name.rpartition(".")[2].casefold() if "." in name else ""


def runnable_name(filename: str) -> bool:
    """True when a computer would run the file by its name alone."""
    return extension(filename) in BLOCKED_EXTENSIONS


def is_executable(head: bytes, filename: str = "") -> bool:
    """True for a program, judged by its content first and then by its name."""
    if head.startswith(EXECUTABLE_MAGIC):
        return True
    kind = filetype.guess(head[:8192]) if head else None
    if kind is not None and kind.mime in EXECUTABLE_MIMES:
        return True
    return runnable_name(filename)


# Control characters no spreadsheet writes into a CSV (tab, line breaks, form feed and the old end-of-file mark are
# left out): a PDF's streams, a workbook's ZIP, a picture or a program hold them within their first bytes.
_BINARY = bytes(set(range(32)) - {9, 10, 11, 12, 13, 26}) + b"\x7f"


def read_text(data: bytes) -> str | None:
    """A list or a CSV as text: UTF-8 (with or without its BOM) or, when it is not UTF-8, Windows' Latin-1 (Excel's
    «CSV» on Windows). None for what is no text file whatever its name (a PDF, a workbook or a picture chosen by
    mistake): a control character among its first 8 KB, or a PDF's header. Text that merely begins like a format's
    signature ("BM…", "MZ…", "ID3…", a name in a list without titles) is text."""
    head = data[:8192]
    if head.translate(None, _BINARY) != head or head.lstrip().startswith(b"%PDF-"):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def check(stream: BinaryIO, filename: str, limit: int) -> Checked:
    """Read an upload (at most limit + 1 bytes) and say what is wrong with it, if anything."""
    data = stream.read(limit + 1)
    if not filename:
        return Checked(b"", "", "Elija el archivo que quiere anexar")
    if len(data) > limit:
        return Checked(b"", "", f"El archivo supera el tamaño máximo de {limit // (1024 * 1024)} MB. "
                                "Redúzcalo (por ejemplo en un ZIP) e inténtelo de nuevo")
    if not data:
        return Checked(b"", "", "El archivo está vacío. Elija un archivo con contenido")
    if is_executable(data, filename):
        return Checked(b"", "", "No se aceptan programas ejecutables. Anexe el documento en PDF o ZIP")
    kind = filetype.guess(data[:8192])
    return Checked(data, kind.mime if kind else "application/octet-stream")


def display_name(filename: str) -> str:
    """The name to show and keep: normalised, at most 255 characters (the end, with the extension, is kept)."""
    name = normalise(filename)
    return name[-255:].lstrip() if name.strip(".") else "documento"


def download_name(name: str) -> str:
    """The name a download is suggested under: never one a computer would run (a name kept before the list grew
    gets ".txt" added)."""
    name = display_name(name)
    return f"{name}.txt" if runnable_name(name) else name


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
