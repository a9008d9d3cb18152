"""Bluesky rich text: links and hashtags become facets with UTF-8 *byte* offsets.

Bluesky renders plain text unless a facet marks a range; offsets count bytes of the UTF-8
encoding, so "café #tag" puts the tag at byte 6, not character 5. The rules follow the
official client's detection: links are http(s) URLs at a word start (bare domains are not
linked), trailing punctuation is not part of them, and a ")" closes the link only when it is
unbalanced; a hashtag starts after whitespace, may not be all digits, drops trailing
punctuation and is at most 64 characters. Mentions are not faceted (they need a handle → DID
lookup): they stay plain text.
"""

from __future__ import annotations

from typing import Any

import regex

LINK = regex.compile(r"(?<![^\s(])https?://[^\s]+", regex.IGNORECASE)
TRAILING = ".,;:!?\"'"
# Characters that never belong in a tag: whitespace and invisible separators/joiners.
_NOT_TAG = r"\s\u00AD\u2060\u200A\u200B\u200C\u200D\u20e2"
HASHTAG = regex.compile(
    rf"(?<![^\s])[#\uFF03](?!\ufe0f)(?P<tag>[^{_NOT_TAG}]*[^\d\p{{P}}{_NOT_TAG}]+[^{_NOT_TAG}]*)"
)
MAX_TAG = 64


def _byte_index(text: str, start: int, end: int) -> dict[str, int]:
    byte_start = len(text[:start].encode("utf-8"))
    return {"byteStart": byte_start, "byteEnd": byte_start + len(text[start:end].encode("utf-8"))}


def _trim_link(url: str) -> str:
    while url and url[-1] in TRAILING:
        url = url[:-1]
    if url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def facets(text: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    link_ranges: list[tuple[int, int]] = []
    for match in LINK.finditer(text):
        url = _trim_link(match.group(0))
        if "://" not in url or url.endswith("://"):
            continue
        start, end = match.start(), match.start() + len(url)
        link_ranges.append((start, end))
        found.append(
            {
                "index": _byte_index(text, start, end),
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        )
    for match in HASHTAG.finditer(text):
        tag = regex.sub(r"\p{P}+$", "", match.group("tag"))
        start = match.start()
        end = match.start("tag") + len(tag)
        if not tag or len(tag) > MAX_TAG or any(s <= start < e for s, e in link_ranges):
            continue
        found.append(
            {
                "index": _byte_index(text, start, end),
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            }
        )
    return sorted(found, key=lambda f: int(f["index"]["byteStart"]))
