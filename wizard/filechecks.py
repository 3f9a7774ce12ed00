"""What an uploaded file may be: not empty, not too large, not a program; and the names it is shown and served by."""
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype

BLOCKED_EXTENSIONS = {".exe", ".bat", ".cmd", ".com", ".msi", ".sh", ".ps1", ".scr", ".jar", ".js", ".vbs"}
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


def is_executable(head: bytes, filename: str = "") -> bool:
    """True for a program, judged by its content first and then by its name."""
    if head.startswith(EXECUTABLE_MAGIC):
        return True
    kind = filetype.guess(head[:8192]) if head else None
    if kind is not None and kind.mime in EXECUTABLE_MIMES:
        return True
    return Path(filename.lower().strip()).suffix in BLOCKED_EXTENSIONS


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
    """The name to show and to download as: no folders (a browser may send "../x.pdf"), no control characters."""
    name = re.split(r"[/\\]", filename or "")[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[-255:] if name.strip(".") else "documento"


def download_name(name: str) -> str:
    """The name a download is suggested under."""
    return display_name(name)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
