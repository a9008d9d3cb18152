"""Platform adapters by `Platform` value, and the PKCE helper the connect flow uses."""

from __future__ import annotations

from functools import cache
from typing import Any

from integrations.platforms.base import PlatformAdapter
from integrations.platforms.oauth import new_pkce_pair

__all__ = ["adapter_for", "new_pkce_pair"]


@cache
def _adapters() -> dict[str, PlatformAdapter]:
    from integrations.platforms.bluesky import BlueskyAdapter
    from integrations.platforms.linkedin import LinkedInAdapter
    from integrations.platforms.mastodon import MastodonAdapter
    from integrations.platforms.meta import FacebookAdapter, InstagramAdapter
    from integrations.platforms.threads import ThreadsAdapter
    from integrations.platforms.webhook import WebhookAdapter
    from integrations.platforms.x import XAdapter

    adapters: list[PlatformAdapter] = [
        XAdapter(),
        LinkedInAdapter(),
        FacebookAdapter(),
        InstagramAdapter(),
        ThreadsAdapter(),
        BlueskyAdapter(),
        MastodonAdapter(),
        WebhookAdapter(),
    ]
    return {adapter.platform: adapter for adapter in adapters}


def adapter_for(platform: Any) -> PlatformAdapter:
    """`platform` is a `Platform` enum member or its value."""
    return _adapters()[str(getattr(platform, "value", platform))]
