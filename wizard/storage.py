"""Uploaded files: checked (no executables, size limit), kept under UPLOAD_FOLDER with a random key, never in static/.

Storage sits behind three functions (save, path, delete) so a cloud store can replace the local folder later.
"""
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from flask import current_app

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


def max_bytes() -> int:
    return current_app.config["MAX_DOCUMENT_BYTES"]


def max_label() -> str:
    return f"{max_bytes() // (1024 * 1024)} MB"


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


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]).resolve()
    static = Path(current_app.static_folder or "static").resolve()
    if folder == static or static in folder.parents:
        raise RuntimeError("UPLOAD_FOLDER no puede estar dentro de static/: los documentos se servirían sin control")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(data: bytes) -> str:
    """Store the bytes under a new random key and return it."""
    key = secrets.token_urlsafe(24)
    (_folder() / key).write_bytes(data)
    return key


def path(key: str) -> Path:
    if not key or "/" in key or "\\" in key or key.startswith("."):
        raise FileNotFoundError(key)
    return _folder() / key


def delete(key: str) -> None:
    try:
        path(key).unlink(missing_ok=True)
    except FileNotFoundError:
        pass


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
