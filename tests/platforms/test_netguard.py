"""User-typed URLs (Mastodon instances, Bluesky servers, webhook destinations) must not make
this server call private networks."""

from __future__ import annotations

import pytest

from app.settings import get_settings
from integrations.platforms import adapter_for
from integrations.platforms.base import (
    REJECTED,
    Connection,
    PlatformError,
    PlatformNotConfiguredError,
    PostContent,
)
from integrations.platforms.mastodon import instance_base
from integrations.platforms.netguard import require_public_url
from tests.fakes.platform_server import BLUESKY_HANDLE, BLUESKY_PASSWORD, PlatformServer

PRIVATE = [
    "http://127.0.0.1:9",
    "http://localhost:9",
    "http://10.0.0.5",
    "http://192.168.1.20",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]:9",
    "http://[::ffff:10.0.0.5]",
]


@pytest.fixture
def strict(platform_server: PlatformServer, monkeypatch: pytest.MonkeyPatch) -> PlatformServer:
    settings = get_settings()
    monkeypatch.setattr(settings, "platform_allow_private_networks", False)
    monkeypatch.setattr(settings, "webhook_allow_private_networks", False)
    return platform_server


@pytest.mark.parametrize("url", PRIVATE)
async def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(PlatformError) as caught:
        await require_public_url(url, what="server URL", allow_private=False)
    assert caught.value.kind == REJECTED
    assert "private or local network" in str(caught.value)


async def test_public_addresses_pass_and_other_schemes_do_not() -> None:
    await require_public_url("https://93.184.215.14", what="server URL", allow_private=False)
    with pytest.raises(PlatformError):
        await require_public_url("file:///etc/passwd", what="server URL", allow_private=True)


async def test_mastodon_refuses_a_private_instance_before_calling_it(
    strict: PlatformServer,
) -> None:
    with pytest.raises(PlatformError) as caught:
        await adapter_for("MASTODON").begin("s", "https://app.example/cb", "c", strict.url)
    assert caught.value.kind == REJECTED
    assert strict.calls() == []


async def test_bluesky_refuses_a_private_server(strict: PlatformServer) -> None:
    with pytest.raises(PlatformError) as caught:
        await adapter_for("BLUESKY").connect_with_credentials(
            BLUESKY_HANDLE, BLUESKY_PASSWORD, strict.url
        )
    assert caught.value.kind == REJECTED
    assert strict.calls() == []


async def test_webhook_refuses_a_private_destination(strict: PlatformServer) -> None:
    url = strict.webhook("internal", "secret-1")
    conn = Connection(account_id=url, access_token="", instance_url=url, secret="secret-1")
    with pytest.raises(PlatformError) as caught:
        await adapter_for("WEBHOOK").publish(conn, PostContent(text="x"))
    assert caught.value.kind == REJECTED
    assert strict.posts("WEBHOOK") == []


@pytest.mark.parametrize(
    "typed",
    ["127.0.0.1:{port}", "http://127.0.0.1:{port}/@ezre", "@ezre@127.0.0.1:{port}"],
)
async def test_mastodon_instance_is_the_hosts_root(
    platform_server: PlatformServer, typed: str
) -> None:
    # Bare hosts get https://; a pasted profile URL or handle still names the instance.
    scheme = "https" if "://" not in typed else "http"
    base = await instance_base(typed.format(port=platform_server.port))
    assert base == f"{scheme}://127.0.0.1:{platform_server.port}"


@pytest.mark.parametrize("platform", ["X", "LINKEDIN", "FACEBOOK", "THREADS"])
async def test_unconfigured_platform_says_which_setting_is_missing(
    monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    settings = get_settings()
    for name in ("x_client_id", "linkedin_client_id", "meta_app_id", "threads_app_id"):
        monkeypatch.setattr(settings, name, None)
    with pytest.raises(PlatformNotConfiguredError) as caught:
        await adapter_for(platform).begin("s", "https://app.example/cb", "c")
    assert caught.value.kind == REJECTED
    assert "_ID" in str(caught.value)
