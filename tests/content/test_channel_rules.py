"""Each channel's text rules, as pure functions (models/channels.py)."""

from __future__ import annotations

import pytest

from models.channels import (
    RULES,
    compose,
    counted_length,
    describe,
    normalize_hashtags,
    violations,
)
from models.content import Platform

LIMITS = {
    Platform.X: 280,
    Platform.LINKEDIN: 3000,
    Platform.FACEBOOK: 63206,
    Platform.INSTAGRAM: 2200,
    Platform.THREADS: 500,
    Platform.BLUESKY: 300,
    Platform.MASTODON: 500,
}
LONG_URL = "https://coffee.example/autumn/blend/launch?utm_source=x&utm_campaign=fall"


@pytest.mark.parametrize(("channel", "limit"), LIMITS.items())
def test_a_post_may_be_exactly_as_long_as_its_channel_allows(channel: Platform, limit: int) -> None:
    assert RULES[channel].max_length == limit
    assert violations(channel, "a" * limit, []) == []
    assert violations(channel, "a" * (limit + 1), []) == [
        f"{channel.value} allows {limit} characters; this post has {limit + 1}."
    ]


def test_hashtags_count_towards_the_length_as_they_are_published() -> None:
    # "text" + blank line + "#coffee": 270 + 2 + 7 = 279, then one more character is too many.
    assert counted_length(Platform.X, compose("a" * 270, ["#coffee"])) == 279
    assert violations(Platform.X, "a" * 271, ["#coffee"]) == []
    assert violations(Platform.X, "a" * 272, ["#coffee"]) == [
        "X allows 280 characters; this post has 281."
    ]


def test_x_counts_every_url_as_23_characters_whatever_its_length() -> None:
    assert len(LONG_URL) > 23
    assert counted_length(Platform.X, LONG_URL) == 23
    assert counted_length(Platform.X, "http://a.co") == 23
    two = f"See {LONG_URL} and http://b.example/x now"
    assert counted_length(Platform.X, two) == len("See ") + 23 + len(" and ") + 23 + len(" now")
    # 256 letters, a space and a URL are 280 on X although the raw string is far longer.
    text = "a" * 256 + " " + LONG_URL
    assert len(text) > 280
    assert violations(Platform.X, text, []) == []
    assert violations(Platform.X, "a" + text, []) == ["X allows 280 characters; this post has 281."]


@pytest.mark.parametrize("channel", [c for c in LIMITS if c != Platform.X])
def test_other_channels_count_urls_as_written(channel: Platform) -> None:
    assert counted_length(channel, LONG_URL) == len(LONG_URL)


def test_instagram_allows_30_distinct_hashtags_in_text_and_list_together() -> None:
    in_text = " ".join(f"#tag{i}" for i in range(20))
    listed = [f"#tag{i}" for i in range(20, 30)]
    assert violations(Platform.INSTAGRAM, f"New roast {in_text}", listed) == []
    # The same tag in the text and the list, in any case, counts once.
    assert violations(Platform.INSTAGRAM, f"New roast {in_text} #TAG0", [*listed, "#Tag1"]) == []
    assert violations(Platform.INSTAGRAM, f"New roast {in_text}", [*listed, "#tag30"]) == [
        "INSTAGRAM allows at most 30 hashtags; this post has 31."
    ]


@pytest.mark.parametrize("channel", [c for c in LIMITS if c != Platform.INSTAGRAM])
def test_only_instagram_caps_hashtags(channel: Platform) -> None:
    assert RULES[channel].max_hashtags is None
    assert violations(channel, "Roast", [f"#t{i}" for i in range(31)]) == []


def test_an_empty_text_is_a_violation_even_with_hashtags() -> None:
    assert violations(Platform.LINKEDIN, "   ", ["#coffee"]) == ["The text is empty."]


def test_several_violations_are_all_named() -> None:
    found = violations(Platform.INSTAGRAM, "a" * 2200, [f"#t{i}" for i in range(31)])
    assert len(found) == 2
    assert found[0].startswith("INSTAGRAM allows 2200 characters; this post has ")
    assert found[1] == "INSTAGRAM allows at most 30 hashtags; this post has 31."


def test_compose_appends_only_the_hashtags_not_already_in_the_text() -> None:
    assert compose("Fresh roast.  ", []) == "Fresh roast."
    assert compose("Fresh roast", ["#coffee", "#Autumn"]) == "Fresh roast\n\n#coffee #Autumn"
    assert compose("Fresh #Coffee roast", ["#coffee", "#autumn"]) == (
        "Fresh #Coffee roast\n\n#autumn"
    )


def test_a_longer_tag_in_the_text_does_not_hide_a_shorter_hashtag() -> None:
    # "#art" is not in "#artisan": the post must still carry #art, and count it.
    assert compose("Meet our #artisan roasters", ["#art"]) == ("Meet our #artisan roasters\n\n#art")
    in_text = " ".join(f"#tag{i}" for i in range(30))
    assert violations(Platform.INSTAGRAM, in_text, ["#tag"]) == [
        "INSTAGRAM allows at most 30 hashtags; this post has 31."
    ]


def test_hashtags_are_normalized_without_repeats() -> None:
    assert normalize_hashtags(
        ["#Brand", "brand", " #brand ", "", "#", "##roast", "cold brew", "#Roast"]
    ) == ["#Brand", "#roast", "#coldbrew"]


def test_every_platform_has_rules_and_the_prompt_describes_them() -> None:
    assert set(RULES) == set(Platform)
    x = describe(Platform.X)
    assert x.startswith("X: at most 280 characters including hashtags")
    assert "each URL counts as 23 characters" in x
    instagram = describe(Platform.INSTAGRAM)
    assert "at most 2200 characters" in instagram and "at most 30 hashtags" in instagram
    assert "URL" not in describe(Platform.LINKEDIN)
