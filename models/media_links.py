"""Expiring signed links to media attachments, for platforms that fetch media by URL.

Instagram, Threads and Facebook download a post's images from a URL we give them, and the
adapters that upload bytes (X, Bluesky, Mastodon, LinkedIn) read them the same way, so one
path serves both. A link names the attachment and an expiry, signed with SECRET_KEY: nothing
else about the organization or storage leaks, and a link cannot be altered to reach another
attachment or live longer.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import quote, urlencode

from app.settings import get_settings
from integrations.platforms.base import MediaItem
from integrations.storage import store_for
from models.media import MediaAttachment


def _signature(media_id: int, expires: int) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"media:{media_id}:{expires}".encode(), hashlib.sha256).hexdigest()


def signed_media_url(media: MediaAttachment, now: float | None = None) -> str:
    settings = get_settings()
    expires = int((time.time() if now is None else now) + settings.media_link_ttl_seconds)
    base = settings.public_api_url.rstrip("/")
    query = urlencode({"exp": expires, "sig": _signature(media.id, expires)})
    # The file name is only for the platforms that read a type or name from the path.
    return f"{base}/media/{media.id}/{quote(media.filename or 'media')}?{query}"


def link_is_valid(media_id: int, expires: str, signature: str) -> bool:
    try:
        expiry = int(expires)
    except ValueError:
        return False
    if expiry < time.time():
        return False
    return hmac.compare_digest(_signature(media_id, expiry), signature)


async def attachments_by_version(version_ids: list[int]) -> dict[int, list[MediaAttachment]]:
    """Each version's attachments in their order (one query for all)."""
    found: dict[int, list[MediaAttachment]] = {}
    rows = await MediaAttachment.filter(version_id__in=version_ids).order_by("position", "id")
    for media in rows:
        found.setdefault(media.version_id, []).append(media)
    return found


def media_items(attachments: list[MediaAttachment]) -> list[MediaItem]:
    """What an adapter needs to send the attachments: signed links, types, alt texts."""
    return [MediaItem(signed_media_url(m), m.content_type, m.alt_text) for m in attachments]


async def media_bytes(media_id: int) -> tuple[bytes, MediaAttachment] | None:
    media = await MediaAttachment.filter(id=media_id).first()
    if media is None:
        return None
    data = await store_for(media.storage_backend).get(media.storage_key)
    return data, media
