"""Cursor connections over querysets and page loaders (keyset on id: stable under inserts)."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from tortoise.queryset import QuerySet

from app.settings import get_settings
from schema.common import Connection, Edge, PageInfo, bad_input

T = TypeVar("T")
N = TypeVar("N")


# Ids are BIGINT: a larger number in a crafted cursor must be bad input, not a driver error.
MAX_BIGINT = 2**63 - 1


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"c:{pk}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        prefix, _, raw = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        value = int(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_input("`after` is not a cursor from this API.") from exc
    if prefix != "c" or not 0 <= value <= MAX_BIGINT:
        raise bad_input("`after` is not a cursor from this API.")
    return value


def page_size(first: int | None) -> int:
    settings = get_settings()
    if first is None:
        return settings.default_page_size
    if first < 0 or first > settings.max_page_size:
        raise bad_input(f"`first` must be between 0 and {settings.max_page_size}.")
    return first


def build_connection(
    rows: Sequence[Any],
    limit: int,
    after: int,
    convert: Callable[[Any], N],
    count: Callable[[], Awaitable[int]],
    cursor: Callable[[Any], str] = lambda row: encode_cursor(row.pk),
) -> Connection[N]:
    """`rows` holds up to limit + 1 items; the extra one only says there is a next page.
    `after` is non-zero when this page follows another."""
    page = list(rows[:limit])
    edges = [Edge(cursor=cursor(row), node=convert(row)) for row in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > limit,
            has_previous_page=bool(after),
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )


async def paginate(
    queryset: QuerySet[Any],
    first: int | None,
    after: str | None,
    convert: Callable[[Any], N],
    *,
    newest_first: bool = False,
) -> Connection[N]:
    limit = page_size(first)
    after_id = decode_cursor(after)
    qs = queryset
    if after_id:
        qs = qs.filter(id__lt=after_id) if newest_first else qs.filter(id__gt=after_id)
    rows = await qs.order_by("-id" if newest_first else "id").limit(limit + 1)
    return build_connection(rows, limit, after_id, convert, queryset.count)


def _cond(lookup: str, value: Any) -> Any:
    from tortoise.expressions import Q

    return Q(**{lookup: value})


def encode_keyset(value: Any, pk: int) -> str:
    import json

    raw = value.isoformat() if hasattr(value, "isoformat") else value
    return base64.urlsafe_b64encode(json.dumps(["k", raw, pk]).encode()).decode()


def decode_keyset(cursor: str) -> tuple[Any, int]:
    import json

    try:
        tag, value, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if tag != "k" or not isinstance(pk, int) or not 0 <= pk <= MAX_BIGINT:
            raise ValueError(tag)
    except (ValueError, TypeError) as exc:
        raise bad_input("`after` is not a cursor from this API.") from exc
    return value, pk


async def paginate_ordered(
    queryset: QuerySet[Any],
    field: str,
    descending: bool,
    first: int | None,
    after: str | None,
    convert: Callable[[Any], N],
    parse: Callable[[Any], Any] = lambda v: v,
) -> Connection[N]:
    """Keyset pagination on (field, id). Nulls sort last ascending and first descending,
    as PostgreSQL orders them, and the cursor condition follows the same rule."""
    from tortoise.expressions import Q

    limit = page_size(first)
    qs = queryset
    if after is not None:
        raw, pk = decode_keyset(after)
        value = None if raw is None else parse(raw)
        later_id = Q(id__lt=pk) if descending else Q(id__gt=pk)
        if value is None:
            same = _cond(f"{field}__isnull", True) & later_id
            qs = (
                qs.filter(same | _cond(f"{field}__isnull", False))
                if descending
                else qs.filter(same)
            )
        else:
            op = "lt" if descending else "gt"
            beyond = _cond(f"{field}__{op}", value) | (_cond(field, value) & later_id)
            qs = qs.filter(beyond if descending else beyond | _cond(f"{field}__isnull", True))
    prefix = "-" if descending else ""
    rows = await qs.order_by(f"{prefix}{field}", f"{prefix}id").limit(limit + 1)
    return build_connection(
        rows,
        limit,
        int(after is not None),
        convert,
        queryset.count,
        cursor=lambda r: encode_keyset(getattr(r, field), r.pk),
    )
