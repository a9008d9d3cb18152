"""editContentVersion: the words change, the history keeps what they were, and approval is
for the words approved."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from models.content import ContentEdit, ContentStatus, ContentTransition, ContentVersion
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    APPROVE_CONTENT,
    EDIT_CONTENT_VERSION,
    SUBMIT_FOR_REVIEW,
    assert_forbidden,
    assert_not_found_like_missing,
    content_request,
    content_version,
    make_request,
    move_to,
    status_of,
    user_codes,
    user_fields,
    writes_nothing,
)


def edit_input(version_id: str, **fields: Any) -> dict[str, Any]:
    return {"contentVersionId": version_id} | fields


@pytest.mark.parametrize("role", ["EDITOR", "ADMIN"])
async def test_an_edit_changes_the_words_and_records_who_what_and_why(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    version_id = drafted.version_id("X")
    author = team.by_role(role)
    payload = await EDIT_CONTENT_VERSION.ok(
        gql,
        edit_input(
            version_id,
            text=" Autumn blend: out Monday. ",
            hashtags=["autumn", "#Coffee"],
            reason=" Tighter ",
        ),
        author.token,
    )
    version = payload["contentVersion"]
    assert (version["text"], version["hashtags"]) == (
        "Autumn blend: out Monday.",
        ["#autumn", "#Coffee"],
    )
    assert version["postText"] == "Autumn blend: out Monday.\n\n#autumn #Coffee"
    assert version["source"] == "AI" and version["isSelected"] is True

    [edit] = (await content_version(gql, author.token, version_id))["editHistory"]
    assert edit["previousText"] == "X draft 1: roasted in house, out on Monday."
    assert edit["newText"] == "Autumn blend: out Monday."
    assert (edit["previousHashtags"], edit["newHashtags"]) == (["#coffee"], ["#autumn", "#Coffee"])
    assert (edit["reason"], edit["editor"]) == ("Tighter", {"email": author.email})
    row = await ContentEdit.get()
    assert row.editor_id == author.pk and row.created_at is not None
    # A draft stays a draft: no status change is recorded.
    assert await status_of(drafted) == ContentStatus.DRAFTED
    assert await ContentTransition.all().count() == 0


async def test_every_edit_is_kept_oldest_first(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    version_id = drafted.version_id("LINKEDIN")
    for text in ("First rewrite", "Second rewrite", "Third rewrite"):
        await EDIT_CONTENT_VERSION.ok(gql, edit_input(version_id, text=text), team.editor.token)
    history = (await content_version(gql, team.editor.token, version_id))["editHistory"]
    assert [(e["previousText"], e["newText"]) for e in history] == [
        ("LINKEDIN draft 1: roasted in house, out on Monday.", "First rewrite"),
        ("First rewrite", "Second rewrite"),
        ("Second rewrite", "Third rewrite"),
    ]


async def test_hashtags_alone_can_change(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    version = drafted.of("X")[0]
    payload = await EDIT_CONTENT_VERSION.ok(
        gql, edit_input(drafted.version_id("X"), hashtags=[]), team.editor.token
    )
    assert (payload["contentVersion"]["text"], payload["contentVersion"]["hashtags"]) == (
        version.text,
        [],
    )
    edit = await ContentEdit.get()
    assert (edit.previous_text, edit.new_text) == (version.text, version.text)
    assert (edit.previous_hashtags, edit.new_hashtags) == (["#coffee"], [])


async def test_an_edit_that_changes_nothing_writes_nothing(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    await move_to(gql, drafted.id, "APPROVED", team.editor, team.reviewer)
    version = drafted.of("X")[0]
    async with writes_nothing():
        payload = await EDIT_CONTENT_VERSION.ok(
            gql,
            edit_input(drafted.version_id("X"), text=version.text, hashtags=["#coffee"]),
            team.editor.token,
        )
    assert payload["contentVersion"]["text"] == version.text
    assert await status_of(drafted) == ContentStatus.APPROVED


async def test_an_over_long_edit_is_stored_whole_with_its_violation(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    text = "a" * 300
    payload = await EDIT_CONTENT_VERSION.ok(
        gql, edit_input(drafted.version_id("X"), text=text, hashtags=[]), team.editor.token
    )
    assert payload["contentVersion"]["text"] == text
    assert payload["contentVersion"]["violations"] == [
        "X allows 280 characters; this post has 300."
    ]
    # Fixing it clears the violation.
    fixed = await EDIT_CONTENT_VERSION.ok(
        gql, edit_input(drafted.version_id("X"), text="a" * 280), team.editor.token
    )
    assert fixed["contentVersion"]["violations"] == []


@pytest.mark.parametrize("status", ["IN_REVIEW", "APPROVED", "REJECTED"])
async def test_editing_reviewed_content_returns_it_to_drafted(
    gql: GraphQLClient, team: Team, status: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    await move_to(gql, drafted.id, status, team.editor, team.reviewer)
    await EDIT_CONTENT_VERSION.ok(
        gql, edit_input(drafted.version_id("LINKEDIN"), text="New words"), team.admin.token
    )
    request = await content_request(gql, team.editor.token, drafted.id)
    assert request["status"] == "DRAFTED"
    last = request["transitions"][-1]
    assert (last["fromStatus"], last["toStatus"], last["reason"], last["actor"]) == (
        status,
        "DRAFTED",
        "edited",
        {"email": team.admin.email},
    )
    # The old approval does not carry over: the new words need a review of their own.
    assert await APPROVE_CONTENT.codes(
        gql, {"contentRequestId": drafted.id}, team.reviewer.token
    ) == ["INVALID_TRANSITION"]


async def test_an_edit_after_a_failed_regeneration_makes_the_request_a_draft_again(
    gql: GraphQLClient, team: Team
) -> None:
    # Versions of an earlier run, then a regeneration that failed.
    drafted = await make_request(team.org, team.editor, status=ContentStatus.GENERATION_FAILED)
    await EDIT_CONTENT_VERSION.ok(
        gql, edit_input(drafted.version_id("X"), text="Fixed by hand"), team.editor.token
    )
    assert await status_of(drafted) == ContentStatus.DRAFTED
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, team.editor.token)


@pytest.mark.parametrize("status", [ContentStatus.QUEUED, ContentStatus.GENERATING])
async def test_versions_cannot_change_while_the_request_is_being_generated(
    gql: GraphQLClient, team: Team, status: ContentStatus
) -> None:
    drafted = await make_request(team.org, team.editor, status=status)
    async with writes_nothing():
        payload = await EDIT_CONTENT_VERSION.payload(
            gql, edit_input(drafted.version_id("X"), text="Too soon"), team.editor.token
        )
    assert payload["contentVersion"] is None
    assert user_codes(payload) == ["INVALID_TRANSITION"]
    assert user_fields(payload) == [["contentVersionId"]]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "a" * 70_001}, "text"),
        ({"text": "Fine", "reason": "r" * 1001}, "reason"),
    ],
)
async def test_bad_input_changes_nothing(
    gql: GraphQLClient, team: Team, fields: dict[str, Any], field: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await EDIT_CONTENT_VERSION.payload(
            gql, edit_input(drafted.version_id("X"), **fields), team.editor.token
        )
    assert payload["contentVersion"] is None
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [[field]]


async def test_two_edits_at_once_both_land_in_one_consistent_history(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    version_id = drafted.version_id("X")
    results = await asyncio.gather(
        EDIT_CONTENT_VERSION.ok(gql, edit_input(version_id, text="From Eddie"), team.editor.token),
        EDIT_CONTENT_VERSION.ok(gql, edit_input(version_id, text="From Ada"), team.admin.token),
    )
    assert len(results) == 2
    first, second = await ContentEdit.all().order_by("id")
    # Each edit saw the text the other left: nothing was lost between them.
    assert first.previous_text == drafted.of("X")[0].text
    assert second.previous_text == first.new_text
    assert (await ContentVersion.get(id=drafted.of("X")[0].id)).text == second.new_text


async def test_a_reviewer_may_not_edit(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    await assert_forbidden(
        EDIT_CONTENT_VERSION,
        gql,
        edit_input(drafted.version_id("X"), text="Reviewer words"),
        team.reviewer.token,
    )


async def test_another_organizations_version_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        EDIT_CONTENT_VERSION,
        gql,
        team.editor.token,
        lambda version_id: edit_input(version_id, text="Mine now"),
        foreign.version_id("X"),
        "contentVersionId",
    )
