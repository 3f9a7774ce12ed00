"""What is inside a ZIP, read in memory and never unpacked to disk: its file list, or why it is refused.

Refused: a file that is not a readable ZIP, a ZIP with a password (nobody at the entity could open it), names
that climb out of their folder ("../", "/etc", "C:\\"), programs inside (by content and by name, in nested ZIPs
too), and archives that would expand far beyond their size (a "ZIP bomb"). Python's zipfile never yields more
bytes than an entry declares, so checking the declared sizes bounds what reading it could cost.
"""
import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from wizard import filechecks

MAX_ENTRIES = 1000
MAX_EXPANDED = 300 * 1024 * 1024  # what every entry together may expand to
MAX_RATIO = 200  # expanded / compressed, per entry: text compresses ~10x, a bomb ~1000x
MAX_DEPTH = 2  # ZIPs inside ZIPs inspected this deep; deeper ones are refused
HEAD = 8192


@dataclass(frozen=True)
class Entry:
    name: str
    size: int


@dataclass
class Inspection:
    entries: list[Entry] = field(default_factory=list)
    problem: str | None = None

    def listing(self) -> list[dict]:
        """The file list as kept for the supervisor (JSON)."""
        return [{"nombre": e.name, "tamano": e.size} for e in self.entries]


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _climbs_out(name: str) -> bool:
    if "\x00" in name or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = posixpath.normpath(name.replace("\\", "/")).split("/")
    return ".." in name.replace("\\", "/").split("/") or parts[:1] == [".."]


def inspect(data: bytes, depth: int = 0, prefix: str = "") -> Inspection:
    """The ZIP's files (folders left out), or the first reason to refuse it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return Inspection(problem="El archivo no es un ZIP válido o está dañado. Vuelva a comprimir los documentos")
    if len(infos) > MAX_ENTRIES:
        return Inspection(problem=f"El ZIP tiene más de {MAX_ENTRIES} archivos. Anexe solo los documentos del pago")
    found = Inspection()
    expanded = 0
    for info in infos:
        name = prefix + info.filename
        if _climbs_out(info.filename):
            return Inspection(problem=f"El ZIP tiene un nombre de archivo no permitido («{name}»): "
                                      "los archivos no pueden salir de su carpeta. Vuelva a comprimirlo")
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            return Inspection(problem=f"El ZIP tiene archivos con contraseña («{name}»): la entidad no podría "
                                      "abrirlos. Comprímalo sin contraseña")
        expanded += info.file_size
        if expanded > MAX_EXPANDED or info.file_size > MAX_RATIO * max(info.compress_size, 1) + HEAD:
            return Inspection(problem="El ZIP se expandiría a un tamaño muy superior al suyo y no se puede revisar. "
                                      "Comprima solo los documentos del pago")
        try:
            with archive.open(info) as member:
                head = member.read(HEAD)
                nested = is_zip(head)
                body = head + member.read() if nested else head
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError):
            return Inspection(problem=f"No se pudo leer «{name}» dentro del ZIP. Vuelva a comprimir los documentos")
        if filechecks.is_executable(head, info.filename):
            return Inspection(problem=f"El ZIP contiene un programa ejecutable («{name}»). Quítelo y vuelva a "
                                      "anexar el ZIP")
        if nested:
            if depth + 1 >= MAX_DEPTH:
                return Inspection(problem=f"El ZIP tiene ZIPs dentro de otros ZIPs («{name}»). Anexe un solo ZIP "
                                          "con los documentos")
            inner = inspect(body, depth + 1, prefix=name + "/")
            if inner.problem:
                return inner
            found.entries.extend(inner.entries)
            continue
        found.entries.append(Entry(name, info.file_size))
    return found
