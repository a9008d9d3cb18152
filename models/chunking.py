"""Splitting extracted text into overlapping passages measured in tokens.

Tokens are counted with the `cl100k_base` BPE, the tokenizer of OpenAI's embedding models
(through `bpe-openai`, which ships the vocabulary and so needs no download at run time).
Passages follow the text's own boundaries — paragraphs, then sentences — and only a single
sentence longer than a whole passage is cut at a token boundary.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _encoding() -> Any:
    # bpe-openai reads its bundled vocabulary (on import and per encoding) with
    # importlib.resources' legacy `open_binary`, which warns; nothing on our side to change.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "open_binary is deprecated", DeprecationWarning)
        import bpe_openai

        return bpe_openai.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(_encoding().encode_ordinary(text)) if text else 0


def _decode(tokens: list[int]) -> str:
    text: str = _encoding().decode(tokens)
    return text


@dataclass(frozen=True)
class Passage:
    position: int
    text: str
    token_count: int


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n")


def _units(text: str, limit: int) -> list[tuple[str, int]]:
    """Sentences (and lines) with their token counts; any longer than `limit` is cut."""
    units: list[tuple[str, int]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        pieces = [p.strip() for p in _SENTENCE_END.split(paragraph) if p.strip()]
        for i, piece in enumerate(pieces):
            # The last piece of a paragraph carries the paragraph break with it.
            suffix = "\n\n" if i == len(pieces) - 1 else " "
            tokens = _encoding().encode_ordinary(piece)
            if len(tokens) <= limit:
                units.append((piece + suffix, len(tokens)))
                continue
            for start in range(0, len(tokens), limit):
                window = tokens[start : start + limit]
                units.append((_decode(window) + " ", len(window)))
    return units


def split_passages(text: str, max_tokens: int, overlap_tokens: int) -> list[Passage]:
    """Greedy packing of whole sentences up to `max_tokens`; each passage starts with the
    last sentences of the previous one, up to `overlap_tokens`, so no fact is cut in two."""
    if max_tokens <= 0:
        raise ValueError("max_tokens must be positive")
    overlap_tokens = max(0, min(overlap_tokens, max_tokens // 2))
    units = _units(text, max_tokens)
    passages: list[Passage] = []
    current: list[tuple[str, int]] = []
    size = 0
    fresh = 0  # units in `current` not already emitted in the previous passage

    def emit() -> None:
        body = "".join(u for u, _ in current).strip()
        if body:
            passages.append(Passage(len(passages), body, count_tokens(body)))

    for unit in units:
        if current and size + unit[1] > max_tokens:
            emit()
            carried: list[tuple[str, int]] = []
            carried_size = 0
            for prev in reversed(current):
                if carried_size + prev[1] > overlap_tokens or len(carried) + 1 >= len(current):
                    break
                carried.insert(0, prev)
                carried_size += prev[1]
            # Never carry so much that the next unit cannot fit after it.
            while carried and carried_size + unit[1] > max_tokens:
                carried_size -= carried.pop(0)[1]
            current, size, fresh = carried, carried_size, 0
        current.append(unit)
        size += unit[1]
        fresh += 1
    if current and fresh:
        emit()
    return passages
