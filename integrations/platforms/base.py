"""One small interface every social platform adapter implements.

Adapters speak the platform's real HTTP API through httpx; base URLs come from settings so
tests point them at a loopback server. Adapters never see our database: they take tokens and
content in, and give platform facts (or classified errors) back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class PlatformError(Exception):
    """A failed platform call, classified so the publisher knows what to do next."""

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        retry_after: float | None = None,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        # TRANSIENT: retry with backoff. AUTH: stop, connection needs re-authorization.
        # REJECTED: the platform refused this content; retrying will not help.
        self.kind = kind
        self.retry_after = retry_after
        self.status = status
        # The platform's own error code when it sends one (Graph "190", Bluesky
        # "ExpiredToken", LinkedIn serviceErrorCode…), for logs and support; never a secret.
        self.code = code


class PlatformNotConfiguredError(PlatformError):
    """This server has no client id/secret for the platform: nothing to retry."""

    def __init__(self, message: str) -> None:
        super().__init__(message, kind="REJECTED")


TRANSIENT, AUTH, REJECTED = "TRANSIENT", "AUTH", "REJECTED"


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    scopes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Profile:
    account_id: str
    name: str
    avatar_url: str = ""
    # Facts read from the platform at connect time (e.g. Mastodon max_characters).
    limits: dict[str, Any] = field(default_factory=dict)
    # The public handle where the platform has one (@user, user.bsky.social, user@instance).
    handle: str = ""


@dataclass(frozen=True)
class MediaItem:
    url: str  # a URL the platform (or we) can fetch the bytes from
    mime_type: str
    alt_text: str = ""


@dataclass(frozen=True)
class PostContent:
    text: str
    media: list[MediaItem] = field(default_factory=list)
    # Stable per occurrence: platforms with idempotency keys get it, and the publisher uses
    # it to find a post that was created before a worker died.
    idempotency_key: str = ""


@dataclass(frozen=True)
class PublishedRef:
    post_id: str
    url: str


@dataclass(frozen=True)
class Authorization:
    url: str
    # Secrets the flow must keep until the callback (e.g. a Mastodon app's client id and
    # secret, registered per instance); stored encrypted with the single-use state.
    keep: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Connection:
    """What an adapter needs about a stored connection (secrets already decrypted)."""

    account_id: str
    access_token: str
    refresh_token: str | None = None
    instance_url: str = ""  # Mastodon instance, Bluesky PDS, or the webhook destination URL
    secret: str = ""  # webhook signing secret
    keep: dict[str, str] = field(default_factory=dict)


class PlatformAdapter(Protocol):
    platform: str  # the Platform enum value: X, LINKEDIN, FACEBOOK, INSTAGRAM, THREADS, …
    # OAUTH: begin/exchange_code. CREDENTIALS: connect_with_credentials (Bluesky app password,
    # webhook URL + secret).
    flow: str

    async def begin(
        self, state: str, redirect_uri: str, code_challenge: str, instance_url: str = ""
    ) -> Authorization: ...

    async def exchange_code(
        self,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        instance_url: str = "",
        keep: dict[str, str] | None = None,
    ) -> Tokens: ...

    async def connect_with_credentials(
        self, identifier: str, secret: str, instance_url: str = ""
    ) -> Tokens: ...

    async def refresh(self, connection: Connection) -> Tokens: ...

    async def fetch_profile(self, connection: Connection) -> Profile: ...

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef: ...

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        """A post created earlier with this key, if the platform can tell (else None)."""
        ...

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]: ...

    async def revoke(self, connection: Connection) -> None: ...


def publish_is_idempotent(adapter: object) -> bool:
    """True when publishing again with the same `PostContent.idempotency_key` cannot create a
    second post (Mastodon replays the key for an hour; webhook destinations receive it).

    The publisher uses it when `find_post` cannot tell whether an interrupted attempt went
    through: for these adapters re-publishing is the safe answer, for the others it is not.
    """
    return bool(getattr(adapter, "idempotent_publish", False))
