"""revertContentVersion: put back what an edit replaced, as a new edit (history only grows)."""

from __future__ import annotations

from typing import Any

from models.content import ContentEdit, ContentStatus
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    EDIT_CONTENT_VERSION,
    REVERT_CONTENT_VERSION,
    Drafted,
    assert_forbidden,
    assert_not_found_like_missing,
    content_request,
    content_version,
    gid,
    make_request,
    move_to,
    status_of,
    user_codes,
    user_fields,
    writes_nothing,
)


async def edited(gql: GraphQLClient, team: Team, drafted: Drafted, text: str) -> ContentEdit:
    await EDIT_CONTENT_VERSION.ok(
        gql,
        {"contentVersionId": drafted.version_id("X"), "text": text, "hashtags": ["#new"]},
        team.editor.token,
    )
    return await ContentEdit.all().order_by("-id").first()  # type: ignore[return-value]


async def test_a_revert_restores_text_and_hashtags_and_is_itself_recorded(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    original = drafted.of("X")[0]
    edit = await edited(gql, team, drafted, "Rewritten")
    payload = await REVERT_CONTENT_VERSION.ok(gql, {"editId": gid(edit)}, team.admin.token)
    version = payload["contentVersion"]
    assert (version["text"], version["hashtags"]) == (original.text, original.hashtags)

    history = (await content_version(gql, team.editor.token, drafted.version_id("X")))[
        "editHistory"
    ]
    assert [(e["previousText"], e["newText"], e["editor"]["email"]) for e in history] == [
        (original.text, "Rewritten", team.editor.email),
        ("Rewritten", original.text, team.admin.email),
    ]
    assert history[1]["reason"] == f"Revert of edit {edit.id}"
    assert (history[1]["previousHashtags"], history[1]["newHashtags"]) == (["#new"], ["#coffee"])
    revert = await ContentEdit.all().order_by("-id").first()
    assert revert is not None and revert.reverts_edit_id == edit.id


async def test_reverting_an_older_edit_restores_the_text_that_edit_replaced(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    first = await edited(gql, team, drafted, "Second words")
    await edited(gql, team, drafted, "Third words")
    payload = await REVERT_CONTENT_VERSION.ok(gql, {"editId": gid(first)}, team.editor.token)
    assert payload["contentVersion"]["text"] == drafted.of("X")[0].text
    assert await ContentEdit.all().count() == 3


async def test_reverting_to_the_current_text_writes_nothing(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    edit = await edited(gql, team, drafted, "Rewritten")
    await REVERT_CONTENT_VERSION.ok(gql, {"editId": gid(edit)}, team.editor.token)
    async with writes_nothing():
        await REVERT_CONTENT_VERSION.ok(gql, {"editId": gid(edit)}, team.editor.token)


async def test_reverting_approved_content_returns_it_to_drafted(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    edit = await edited(gql, team, drafted, "Rewritten")
    await move_to(gql, drafted.id, "APPROVED", team.editor, team.reviewer)
    await REVERT_CONTENT_VERSION.ok(gql, {"editId": gid(edit)}, team.editor.token)
    assert await status_of(drafted) == ContentStatus.DRAFTED
    last = (await content_request(gql, team.editor.token, drafted.id))["transitions"][-1]
    assert (last["fromStatus"], last["toStatus"], last["actor"]) == (
        "APPROVED",
        "DRAFTED",
        {"email": team.editor.email},
    )


async def test_no_revert_while_the_request_is_being_generated(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    edit = await edited(gql, team, drafted, "Rewritten")
    drafted.request.status = ContentStatus.QUEUED
    await drafted.request.save(update_fields=["status"])
    async with writes_nothing():
        payload = await REVERT_CONTENT_VERSION.payload(
            gql, {"editId": gid(edit)}, team.editor.token
        )
    assert user_codes(payload) == ["INVALID_TRANSITION"]
    assert user_fields(payload) == [["editId"]]


async def test_an_id_of_another_type_is_not_an_edit(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await REVERT_CONTENT_VERSION.payload(
            gql, {"editId": drafted.version_id("X")}, team.editor.token
        )
    assert user_codes(payload) == ["NOT_FOUND"]
    assert user_fields(payload) == [["editId"]]


async def test_a_reviewer_may_not_revert(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    edit = await edited(gql, team, drafted, "Rewritten")
    await assert_forbidden(REVERT_CONTENT_VERSION, gql, {"editId": gid(edit)}, team.reviewer.token)


async def test_another_organizations_edit_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await EDIT_CONTENT_VERSION.ok(
        gql,
        {"contentVersionId": foreign.version_id("X"), "text": "Theirs"},
        team.outsider.token,
    )
    edit = await ContentEdit.get()

    def revert_input(edit_id: str) -> dict[str, Any]:
        return {"editId": edit_id}

    await assert_not_found_like_missing(
        REVERT_CONTENT_VERSION, gql, team.admin.token, revert_input, gid(edit), "editId"
    )
