"""Documents in S3-compatible object storage (AWS S3, MinIO, Ceph, ...), for a portal on several machines.

Chosen by `wizard.storage.init_app` when S3_BUCKET is set. The bucket is private: every download still goes
through the portal's permission check (`wizard.files`), which reads the bytes here and sends them itself; no
public or presigned address is ever handed out. Credentials come the way boto3 finds them (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY in the environment, a profile, or the machine's role); none is kept in the app's config.
"""
import os
import threading
from collections.abc import Mapping

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from wizard.storage import valid_key

MISSING = {"NoSuchKey", "404", "NotFound"}


class S3Storage:
    def __init__(self, bucket: str, endpoint_url: str | None = None, region: str | None = None, prefix: str = ""):
        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.region = region
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._local = threading.local()

    @classmethod
    def from_config(cls, config: Mapping) -> "S3Storage":
        return cls(config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"), region=config.get("S3_REGION"),
                   prefix=config.get("S3_PREFIX") or "")

    @property
    def client(self):
        """One client per process and thread: gunicorn forks workers, and a client's connections must not be shared."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.client = boto3.session.Session().client(
                "s3", endpoint_url=self.endpoint_url, region_name=self.region,
                config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}))
            local.pid = os.getpid()
        return local.client

    def _key(self, key: str) -> str:
        if not valid_key(key):
            raise FileNotFoundError(key)
        return self.prefix + key

    def put(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type)

    def read(self, key: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in MISSING:
                raise FileNotFoundError(key) from exc
            raise
        with response["Body"] as body:
            return body.read()

    def delete(self, key: str) -> None:
        try:
            name = self._key(key)
        except FileNotFoundError:
            return
        self.client.delete_object(Bucket=self.bucket, Key=name)  # S3 answers the same when the key is not there
