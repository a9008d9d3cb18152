from __future__ import annotations

import pytest

from app.settings import DEV_ENCRYPTION_KEY, ConfigurationError, Settings

STRONG = {
    "secret_key": "s" * 48,
    "encryption_keys": "Wn5Y1d3OZl6mBqf1lqKxQm5r9Lr3P0c7eO8v2pQ1aZU=",
    "database_url": "postgres://db.internal/ezre",
    "redis_url": "redis://cache.internal:6379/0",
    "password_hash_time_cost": 3,
    "password_hash_memory_kib": 65_536,
}


def test_production_starts_with_real_secrets_and_services() -> None:
    settings = Settings(ezre_env="production", **STRONG)
    settings.check_production()
    assert settings.graphiql_enabled is False


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"secret_key": Settings.model_fields["secret_key"].default}, "SECRET_KEY"),
        ({"encryption_keys": DEV_ENCRYPTION_KEY}, "ENCRYPTION_KEYS"),
        ({"database_url": None}, "DATABASE_URL"),
        ({"redis_url": None}, "REDIS_URL"),
        ({"password_hash_memory_kib": 1024}, "PASSWORD_HASH"),
        ({"password_hash_time_cost": 1}, "PASSWORD_HASH"),
    ],
)
def test_production_refuses_laptop_settings(override: dict[str, object], complaint: str) -> None:
    settings = Settings(ezre_env="production", **(STRONG | override))
    with pytest.raises(ConfigurationError, match=complaint):
        settings.check_production()


def test_graphiql_is_on_in_development_and_only_on_request_in_production() -> None:
    assert Settings(ezre_env="development").graphiql_enabled is True
    assert Settings(ezre_env="production", graphiql=True, **STRONG).graphiql_enabled is True


def test_development_never_refuses() -> None:
    Settings(ezre_env="development").check_production()
