"""Password hashing, opaque tokens, access tokens and encryption at rest."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from app.settings import get_settings

ACCESS_TOKEN_TYPE = "access"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """argon2id; cost from settings (production refuses less than OWASP's minimum)."""
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # A real hash to verify against when the account does not exist, so timing does not tell.
    return _hasher().hash(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    verify_password(_dummy_hash(), password)


def new_token(prefix: str = "") -> str:
    """A random, URL-safe secret with an optional prefix that says what it is."""
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens carry 256 bits of randomness, so a keyed SHA-256 is enough to store them."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    session_id: int
    expires_at: datetime


def issue_access_token(user_id: int, session_id: int) -> tuple[str, datetime]:
    settings = get_settings()
    now = datetime.now(UTC)
    expires_at = now + timedelta(seconds=settings.access_token_ttl_seconds)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "typ": ACCESS_TOKEN_TYPE,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, settings.secret_key, algorithm="HS256"), expires_at


def read_access_token(token: str) -> AccessClaims | None:
    """Claims of a valid, unexpired access token; None for anything else."""
    try:
        claims = jwt.decode(
            token,
            get_settings().secret_key,
            algorithms=["HS256"],
            options={"require": ["exp", "sub", "sid", "typ"]},
        )
        if claims["typ"] != ACCESS_TOKEN_TYPE:
            return None
        return AccessClaims(
            user_id=int(claims["sub"]),
            session_id=int(claims["sid"]),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
    except (jwt.PyJWTError, ValueError, KeyError):
        return None


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(get_settings().fernet_keys))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    return fernet().decrypt(ciphertext.encode()).decode()


def reencrypt(ciphertext: str) -> str:
    """Re-encrypt under the newest key (for key rotation)."""
    return fernet().rotate(ciphertext.encode()).decode()


__all__ = [
    "AccessClaims",
    "InvalidToken",
    "burn_password_check",
    "decrypt",
    "encrypt",
    "hash_password",
    "hash_token",
    "issue_access_token",
    "new_token",
    "read_access_token",
    "reencrypt",
    "verify_password",
]
