"""The guides and videos a circular links to: one per line, a title then the address, each address checked.

"Video paso a paso https://www.youtube.com/watch?v=3fzw4mPBNgo" gives that title and address; a line with only the
address is titled by its site ("Video en YouTube", "Documento PDF", or the host name). Only http and https
addresses to a real host name are taken (no user name or password in them, no spaces, no local addresses): a
contractor sees the host beside each link before following it. Every problem is named by its line; nothing is
taken until the whole list is clean.
"""
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_LINKS = 10
MAX_URL = 500
MAX_TITLE = 150
VIDEO_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "vimeo.com", "www.vimeo.com"}


@dataclass(frozen=True)
class Guide:
    title: str
    url: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    def as_dict(self) -> dict:
        return {"title": self.title, "url": self.url}


def _host_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "no es una dirección web válida"
    if parts.scheme not in ("http", "https"):
        return "debe empezar por https:// (o http://)"
    if parts.username is not None or parts.password is not None:
        return "no puede llevar usuario ni contraseña"
    if not host or "." not in host or host.endswith("."):
        return "le falta el nombre del sitio, como www.ejemplo.gov.co"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return "use el nombre del sitio, no su dirección IP"
    labels = host.split(".")
    try:
        host.encode("idna")
    except UnicodeError:
        return "el nombre del sitio no es válido"
    if any(not label or len(label) > 63 for label in labels) or labels[-1].isdigit():
        return "el nombre del sitio no es válido"
    return None


def default_title(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    if host in VIDEO_HOSTS:
        return "Video en YouTube" if "youtu" in host else "Video"
    if urlsplit(url).path.lower().endswith(".pdf"):
        return "Documento PDF"
    return host.removeprefix("www.")


def parse(text: str) -> tuple[list[Guide], list[str]]:
    """The guides, or every problem as "Línea N: ..." (and then no guide at all)."""
    found, problems, seen = [], [], {}
    for line, raw in enumerate((text or "").replace("\x00", "").splitlines(), start=1):
        words = raw.split()
        if not words:
            continue
        urls = [w for w in words if "://" in w or w.lower().startswith("www.")]
        if len(urls) != 1:
            problems.append(f"Línea {line}: escriba una dirección por línea, con su título antes, como "
                            "«Guía rápida https://www.colombiacompra.gov.co/...»" if urls else
                            f"Línea {line}: falta la dirección (https://...) de la guía o el video")
            continue
        url = urls[0]
        if url.lower().startswith("www."):
            url = "https://" + url
        title = " ".join(w for w in words if w is not urls[0]).strip(" :-–|")
        if len(url) > MAX_URL:
            problems.append(f"Línea {line}: la dirección tiene más de {MAX_URL} caracteres")
            continue
        problem = _host_problem(url)
        if problem:
            problems.append(f"Línea {line}: «{url[:80]}» {problem}")
            continue
        if len(title) > MAX_TITLE:
            problems.append(f"Línea {line}: el título tiene más de {MAX_TITLE} caracteres")
            continue
        if url in seen:
            problems.append(f"Línea {line}: esa dirección ya está en la línea {seen[url]}")
            continue
        seen[url] = line
        found.append(Guide(title or default_title(url), url))
    if len(found) > MAX_LINKS:
        problems.append(f"Escriba como máximo {MAX_LINKS} guías y videos")
    return ([] if problems else found), problems


def as_text(links: list[dict]) -> str:
    """The stored links as the lines the form shows again."""
    return "\n".join(f"{link['title']} {link['url']}" for link in links or [])
