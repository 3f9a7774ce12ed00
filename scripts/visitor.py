"""A visitor of a portal served over HTTP: its cookies kept like a browser's, its forms posted with their CSRF token.

Used by the multi-process tests (tests/helpers/portals.py) and by `make bench`. Secure cookies are kept too (the
processes serve plain HTTP on 127.0.0.1, as behind a proxy that ends TLS); redirects are not followed. A "portal"
is anything with a `port` on 127.0.0.1.
"""
import html
import http.client
import re
import uuid
from http.cookies import SimpleCookie
from typing import Protocol
from urllib.parse import urlencode


class HasPort(Protocol):
    port: int


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode()

    def csrf_token(self) -> str:
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.text)
        assert found, "la página no tiene formulario con csrf_token"
        return html.unescape(found.group(1))


class Visitor:
    """One browser's cookies, sending each request to the portal process it is given."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, portal: HasPort, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", portal.port, timeout=60)
        try:
            sent = {**(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, portal: HasPort, path: str) -> Response:
        return self.request(portal, "GET", path)

    def post(self, portal: HasPort, path: str, data: dict, token_from: str | None = None) -> Response:
        """POST a form, with the CSRF token of the page at `token_from` (read through the same process)."""
        fields = dict(data)
        if token_from:
            fields["csrf_token"] = self.get(portal, token_from).csrf_token()
        return self.request(portal, "POST", path, urlencode(fields, doseq=True).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, portal: HasPort, path: str, fields: dict, name: str, filename: str, data: bytes,
               token_from: str) -> Response:
        token = self.get(portal, token_from).csrf_token()
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in {**fields, "csrf_token": token}.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(portal, "POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
