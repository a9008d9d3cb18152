"""addComment, editComment, deleteComment, resolveComment and reopenComment: threaded,
resolvable discussion on a version, open to every member."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from models.content import Comment
from schema.common import decode_id
from tests.conftest import Account, GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    ADD_COMMENT,
    DELETE_COMMENT,
    EDIT_COMMENT,
    REOPEN_COMMENT,
    RESOLVE_COMMENT,
    Mutation,
    assert_forbidden,
    assert_not_found_like_missing,
    content_version,
    make_request,
    missing_id,
    user_codes,
    user_fields,
    writes_nothing,
)


def pk(comment: dict[str, Any]) -> int:
    value = decode_id(comment["id"], "Comment")
    assert value is not None
    return value


async def comment(
    gql: GraphQLClient, author: Account, version_id: str, body: str, parent: str | None = None
) -> dict[str, Any]:
    payload = await ADD_COMMENT.ok(
        gql, {"contentVersionId": version_id, "body": body, "parentId": parent}, author.token
    )
    result: dict[str, Any] = payload["comment"]
    return result


@pytest.mark.parametrize("role", ["ADMIN", "EDITOR", "REVIEWER"])
async def test_every_member_comments_and_the_thread_shows_who_said_what(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    version_id = drafted.version_id("X")
    author = team.by_role(role)
    top = await comment(gql, author, version_id, "  Is the price right?  ")
    assert (top["body"], top["author"], top["parentId"]) == (
        "Is the price right?",
        {"email": author.email},
        None,
    )
    assert (top["isResolved"], top["isDeleted"], top["editedAt"]) == (False, False, None)
    row = await Comment.get()
    assert (row.version_id, row.author_id) == (drafted.of("X")[0].id, author.pk)


async def test_replies_thread_under_their_parent_and_a_reply_to_a_reply_joins_the_thread(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    version_id = drafted.version_id("X")
    first = await comment(gql, team.reviewer, version_id, "Price?")
    second = await comment(gql, team.admin, version_id, "Add the link")
    reply = await comment(gql, team.editor, version_id, "It is 4.50", first["id"])
    nested = await comment(gql, team.reviewer, version_id, "Thanks", reply["id"])
    assert reply["parentId"] == first["id"]
    assert nested["parentId"] == first["id"]  # threads are one level deep

    threads = (await content_version(gql, team.editor.token, version_id))["comments"]
    assert [(t["body"], [r["body"] for r in t["replies"]]) for t in threads] == [
        ("Price?", ["It is 4.50", "Thanks"]),
        ("Add the link", []),
    ]
    assert threads[0]["replies"][0]["author"] == {"email": team.editor.email}
    assert second["parentId"] is None


async def test_a_parent_must_be_a_live_comment_on_the_same_version(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    elsewhere = await comment(gql, team.reviewer, drafted.version_id("LINKEDIN"), "Other one")
    gone = await comment(gql, team.reviewer, drafted.version_id("X"), "Deleted soon")
    await DELETE_COMMENT.ok(gql, {"commentId": gone["id"]}, team.reviewer.token)
    for parent in (elsewhere["id"], gone["id"], missing_id("Comment"), drafted.id, "junk"):
        async with writes_nothing():
            payload = await ADD_COMMENT.payload(
                gql,
                {"contentVersionId": drafted.version_id("X"), "body": "Hi", "parentId": parent},
                team.editor.token,
            )
        assert user_codes(payload) == ["NOT_FOUND"], parent
        assert user_fields(payload) == [["parentId"]]


@pytest.mark.parametrize("body", ["", "   ", "b" * 5001])
async def test_a_body_of_1_to_5000_characters_is_needed(
    gql: GraphQLClient, team: Team, body: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await ADD_COMMENT.payload(
            gql, {"contentVersionId": drafted.version_id("X"), "body": body}, team.editor.token
        )
    assert payload["comment"] is None
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["body"]]


async def test_the_author_edits_their_comment_and_nobody_else_may(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    mine = await comment(gql, team.reviewer, drafted.version_id("X"), "Typo here")
    payload = await EDIT_COMMENT.ok(
        gql, {"commentId": mine["id"], "body": " Typo in line 2 "}, team.reviewer.token
    )
    assert payload["comment"]["body"] == "Typo in line 2"
    assert payload["comment"]["editedAt"] is not None
    # Not even an admin rewrites someone else's words.
    for other in (team.admin, team.editor, team.second_reviewer):
        await assert_forbidden(
            EDIT_COMMENT, gql, {"commentId": mine["id"], "body": "Changed"}, other.token
        )
    async with writes_nothing():
        bad = await EDIT_COMMENT.payload(
            gql, {"commentId": mine["id"], "body": " "}, team.reviewer.token
        )
    assert user_codes(bad) == ["INVALID_INPUT"]


async def test_the_author_or_an_admin_deletes_and_replies_stay_in_the_thread(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    version_id = drafted.version_id("X")
    top = await comment(gql, team.reviewer, version_id, "First")
    reply = await comment(gql, team.editor, version_id, "Answer", top["id"])
    other = await comment(gql, team.editor, version_id, "Another")

    await assert_forbidden(DELETE_COMMENT, gql, {"commentId": top["id"]}, team.editor.token)
    deleted = await DELETE_COMMENT.ok(gql, {"commentId": top["id"]}, team.reviewer.token)
    assert (deleted["comment"]["isDeleted"], deleted["comment"]["body"]) == (True, "")
    await DELETE_COMMENT.ok(gql, {"commentId": other["id"]}, team.admin.token)

    threads = (await content_version(gql, team.editor.token, version_id))["comments"]
    assert [(t["isDeleted"], t["body"], [r["body"] for r in t["replies"]]) for t in threads] == [
        (True, "", ["Answer"]),
        (True, "", []),
    ]
    assert (await Comment.get(id=pk(reply))).deleted_at is None
    # A deleted comment is gone for every further change.
    for mutation, extra in (
        (EDIT_COMMENT, {"body": "Back"}),
        (DELETE_COMMENT, {}),
        (RESOLVE_COMMENT, {}),
        (REOPEN_COMMENT, {}),
    ):
        async with writes_nothing():
            payload = await mutation.payload(
                gql, {"commentId": top["id"]} | extra, team.reviewer.token
            )
        assert user_codes(payload) == ["NOT_FOUND"], mutation.field


async def test_any_member_resolves_and_reopens_and_the_resolver_is_recorded(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    note = await comment(gql, team.reviewer, drafted.version_id("X"), "Shorten it")
    resolved = await RESOLVE_COMMENT.ok(gql, {"commentId": note["id"]}, team.editor.token)
    assert resolved["comment"]["isResolved"] is True
    assert resolved["comment"]["resolvedBy"] == {"email": team.editor.email}
    assert resolved["comment"]["resolvedAt"] is not None
    # Resolving twice changes nothing, not even who resolved it.
    async with writes_nothing():
        again = await RESOLVE_COMMENT.ok(gql, {"commentId": note["id"]}, team.admin.token)
    assert again["comment"]["resolvedBy"] == {"email": team.editor.email}

    reopened = await REOPEN_COMMENT.ok(gql, {"commentId": note["id"]}, team.second_reviewer.token)
    assert (reopened["comment"]["isResolved"], reopened["comment"]["resolvedBy"]) == (False, None)
    row = await Comment.get()
    assert (row.resolved_at, row.resolved_by_id) == (None, None)
    async with writes_nothing():
        await REOPEN_COMMENT.ok(gql, {"commentId": note["id"]}, team.admin.token)


COMMENT_MUTATIONS: list[tuple[Mutation, dict[str, Any]]] = [
    (EDIT_COMMENT, {"body": "Edited"}),
    (DELETE_COMMENT, {}),
    (RESOLVE_COMMENT, {}),
    (REOPEN_COMMENT, {}),
]


def comment_input(extra: dict[str, Any]) -> Callable[[str], dict[str, Any]]:
    return lambda comment_id: {"commentId": comment_id} | extra


async def test_another_organizations_comments_and_versions_answer_like_missing_ones(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    theirs = await comment(gql, team.outsider, foreign.version_id("X"), "Internal")
    await assert_not_found_like_missing(
        ADD_COMMENT,
        gql,
        team.admin.token,
        lambda version_id: {"contentVersionId": version_id, "body": "Hello"},
        foreign.version_id("X"),
        "contentVersionId",
    )
    for mutation, extra in COMMENT_MUTATIONS:
        await assert_not_found_like_missing(
            mutation, gql, team.admin.token, comment_input(extra), theirs["id"], "commentId"
        )
    # Nor can a thread reach across: their comment is no parent on our version.
    mine = await make_request(team.org, team.editor)
    payload = await ADD_COMMENT.payload(
        gql,
        {"contentVersionId": mine.version_id("X"), "body": "Hi", "parentId": theirs["id"]},
        team.editor.token,
    )
    assert user_codes(payload) == ["NOT_FOUND"]
    row = await Comment.get(id=pk(theirs))
    assert (row.body, row.deleted_at, row.resolved_at) == ("Internal", None, None)
