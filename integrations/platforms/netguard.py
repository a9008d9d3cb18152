"""SSRF protection for URLs our users type: webhook destinations, Mastodon instances, Bluesky
PDS hosts. Without it, "connect my Mastodon at http://10.0.0.5" would make this server call
internal services and hand their answers back as "the platform's message".

The check resolves the host and refuses it unless every address is globally routable.
Known limit: httpx resolves again when it connects, so a DNS answer that changes between the
two lookups (rebinding) is not caught; redirects are never followed, which closes the
simpler bypass.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from integrations.platforms.base import REJECTED, TRANSIENT, PlatformError


def normalize_base_url(url: str, what: str) -> str:
    """`mastodon.social` → `https://mastodon.social`; trailing slashes dropped."""
    url = url.strip()
    if url and "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PlatformError(f"The {what} must be an http(s) URL.", kind=REJECTED)
    return url.rstrip("/")


async def require_public_url(url: str, *, what: str, allow_private: bool) -> None:
    """Raise REJECTED unless `url` is http(s) and its host resolves only to public addresses
    (`allow_private` lifts the address check, for tests and self-hosted setups)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PlatformError(f"The {what} must be an http(s) URL.", kind=REJECTED)
    if allow_private:
        return
    host = parts.hostname
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = await _resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    for address in addresses:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise PlatformError(
                f"The {what} points to a private or local network address, which is not allowed.",
                kind=REJECTED,
            )


async def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        # EAI_AGAIN is a resolver hiccup; anything else means the name does not exist.
        kind = TRANSIENT if exc.errno == socket.EAI_AGAIN else REJECTED
        raise PlatformError(f"The host name {host!r} does not resolve.", kind=kind) from None
    return [ipaddress.ip_address(info[4][0]) for info in infos]
