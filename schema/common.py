"""Shapes every domain shares: Node and global ids, connections, user errors, API errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry
from graphql import GraphQLError

from app import ids
from models.base import ErrorCode, Problem

strawberry.enum(ErrorCode, name="UserErrorCode")


@strawberry.type
class UserError:
    field: list[str] | None
    message: str
    code: ErrorCode

    @classmethod
    def from_problem(cls, problem: Problem) -> UserError:
        return cls(field=list(problem.field) or None, message=problem.message, code=problem.code)


class ApiError(GraphQLError):
    """A top-level error with `extensions.code` (auth, permissions, limits)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, extensions={"code": code})


def unauthenticated() -> ApiError:
    return ApiError("UNAUTHENTICATED", "Sign in to do this.")


def forbidden() -> ApiError:
    return ApiError("FORBIDDEN", "Your role does not allow this.")


def bad_input(message: str) -> ApiError:
    return ApiError("BAD_USER_INPUT", message)


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


def encode_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(ids.encode_id(type_name, pk))


decode_any_id = ids.decode_any_id
decode_id = ids.decode_id


NodeT = TypeVar("NodeT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Total items in the list, ignoring pagination.")
    async def total_count(self) -> int:
        return await self._count()
