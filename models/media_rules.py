"""Each platform's media rules, as data, and the one check that applies them.

`media_problems` is pure; `version_media_problems` and `request_media_problems` load what
they check. Review submission calls the request check; the scheduler calls the version
check for the version it is about to schedule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from models.base import DomainError, ErrorCode, Problem
from models.content import ContentVersion, Platform
from models.media import MediaAttachment, MediaFormat, MediaKind

IMAGES = frozenset({MediaFormat.JPEG, MediaFormat.PNG, MediaFormat.GIF, MediaFormat.WEBP})
VIDEOS = frozenset({MediaFormat.MP4, MediaFormat.MOV})
MB = 1_000_000


@dataclass(frozen=True)
class MediaRule:
    max_images: int
    max_videos: int
    # May one post carry images and video together?
    mixed: bool
    min_items: int = 0
    # Items of any kind together (a carousel's length); None: max_images/max_videos decide.
    max_items: int | None = None
    image_formats: frozenset[MediaFormat] = IMAGES
    video_formats: frozenset[MediaFormat] = VIDEOS
    max_image_bytes: int | None = None
    max_video_bytes: int | None = None


P = Platform
RULES: dict[Platform, MediaRule] = {
    P.X: MediaRule(max_images=4, max_videos=1, mixed=False),
    P.LINKEDIN: MediaRule(max_images=9, max_videos=1, mixed=False),
    P.INSTAGRAM: MediaRule(max_images=10, max_videos=10, mixed=True, min_items=1, max_items=10),
    P.FACEBOOK: MediaRule(max_images=10, max_videos=1, mixed=False),
    # Threads' carousel limit is assumed to be 10 mixed items.
    P.THREADS: MediaRule(max_images=10, max_videos=10, mixed=True, max_items=10),
    P.BLUESKY: MediaRule(max_images=4, max_videos=1, mixed=False, max_image_bytes=1 * MB),
    P.MASTODON: MediaRule(max_images=4, max_videos=1, mixed=False),
    # A webhook receives whatever is attached.
}


class MediaLike(Protocol):
    kind: MediaKind
    format: MediaFormat
    size_bytes: int
    position: int


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def media_problems(channel: Platform, media: Sequence[MediaLike]) -> list[str]:
    """What breaks `channel`'s media rules, each message naming the rule."""
    rule = RULES.get(channel)
    if rule is None:
        return []
    name = channel.value
    images = [m for m in media if m.kind == MediaKind.IMAGE]
    videos = [m for m in media if m.kind == MediaKind.VIDEO]
    problems = []
    if len(media) < rule.min_items:
        problems.append(f"{name} needs at least {_plural(rule.min_items, 'media item')}.")
    if images and videos and not rule.mixed:
        problems.append(
            f"{name} allows up to {_plural(rule.max_images, 'image')} or "
            f"{_plural(rule.max_videos, 'video')} per post, not both."
        )
    if len(images) > rule.max_images:
        problems.append(
            f"{name} allows at most {_plural(rule.max_images, 'image')} per post "
            f"(this one has {len(images)})."
        )
    if len(videos) > rule.max_videos:
        problems.append(
            f"{name} allows at most {_plural(rule.max_videos, 'video')} per post "
            f"(this one has {len(videos)})."
        )
    if rule.max_items is not None and len(media) > rule.max_items:
        problems.append(
            f"{name} allows at most {_plural(rule.max_items, 'media item')} per post "
            f"(this one has {len(media)})."
        )
    for item in media:
        label = f"{name} item {item.position + 1}"
        allowed = rule.image_formats if item.kind == MediaKind.IMAGE else rule.video_formats
        if item.format not in allowed:
            problems.append(f"{label}: {name} does not accept {item.format.value}.")
        limit = rule.max_image_bytes if item.kind == MediaKind.IMAGE else rule.max_video_bytes
        if limit is not None and item.size_bytes > limit:
            problems.append(
                f"{label}: {name} accepts {item.kind.value.lower()}s up to "
                f"{limit / MB:g} MB (this one is {item.size_bytes / MB:.1f} MB)."
            )
    return problems


async def version_media_problems(version: ContentVersion) -> list[str]:
    media = await MediaAttachment.filter(version_id=version.id).order_by("position", "id")
    return media_problems(version.channel, media)


async def request_media_problems(versions: Iterable[ContentVersion]) -> list[Problem]:
    """Problems of every given version (normally the selected one of each channel),
    loaded in one query."""
    versions = list(versions)
    by_version: dict[int, list[MediaAttachment]] = {v.id: [] for v in versions}
    if versions:
        for item in await MediaAttachment.filter(version_id__in=list(by_version)).order_by(
            "position", "id"
        ):
            by_version[item.version_id].append(item)
    return [
        Problem(ErrorCode.MEDIA_RULES, message, ("media", version.channel.value))
        for version in versions
        for message in media_problems(version.channel, by_version[version.id])
    ]


async def require_media_rules(versions: Iterable[ContentVersion]) -> None:
    """Raise the media rule problems of `versions` as user errors (none: return)."""
    problems = await request_media_problems(versions)
    if problems:
        raise DomainError(problems)
