"""Documents' storage in tests: moto's S3 API server, and what either backend holds."""
import itertools
import warnings

import boto3

from wizard import storage
from wizard.storage import LocalStorage

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "portal-pruebas", "AWS_SECRET_ACCESS_KEY": "portal-pruebas-secreto",
               "AWS_DEFAULT_REGION": "us-east-1"}


class S3Server:
    """moto's ThreadedMotoServer: a real HTTP server speaking the S3 API, inside the test process."""

    def __init__(self):
        self._server = None
        self._names = itertools.count(1)
        self.credentials = CREDENTIALS

    def start(self) -> "S3Server":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # moto's server imports some of its stack lazily
            from moto.server import ThreadedMotoServer

            self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name="us-east-1",
                            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])

    def new_bucket(self) -> dict:
        """Create an empty bucket; the portal's settings for it."""
        name = f"portal-pruebas-{next(self._names)}"
        self.client().create_bucket(Bucket=name)
        return {"S3_BUCKET": name, "S3_ENDPOINT_URL": self.endpoint_url, "S3_REGION": "us-east-1"}

    def env(self, bucket: dict) -> dict:
        """The environment variables a portal process needs for this bucket."""
        return {**CREDENTIALS, **{k: v for k, v in bucket.items()}}

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return [item["Key"] for item in listing.get("Contents", [])]


def stored_keys(app) -> list[str]:
    """The keys of every file the app's storage backend holds, whichever it is."""
    import os

    with app.app_context():
        backend = storage.backend()
    if isinstance(backend, LocalStorage):
        folder = backend.folder
        return os.listdir(folder) if folder.is_dir() else []
    listing = backend.client.list_objects_v2(Bucket=backend.bucket, Prefix=backend.prefix)
    return [item["Key"].removeprefix(backend.prefix) for item in listing.get("Contents", [])]
