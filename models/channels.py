"""Each channel's text rules, enforced on what is stored (not just asked of the AI)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

from models.content import Platform

URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)
X_URL_LENGTH = 23  # X wraps every link in t.co, which always counts 23 characters


@dataclass(frozen=True)
class ChannelRules:
    max_length: int
    max_hashtags: int | None = None
    counts_urls_as: int | None = None
    max_bytes: int | None = None
    guidance: str = ""


RULES: dict[Platform, ChannelRules] = {
    Platform.X: ChannelRules(280, counts_urls_as=X_URL_LENGTH, guidance="punchy, 1-2 hashtags"),
    Platform.LINKEDIN: ChannelRules(3000, guidance="professional, short paragraphs"),
    Platform.FACEBOOK: ChannelRules(63206, guidance="conversational, front-load the hook"),
    Platform.INSTAGRAM: ChannelRules(2200, max_hashtags=30, guidance="visual, hashtags at end"),
    Platform.THREADS: ChannelRules(500, guidance="casual, conversational"),
    Platform.BLUESKY: ChannelRules(300, max_bytes=3000, guidance="concise, no hashtag stuffing"),
    Platform.MASTODON: ChannelRules(500, guidance="plain, CamelCase hashtags for screen readers"),
    Platform.WEBHOOK: ChannelRules(63206, guidance="plain text"),
}


def normalize_hashtags(hashtags: list[str]) -> list[str]:
    """`#Brand`, `brand` and ` #brand ` all become `#Brand`/`#brand`; empties and repeats go."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in hashtags:
        cleaned = "#" + re.sub(r"\s+", "", tag).lstrip("#")
        if len(cleaned) > 1 and cleaned.lower() not in seen:
            seen.add(cleaned.lower())
            result.append(cleaned)
    return result


def compose(text: str, hashtags: list[str]) -> str:
    """The post as published: the text, then hashtags not already in it."""
    # A whole tag only: "#art" is not in "#artisan".
    missing = [t for t in hashtags if not re.search(re.escape(t) + r"(?!\w)", text, re.IGNORECASE)]
    return f"{text.rstrip()}\n\n{' '.join(missing)}" if missing else text.rstrip()


# X counts these code point ranges as 1 and everything else (CJK, emoji, …) as 2.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F}  # joiners and variation selectors add nothing


def _x_weight(char: str) -> int:
    point = ord(char)
    if point in _INVISIBLE:
        return 0
    return 1 if any(lo <= point <= hi for lo, hi in _X_LIGHT) else 2


def _is_emoji(grapheme: str) -> bool:
    return any(unicodedata.category(c) == "So" or ord(c) >= 0x1F000 for c in grapheme)


def counted_length(channel: Platform, post: str) -> int:
    """Length as each platform counts it (text NFC-normalized first)."""
    post = unicodedata.normalize("NFC", post)
    rules = RULES[channel]
    if rules.counts_urls_as is not None:
        post = URL_RE.sub("x" * rules.counts_urls_as, post)
    graphemes = regex.findall(r"\X", post)
    if channel == Platform.X:
        # An emoji sequence (skin tones, families, flags) counts 2 as a whole.
        return sum(2 if _is_emoji(g) else sum(_x_weight(c) for c in g) for g in graphemes)
    if channel == Platform.THREADS:
        # Meta counts an emoji by its UTF-8 bytes.
        return sum(len(g.encode()) if _is_emoji(g) else 1 for g in graphemes)
    return len(graphemes)


def violations(channel: Platform, text: str, hashtags: list[str]) -> list[str]:
    rules = RULES[channel]
    found: list[str] = []
    if not text.strip():
        found.append("The text is empty.")
    length = counted_length(channel, compose(text, hashtags))
    if length > rules.max_length:
        found.append(
            f"{channel.value} allows {rules.max_length} characters; this post has {length}."
        )
    if rules.max_bytes is not None and len(compose(text, hashtags).encode()) > rules.max_bytes:
        found.append(f"{channel.value} allows {rules.max_bytes} bytes of UTF-8 text.")
    all_tags = set(re.findall(r"#\w+", compose(text, hashtags).lower()))
    if rules.max_hashtags is not None and len(all_tags) > rules.max_hashtags:
        found.append(
            f"{channel.value} allows at most {rules.max_hashtags} hashtags; "
            f"this post has {len(all_tags)}."
        )
    return found


def describe(channel: Platform) -> str:
    rules = RULES[channel]
    parts = [f"at most {rules.max_length} characters including hashtags"]
    if rules.counts_urls_as:
        parts.append(f"each URL counts as {rules.counts_urls_as} characters")
    if rules.max_hashtags:
        parts.append(f"at most {rules.max_hashtags} hashtags")
    return f"{channel.value}: " + "; ".join(parts) + f"; style: {rules.guidance}."
