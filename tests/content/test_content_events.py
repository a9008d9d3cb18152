"""contentEvents over a real websocket to a server process; the changes are made through this
process's API, so every event also crosses processes through Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from websockets.exceptions import ConnectionClosed

from models.organizations import Membership
from tests.conftest import GraphQLClient, LiveServer
from tests.content.conftest import Team
from tests.content.helpers import (
    ADD_COMMENT,
    CREATE_CONTENT_VERSION,
    DELETE_COMMENT,
    EDIT_COMMENT,
    EDIT_CONTENT_VERSION,
    REJECT_CONTENT,
    REOPEN_COMMENT,
    RESOLVE_COMMENT,
    SUBMIT_FOR_REVIEW,
    make_request,
    org_pk,
)
from tests.content.live import Subscriber, subscribers, wait_for_subscribers


@pytest.fixture
async def watching(live_server: LiveServer, team: Team) -> AsyncIterator[Subscriber]:
    """A REVIEWER of `team.org` subscribed to its content events."""
    subscriber = await Subscriber.open(live_server.ws_url, team.reviewer.token, team.org)
    await wait_for_subscribers(team.org, 1)
    yield subscriber
    await subscriber.close()


async def test_status_changes_carry_the_previous_status_the_actor_and_the_reason(
    gql: GraphQLClient, team: Team, watching: Subscriber
) -> None:
    drafted = await make_request(team.org, team.editor)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, team.editor.token)
    await REJECT_CONTENT.ok(
        gql, {"contentRequestId": drafted.id, "reason": "Too salesy"}, team.reviewer.token
    )
    await EDIT_CONTENT_VERSION.ok(
        gql, {"contentVersionId": drafted.version_id("X"), "text": "Calmer"}, team.editor.token
    )
    submitted, rejected, redrafted, edited = await watching.events(4)
    assert submitted == submitted | {
        "kind": "STATUS_CHANGED",
        "contentRequestId": drafted.id,
        "previousStatus": "DRAFTED",
        "status": "IN_REVIEW",
        "actor": {"email": team.editor.email},
    }
    assert rejected == rejected | {
        "kind": "STATUS_CHANGED",
        "previousStatus": "IN_REVIEW",
        "status": "REJECTED",
        "reason": "Too salesy",
        "actor": {"email": team.reviewer.email},
    }
    assert redrafted == redrafted | {
        "kind": "STATUS_CHANGED",
        "previousStatus": "REJECTED",
        "status": "DRAFTED",
        "reason": "edited",
        "actor": {"email": team.editor.email},
    }
    assert edited == edited | {
        "kind": "VERSION_EDITED",
        "contentRequestId": drafted.id,
        "versionId": drafted.version_id("X"),
        "channel": "X",
        "status": None,
        "actor": {"email": team.editor.email},
    }

    created = await CREATE_CONTENT_VERSION.ok(
        gql,
        {"contentRequestId": drafted.id, "channel": "LINKEDIN", "text": "By hand"},
        team.admin.token,
    )
    event = await watching.event()
    assert event == event | {
        "kind": "VERSION_CREATED",
        "versionId": created["contentVersion"]["id"],
        "channel": "LINKEDIN",
        "actor": {"email": team.admin.email},
    }


async def test_comment_events_name_the_comment_its_version_and_who(
    gql: GraphQLClient, team: Team, watching: Subscriber
) -> None:
    drafted = await make_request(team.org, team.editor)
    version_id = drafted.version_id("LINKEDIN")
    added = await ADD_COMMENT.ok(
        gql, {"contentVersionId": version_id, "body": "Price?"}, team.reviewer.token
    )
    comment_id = added["comment"]["id"]
    reply = await ADD_COMMENT.ok(
        gql,
        {"contentVersionId": version_id, "body": "4.50", "parentId": comment_id},
        team.editor.token,
    )
    # Rewording a comment is not news for the stream; resolving and deleting are.
    await EDIT_COMMENT.ok(gql, {"commentId": comment_id, "body": "Price??"}, team.reviewer.token)
    await RESOLVE_COMMENT.ok(gql, {"commentId": comment_id}, team.editor.token)
    await REOPEN_COMMENT.ok(gql, {"commentId": comment_id}, team.admin.token)
    await DELETE_COMMENT.ok(gql, {"commentId": reply["comment"]["id"]}, team.admin.token)

    events = await watching.events(5)
    assert [(e["kind"], e["commentId"], e["actor"]["email"]) for e in events] == [
        ("COMMENT_ADDED", comment_id, team.reviewer.email),
        ("COMMENT_ADDED", reply["comment"]["id"], team.editor.email),
        ("COMMENT_RESOLVED", comment_id, team.editor.email),
        ("COMMENT_REOPENED", comment_id, team.admin.email),
        ("COMMENT_DELETED", reply["comment"]["id"], team.admin.email),
    ]
    assert {(e["contentRequestId"], e["versionId"]) for e in events} == {(drafted.id, version_id)}


async def test_another_organizations_events_do_not_arrive(
    gql: GraphQLClient, team: Team, watching: Subscriber
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": foreign.id}, team.outsider.token)
    ours = await make_request(team.org, team.editor)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": ours.id}, team.editor.token)
    # Events of one organization arrive in order, so the first one seen must be ours.
    assert (await watching.event())["contentRequestId"] == ours.id


async def test_only_members_may_subscribe(live_server: LiveServer, team: Team) -> None:
    stranger = await Subscriber.open(live_server.ws_url, team.outsider.token, team.org)
    try:
        refused = await stranger.message()
        assert refused["type"] == "next"
        assert [e["extensions"]["code"] for e in refused["payload"]["errors"]] == ["NOT_FOUND"]
        assert (await stranger.message())["type"] == "complete"
        assert await subscribers(team.org) == 0
    finally:
        await stranger.close()


async def test_a_member_removed_while_subscribed_hears_no_more(
    gql: GraphQLClient, team: Team, watching: Subscriber
) -> None:
    await Membership.filter(organization_id=org_pk(team.org), user_id=team.reviewer.pk).delete()
    drafted = await make_request(team.org, team.editor)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, team.editor.token)
    # The stream ends instead of delivering the event, and lets go of Redis.
    message = await watching.message()
    assert message == {"id": "events", "type": "complete"}
    await wait_for_subscribers(team.org, 0)


async def test_a_subscriber_that_disconnects_leaves_no_redis_subscription(
    live_server: LiveServer, team: Team
) -> None:
    first = await Subscriber.open(live_server.ws_url, team.editor.token, team.org)
    second = await Subscriber.open(live_server.ws_url, team.admin.token, team.org)
    await wait_for_subscribers(team.org, 2)
    await first.close()
    await wait_for_subscribers(team.org, 1)
    await second.close()
    await wait_for_subscribers(team.org, 0)
    with pytest.raises(ConnectionClosed):
        await first.message(seconds=1)
