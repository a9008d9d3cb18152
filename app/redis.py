"""One Redis connection pool per process, shared by jobs, pub/sub and rate limits."""

from __future__ import annotations

from urllib.parse import urlparse

from arq.connections import ArqRedis, RedisSettings, create_pool

_pool: ArqRedis | None = None
_url: str | None = None


def redis_settings(url: str) -> RedisSettings:
    """arq settings for `redis://`, `rediss://` and `unix://` URLs."""
    parsed = urlparse(url)
    if parsed.scheme == "unix":
        return RedisSettings(unix_socket_path=parsed.path)
    return RedisSettings.from_dsn(url)


def configure_redis(url: str) -> None:
    global _url
    _url = url


async def get_redis() -> ArqRedis:
    global _pool
    if _pool is None:
        if _url is None:
            raise RuntimeError("Redis is not configured for this process")
        _pool = await create_pool(redis_settings(_url))
    return _pool


async def close_redis() -> None:
    global _pool
    if _pool is not None:
        await _pool.aclose()
        _pool = None
