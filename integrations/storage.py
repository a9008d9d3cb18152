"""Blob storage behind one interface: local disk (default) or S3-compatible object storage.

Every stored row records which backend holds its blob (`StorageBackend`), so switching
`STORAGE_BACKEND` later leaves older blobs readable where they are.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from app.settings import get_settings


class StorageBackend(StrEnum):
    LOCAL = "LOCAL"
    S3 = "S3"


class StorageError(Exception):
    """The blob store failed or is not configured."""


class BlobStore(Protocol):
    backend: StorageBackend

    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None:
        """Idempotent: deleting a missing blob is not an error."""


def new_key(organization_id: int, kind: str, suffix: str = "") -> str:
    """Keys are opaque and never derived from user input (no path tricks)."""
    return f"org/{organization_id}/{kind}/{uuid.uuid4().hex}{suffix}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalStore:
    backend = StorageBackend.LOCAL

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise StorageError(f"Refusing a key outside the storage root: {key!r}")
        return path

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".part")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # readers never see half a file

        await asyncio.to_thread(write)

    async def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as exc:
            raise StorageError(f"Blob {key!r} is missing from local storage.") from exc

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await asyncio.to_thread(path.unlink, True)


class S3Store:
    """Any S3-compatible service (AWS S3, MinIO, R2, …) through boto3 in a worker thread."""

    backend = StorageBackend.S3

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None,
        region: str,
        access_key_id: str | None,
        secret_access_key: str | None,
        prefix: str = "",
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(retries={"max_attempts": 4, "mode": "standard"}),
        )

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await self._call(
            "put_object",
            Bucket=self.bucket,
            Key=self.prefix + key,
            Body=data,
            ContentType=content_type,
        )

    async def get(self, key: str) -> bytes:
        response = await self._call("get_object", Bucket=self.bucket, Key=self.prefix + key)
        body: bytes = await asyncio.to_thread(response["Body"].read)
        return body

    async def delete(self, key: str) -> None:
        await self._call("delete_object", Bucket=self.bucket, Key=self.prefix + key)

    async def _call(self, operation: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return await asyncio.to_thread(getattr(self.client, operation), **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"Object storage {operation} failed: {exc}") from exc


_stores: dict[tuple[Any, ...], BlobStore] = {}


def store_for(backend: StorageBackend) -> BlobStore:
    """The store holding blobs of `backend`, configured from settings (cached per config)."""
    settings = get_settings()
    if backend == StorageBackend.LOCAL:
        key: tuple[Any, ...] = ("local", str(settings.storage_root))
        if key not in _stores:
            _stores[key] = LocalStore(settings.storage_root)
        return _stores[key]
    if not settings.s3_bucket:
        raise StorageError("S3 storage is selected but S3_BUCKET is not set.")
    key = (
        "s3",
        settings.s3_bucket,
        settings.s3_endpoint_url,
        settings.s3_region,
        settings.s3_access_key_id,
        settings.s3_secret_access_key,
        settings.s3_prefix,
    )
    if key not in _stores:
        _stores[key] = S3Store(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key,
            prefix=settings.s3_prefix,
        )
    return _stores[key]


def default_store() -> BlobStore:
    """Where new blobs go (`STORAGE_BACKEND`)."""
    backend = StorageBackend.S3 if get_settings().storage_backend == "s3" else StorageBackend.LOCAL
    return store_for(backend)
