"""Where uploaded files' bytes live: a small interface with the local folder behind it today.

Nothing here decides what may be stored or who may read it; that is `wizard.attachments`. A backend only keeps
bytes under a key: `put`, `read`, `delete`. The app holds one backend, chosen from the configuration.
"""
import secrets
from pathlib import Path
from typing import Protocol

from flask import Flask, current_app


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def read(self, key: str) -> bytes:
        """The bytes under the key; FileNotFoundError when there are none."""

    def delete(self, key: str) -> None:
        """Forget the key; nothing happens when it is not there."""


def new_key() -> str:
    return secrets.token_urlsafe(24)


def valid_key(key: str) -> bool:
    return bool(key) and len(key) <= 80 and key.replace("-", "").replace("_", "").isalnum() and key.isascii()


class LocalStorage:
    """Files in one folder (UPLOAD_FOLDER), named by their random key; never under static/."""

    def __init__(self, folder: str | Path, static_folder: str | Path | None = None):
        self.folder = Path(folder).resolve()
        static = Path(static_folder).resolve() if static_folder else None
        if static and (self.folder == static or static in self.folder.parents):
            raise RuntimeError("UPLOAD_FOLDER no puede estar dentro de static/: los documentos se servirían sin control")

    def _path(self, key: str) -> Path:
        if not valid_key(key):
            raise FileNotFoundError(key)
        return self.folder / key

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        path = self._path(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{key}.part")
        temporary.write_bytes(data)
        temporary.replace(path)  # a reader never sees half a file

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except FileNotFoundError:
            pass


def init_app(app: Flask) -> None:
    """Choose the backend once per app: S3-compatible storage when a bucket is configured, else the local folder."""
    if app.config.get("S3_BUCKET"):
        from wizard.storage_s3 import S3Storage

        app.extensions["storage"] = S3Storage.from_config(app.config)
    else:
        app.extensions["storage"] = LocalStorage(app.config["UPLOAD_FOLDER"], app.static_folder)


def backend() -> Storage:
    return current_app.extensions["storage"]
