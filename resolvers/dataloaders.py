"""Per-request dataloaders: one per access path, results in key order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise import connections
from tortoise.functions import Count
from tortoise.models import Model

from models.accounts import User
from models.connections import PlatformConnection
from models.content import (
    Brief,
    Comment,
    ContentEdit,
    ContentRequest,
    ContentTransition,
    ContentVersion,
)
from models.knowledge import ContentVersionSource, KnowledgeChunk, KnowledgeFile
from models.media import MediaAttachment
from models.organizations import Membership, Organization
from models.scheduling import Occurrence, PublishedPost

M = TypeVar("M", bound=Model)
PageKey = tuple[int, int, int]  # (parent id, limit, after id)


def by_id_loader(model: type[M]) -> DataLoader[int, M | None]:
    async def load(ids: Sequence[int]) -> list[M | None]:
        rows = {row.pk: row for row in await model.filter(id__in=list(ids))}
        return [rows.get(i) for i in ids]

    return DataLoader(load_fn=load)


def by_field_loader(model: type[M], field: str) -> DataLoader[int, M | None]:
    """Rows unique on `field` (other than the primary key), by that field."""

    async def load(keys: Sequence[int]) -> list[M | None]:
        rows = {getattr(r, field): r for r in await model.filter(**{f"{field}__in": list(keys)})}
        return [rows.get(k) for k in keys]

    return DataLoader(load_fn=load)


async def page_ids_by_parent(
    table: str, parent_column: str, keys: Sequence[PageKey]
) -> dict[PageKey, list[int]]:
    """Ids of the first `limit` rows after `after` for many parents, in one statement per
    distinct (limit, after) pair, which is one statement for a typical nested list."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for parent_id, limit, after in keys:
        groups[(limit, after)].append(parent_id)
    found: dict[PageKey, list[int]] = {key: [] for key in keys}
    conn = connections.get("default")
    for (limit, after), parent_ids in groups.items():
        rows = await conn.execute_query_dict(
            f'SELECT id, "{parent_column}" AS parent FROM ('  # noqa: S608 - identifiers are ours
            f'  SELECT id, "{parent_column}", row_number() OVER ('
            f'    PARTITION BY "{parent_column}" ORDER BY id) AS n'
            f'  FROM "{table}" WHERE "{parent_column}" = ANY($1) AND id > $2'
            ") ranked WHERE n <= $3 ORDER BY id",
            [parent_ids, after, limit],
        )
        for row in rows:
            found[(row["parent"], limit, after)].append(row["id"])
    return found


def page_loader(model: type[M], parent_column: str) -> DataLoader[PageKey, list[M]]:
    async def load(keys: Sequence[PageKey]) -> list[list[M]]:
        ids = await page_ids_by_parent(model._meta.db_table, parent_column, keys)
        wanted = [i for page in ids.values() for i in page]
        rows = {row.pk: row for row in await model.filter(id__in=wanted)} if wanted else {}
        return [[rows[i] for i in ids[key] if i in rows] for key in keys]

    return DataLoader(load_fn=load)


def count_loader(model: type[M], parent_field: str) -> DataLoader[int, int]:
    async def load(parent_ids: Sequence[int]) -> list[int]:
        rows: list[dict[str, Any]] = (
            await model.filter(**{f"{parent_field}__in": list(parent_ids)})
            .annotate(n=Count("id"))
            .group_by(parent_field)
            .values(parent_field, "n")
        )
        counts = {row[parent_field]: row["n"] for row in rows}
        return [counts.get(p, 0) for p in parent_ids]

    return DataLoader(load_fn=load)


def children_loader(model: type[M], parent_field: str) -> DataLoader[int, list[M]]:
    """All children of each parent, oldest first (for short lists bounded by the domain)."""

    async def load(parent_ids: Sequence[int]) -> list[list[M]]:
        grouped: dict[int, list[M]] = defaultdict(list)
        rows = await model.filter(**{f"{parent_field}__in": list(parent_ids)}).order_by("id")
        for row in rows:
            grouped[getattr(row, parent_field)].append(row)
        return [grouped.get(p, []) for p in parent_ids]

    return DataLoader(load_fn=load)


CHUNK_COLUMNS = (
    "id",
    "created_at",
    "organization_id",
    "file_id",
    "position",
    "text",
    "token_count",
)


def knowledge_chunk_loader() -> DataLoader[int, KnowledgeChunk | None]:
    """Chunks by id without their embedding (nobody reads the vector through the API)."""

    async def load(ids: Sequence[int]) -> list[KnowledgeChunk | None]:
        found = await KnowledgeChunk.filter(id__in=list(ids)).only(*CHUNK_COLUMNS)
        rows = {row.pk: row for row in found}
        return [rows.get(i) for i in ids]

    return DataLoader(load_fn=load)


class Loaders:
    """Created once per request (and per subscription event), never shared."""

    def __init__(self) -> None:
        self.user_by_id = by_id_loader(User)
        self.organization_by_id = by_id_loader(Organization)
        self.member_page_by_organization = page_loader(Membership, "organization_id")
        self.member_count_by_organization = count_loader(Membership, "organization_id")
        self.brief_by_id = by_id_loader(Brief)
        self.content_request_by_id = by_id_loader(ContentRequest)
        self.content_versions_by_request = children_loader(ContentVersion, "request_id")
        self.content_transitions_by_request = children_loader(ContentTransition, "request_id")
        self.content_edits_by_version = children_loader(ContentEdit, "version_id")
        self.comments_by_version = children_loader(Comment, "version_id")
        self.knowledge_file_by_id = by_id_loader(KnowledgeFile)
        self.knowledge_chunk_by_id = knowledge_chunk_loader()
        self.sources_by_version = children_loader(ContentVersionSource, "version_id")
        self.media_by_version = children_loader(MediaAttachment, "version_id")
        self.media_by_id = by_id_loader(MediaAttachment)
        self.content_version_by_id = by_id_loader(ContentVersion)
        self.connection_by_id = by_id_loader(PlatformConnection)
        self.occurrences_by_schedule = children_loader(Occurrence, "schedule_id")
        self.published_post_by_occurrence = by_field_loader(PublishedPost, "occurrence_id")
