"""Helpers every mutation resolver shares."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, Protocol, TypeVar

from app.redis import get_redis
from app.requestinfo import client_ip_var
from models.base import DomainError, PermissionDeniedError
from schema.common import ApiError, UserError, forbidden

P = ParamSpec("P")
R = TypeVar("R")


class _PayloadFactory(Protocol):
    def __call__(self, *, user_errors: list[UserError]) -> Any: ...


def user_errors_as(
    payload: _PayloadFactory,
) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Answer a `DomainError` raised by the domain as the payload's `userErrors`."""

    def decorate(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(fn)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return await fn(*args, **kwargs)
            except PermissionDeniedError as exc:
                raise forbidden() from exc
            except DomainError as exc:
                result: R = payload(user_errors=[UserError.from_problem(p) for p in exc.problems])
                return result

        return wrapper

    return decorate


async def rate_limit(bucket: str, per_minute: int) -> None:
    """Fixed one-minute window per client address, shared by all API processes via Redis."""
    redis = await get_redis()
    key = f"ezre:rl:{bucket}:{client_ip_var.get() or 'unknown'}"
    count = await redis.incr(key)
    if count == 1:
        await redis.expire(key, 60)
    if count > per_minute:
        raise ApiError("RATE_LIMITED", "Too many attempts; wait a minute and try again.")
