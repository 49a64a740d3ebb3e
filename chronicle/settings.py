"""One typed configuration for the API, the worker and the CLI, read from `CHRONICLE_*` variables.

`load_settings()` fails at start with one line per bad variable, naming it, rather than letting a
typo surface later as a connection error deep inside a request.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "CHRONICLE_"
_DATABASE_SCHEMES = ("sqlite", "postgresql")
_BROKER_SCHEMES = ("redis://", "rediss://")


class ConfigError(ValueError):
    """The environment holds a configuration chronicle cannot run with."""


class Settings(BaseSettings):
    """Everything an operator can set, with the embedded default for each."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    # Where things live. No broker URL means the embedded default: documents are processed
    # in-process (Celery eager) as they are submitted.
    database_url: str = "sqlite:///chronicle.db"
    broker_url: str | None = None
    queue: str = Field("chronicle", pattern=r"^[A-Za-z0-9_.:-]{1,100}$")

    # The API.
    api_keys: Annotated[tuple[str, ...], NoDecode] = Field((), repr=False)
    protect_reads: bool = False
    max_text_bytes: int = Field(2_000_000, ge=1_000, le=100_000_000)
    max_request_bytes: int = Field(32_000_000, ge=10_000, le=1_000_000_000)
    max_batch_documents: int = Field(500, ge=1, le=10_000)
    timeline_default_limit: int = Field(100, ge=1, le=10_000)
    timeline_max_limit: int = Field(1_000, ge=1, le=10_000)
    export_max_events: int = Field(10_000, ge=1, le=1_000_000)  # events in one export or page view
    document_max_results: int = Field(10_000, ge=1, le=1_000_000)

    # Processing.
    task_batch_size: int = Field(20, ge=1, le=1_000)
    soft_time_limit: float = Field(30.0, gt=0, le=86_400)
    max_attempts: int = Field(5, ge=1, le=100)
    requeue_after: float = Field(1_200.0, gt=0)
    reconcile_every: float = Field(60.0, gt=0)
    reconcile_batch: int = Field(10_000, ge=1, le=1_000_000)
    visibility_timeout: float = Field(4 * 3600.0, gt=0)
    sqlite_busy_timeout: float = Field(30.0, gt=0)

    @field_validator("broker_url", mode="before")
    @classmethod
    def _empty_broker_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(key.strip() for key in value.split(",") if key.strip())
        return value

    @field_validator("api_keys")
    @classmethod
    def _keys_are_sane(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        for key in keys:
            if len(key) < 16 or not key.isascii() or not key.isprintable() or " " in key:
                raise ValueError("each key must be at least 16 printable ASCII characters, no spaces")
        return keys

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        scheme = url.split(":", 1)[0].split("+", 1)[0]
        if "://" not in url or scheme not in _DATABASE_SCHEMES:
            raise ValueError(
                "must look like sqlite:///path/to/file.db or postgresql+psycopg://user@host/db, "
                f"got {url!r}"
            )
        return url

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, url: str | None) -> str | None:
        if url is not None and not url.startswith(_BROKER_SCHEMES):
            raise ValueError(f"must be a redis:// or rediss:// URL (or unset for in-process), got {url!r}")
        return url

    @model_validator(mode="after")
    def _limits_agree(self) -> Settings:
        if self.timeline_default_limit > self.timeline_max_limit:
            raise ValueError(
                f"CHRONICLE_TIMELINE_DEFAULT_LIMIT ({self.timeline_default_limit}) exceeds "
                f"CHRONICLE_TIMELINE_MAX_LIMIT ({self.timeline_max_limit})"
            )
        if self.protect_reads and not self.api_keys:
            raise ValueError("CHRONICLE_PROTECT_READS needs CHRONICLE_API_KEYS: there is no key to protect reads with")
        if self.requeue_after <= self.hard_time_limit:
            raise ValueError(
                f"CHRONICLE_REQUEUE_AFTER ({self.requeue_after:g}s) must exceed the slowest task "
                f"({self.hard_time_limit:g}s = soft time limit x task batch size + grace), or "
                "documents still being processed would be sent again"
            )
        if self.visibility_timeout <= self.hard_time_limit:
            raise ValueError(
                f"CHRONICLE_VISIBILITY_TIMEOUT ({self.visibility_timeout:g}s) must exceed the slowest "
                f"task ({self.hard_time_limit:g}s), or Redis would hand running tasks to a second worker"
            )
        return self

    @property
    def embedded(self) -> bool:
        """True when documents are processed in-process (no broker configured)."""
        return self.broker_url is None

    @property
    def hard_time_limit(self) -> float:
        """Seconds after which a task's worker process is killed: every document's soft limit, plus grace."""
        return self.soft_time_limit * self.task_batch_size + 30.0


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        name = f"{ENV_PREFIX}{field.upper()}" if field else "configuration"
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{name}: {message}")
    return "invalid configuration:\n  " + "\n  ".join(lines)


def load_settings(**overrides: object) -> Settings:
    """Read the settings from the environment (plus `overrides`), or raise ConfigError naming each bad one."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return load_settings()
