"""Process settings, read from the environment (and an optional `.env` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789"
# A valid Fernet key used only outside production; production refuses to start with it.
DEV_ENCRYPTION_KEY = "ZGV2LWluc2VjdXJlLWZlcm5ldC1rZXktMDEyMzQ1Njc="


class ConfigurationError(RuntimeError):
    """Settings that must not be used to start the process."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    ezre_env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=PROJECT_ROOT / ".ezre", alias="EZRE_DATA_DIR")

    database_url: str | None = None
    redis_url: str | None = None

    secret_key: str = DEV_SECRET_KEY
    # argon2id cost. Defaults are argon2-cffi's (64 MiB, t=3); tests lower them for speed.
    password_hash_time_cost: int = 3
    password_hash_memory_kib: int = 65_536
    # Comma-separated Fernet keys, newest first; older keys still decrypt.
    encryption_keys: str = DEV_ENCRYPTION_KEY

    host: str = "127.0.0.1"
    port: int = 8000
    graphiql: bool | None = None
    cors_origins: str = ""
    log_level: str = "INFO"
    log_json: bool = True

    app_url: str = "http://127.0.0.1:3000"
    smtp_url: str | None = None
    mail_from: str = "Ezre Comms <no-reply@example.com>"
    smtp_timeout_seconds: float = 10.0

    access_token_ttl_seconds: int = 900
    refresh_token_ttl_days: int = 30
    email_verification_ttl_hours: int = 48
    password_reset_ttl_minutes: int = 60
    invitation_ttl_days: int = 7
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    auth_rate_limit_per_minute: int = 30

    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout_seconds: float = 60.0
    ai_max_retries: int = 4
    ai_retry_base_seconds: float = 1.0
    ai_retry_max_seconds: float = 60.0

    # Knowledge files, retrieval and media (see README "Configuration").
    embedding_model: str = "text-embedding-3-small"
    # The size of the stored vectors; the `knowledge_chunks.embedding` column is created with
    # it, so changing it needs a migration (and reprocessing every file).
    embedding_dimensions: int = 512
    embedding_batch_size: int = 64
    image_model: str = "gpt-image-1"
    image_size: str = "1024x1024"
    knowledge_max_upload_mb: float = 25.0
    media_max_upload_mb: float = 200.0
    knowledge_chunk_tokens: int = 400
    knowledge_chunk_overlap_tokens: int = 60
    retrieval_top_k: int = 5
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path | None = None
    s3_endpoint_url: str | None = None
    s3_bucket: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_prefix: str = ""

    # Where platforms reach this API to fetch media (signed, expiring links under /media/).
    public_api_url: str = "http://127.0.0.1:8000"
    media_link_ttl_seconds: int = 3600
    publish_lease_seconds: int = 120
    publish_lookahead_seconds: int = 300
    publish_retry_base_seconds: float = 30.0
    publish_retry_max_seconds: float = 900.0
    token_refresh_window_minutes: int = 60

    # Social platforms (integrations/platforms). URLs default to production; tests point them
    # at a loopback server. Client ids/secrets unset: that platform cannot be connected.
    platform_http_timeout_seconds: float = 20.0
    platform_media_max_bytes: int = 50_000_000  # media we download to re-upload (X, Bluesky…)
    # Instagram/Threads containers and Mastodon media are processed asynchronously.
    platform_processing_timeout_seconds: float = 120.0
    platform_poll_interval_seconds: float = 2.0
    # Mastodon instances and Bluesky PDS URLs are typed by users: private addresses refused.
    platform_allow_private_networks: bool = False
    x_client_id: str | None = None
    x_client_secret: str | None = None
    x_api_url: str = "https://api.x.com"
    x_auth_url: str = "https://twitter.com"
    linkedin_client_id: str | None = None
    linkedin_client_secret: str | None = None
    linkedin_api_url: str = "https://api.linkedin.com"
    linkedin_auth_url: str = "https://www.linkedin.com"
    linkedin_api_version: str = "202610"  # LinkedIn-Version header (YYYYMM, ~1 year support)
    meta_app_id: str | None = None  # Facebook Pages and Instagram (Facebook Login)
    meta_app_secret: str | None = None
    meta_graph_url: str = "https://graph.facebook.com"
    meta_auth_url: str = "https://www.facebook.com"
    meta_api_version: str = "v24.0"
    threads_app_id: str | None = None
    threads_app_secret: str | None = None
    threads_api_url: str = "https://graph.threads.net"
    threads_auth_url: str = "https://threads.net"
    threads_api_version: str = "v1.0"
    bluesky_service_url: str = "https://bsky.social"  # PDS used when a user names none
    mastodon_app_name: str = "Ezre Comms"
    # Webhook destinations are typed by users: private/loopback addresses refused unless true.
    webhook_allow_private_networks: bool = False

    max_query_depth: int = 12
    max_aliases: int = 20
    max_query_tokens: int = 3000
    max_page_size: int = 100
    default_page_size: int = 20

    @property
    def storage_root(self) -> Path:
        """Where the local storage backend keeps blobs."""
        return self.storage_dir or self.data_dir / "files"

    @property
    def is_production(self) -> bool:
        return self.ezre_env == "production"

    @property
    def graphiql_enabled(self) -> bool:
        if self.graphiql is None:
            return not self.is_production
        return self.graphiql

    @property
    def uses_embedded_services(self) -> bool:
        return self.database_url is None or self.redis_url is None

    def service_urls(self) -> tuple[str, str]:
        """(DATABASE_URL, REDIS_URL) once set or started; embedded ones are resolved by the CLI."""
        if self.database_url is None or self.redis_url is None:
            raise ConfigurationError("DATABASE_URL and REDIS_URL are not resolved")
        return self.database_url, self.redis_url

    @property
    def fernet_keys(self) -> list[str]:
        return [k.strip() for k in self.encryption_keys.split(",") if k.strip()]

    def check_production(self) -> None:
        """Refuse production start-up on settings that are only fit for a laptop."""
        if not self.is_production:
            return
        problems = []
        if self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32:
            problems.append("SECRET_KEY is the default or shorter than 32 characters")
        if DEV_ENCRYPTION_KEY in self.fernet_keys or not self.fernet_keys:
            problems.append("ENCRYPTION_KEYS is empty or contains the development key")
        if self.database_url is None:
            problems.append("DATABASE_URL is not set (embedded PostgreSQL is for development)")
        if self.redis_url is None:
            problems.append("REDIS_URL is not set (embedded Redis is for development)")
        if self.password_hash_memory_kib < 19_456 or self.password_hash_time_cost < 2:
            problems.append("PASSWORD_HASH_* is below OWASP's argon2id minimum (19 MiB, t=2)")
        if problems:
            raise ConfigurationError(
                "Refusing to start with EZRE_ENV=production: " + "; ".join(problems)
            )


@lru_cache
def get_settings() -> Settings:
    return Settings()
