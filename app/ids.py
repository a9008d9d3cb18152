"""Relay global ids: base64 of "<Type>:<primary key>"."""

from __future__ import annotations

import base64
import binascii


def encode_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode_any_id(global_id: str) -> tuple[str, int] | None:
    try:
        type_name, _, raw = base64.b64decode(global_id, validate=True).decode().partition(":")
        pk = int(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    if not type_name or pk <= 0 or pk >= 2**63:
        return None
    return type_name, pk


def decode_id(global_id: str, type_name: str) -> int | None:
    """The primary key inside a global id of `type_name`; None for anything else."""
    decoded = decode_any_id(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    return decoded[1]
