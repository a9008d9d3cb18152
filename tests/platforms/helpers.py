"""Shared pieces for adapter tests."""

from __future__ import annotations

from integrations.platforms.base import Connection, MediaItem
from tests.fakes.platform_server import Grant, PlatformServer

REDIRECT = "https://app.example.com/connect/callback"


def connection(grant: Grant) -> Connection:
    """The Connection the publisher would build from a stored connection."""
    return Connection(
        account_id=grant.account_id,
        access_token=grant.access_token,
        refresh_token=grant.refresh_token,
        instance_url=grant.instance_url,
        secret=grant.secret,
        keep=dict(grant.keep),
    )


def image(server: PlatformServer, alt: str = "A cup of coffee") -> MediaItem:
    return MediaItem(url=server.media_url("image.png"), mime_type="image/png", alt_text=alt)
