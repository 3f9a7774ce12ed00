"""Compressed answers: pages, swaps, styles and scripts travel zstd, brotli or gzip to a browser that accepts them.

A phone on 3G in a rural municipality waits for every kilobyte: section 1 with its styles and scripts is ~90 KB
as written and ~30 KB compressed (htmx alone 52 -> 18 KB). Compressing here, not only in a proxy, makes `make run`
and `make serve` send what the bench's weights and Lighthouse measure, and costs a fraction of a millisecond a
page (zstd). Answers under 500 bytes (most field checks) are sent as they are: compressing them saves nothing.

A static file (styles, htmx) is read whole before it is compressed: Flask sends it as a stream, which Flask-Compress
would compress without gzip and without closing the file. htmx costs 0.3 ms of zstd (1 of brotli, 2 of gzip) a
browser that has not cached it, a page 0.1 ms, and both keep a Content-Length.

BREACH (learning a secret from the compressed size of answers that reflect a guess beside it) needs a signed-in
browser made to send, from another site, requests whose answers carry the attacker's words. The session cookie is
SameSite=Lax, so such a request can only be a GET, and a GET carries typed words only in its query string (the
lists' "Buscar", ?q=, beside names, emails and NITs). So a signed-in visitor's answer to a URL with a query string
goes uncompressed; every other page, and everything a visitor who is not signed in gets, is compressed.
"""
from flask import Flask, Response, current_app, request
from flask_compress import Compress
from flask_login import current_user

MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
             "image/svg+xml", "text/csv", "text/plain"]

compress = Compress()


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", MIMETYPES)
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    app.config.setdefault("COMPRESS_STREAMS", False)  # streamed answers are the documents' downloads: as stored
    app.config["COMPRESS_REGISTER"] = False  # compressed by `_compressed` below, which decides first
    compress.init_app(app)
    app.after_request(_compressed)


def _compressed(response: Response) -> Response:
    if "X-Sendfile" in response.headers:  # a front server sends the file itself
        return response
    if request.query_string and current_user.is_authenticated:  # see BREACH above
        response.vary.add("Accept-Encoding")
        return response
    if request.endpoint == "static":
        _static_file_whole(response)
    return compress.after_request(response)


def _static_file_whole(response: Response) -> None:
    """A static text file read into the answer (and the file closed), so that it can be compressed."""
    if response.status_code != 200 or not response.is_streamed \
            or response.mimetype not in current_app.config["COMPRESS_MIMETYPES"]:
        return
    stream = response.response
    try:
        data = b"".join(stream)
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    response.direct_passthrough = False
    response.set_data(data)
