"""The submission schema shared by `POST /documents` and `chronicle ingest`.

Errors name the field: pydantic reports where, the messages here say what is wrong.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from chronicle.ingest.normalise import clean_text, has_lone_surrogate

COLLECTION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_HELP = "must be an ISO 8601 date (2024-07-12) or date-time (2024-07-12T09:30:00+02:00)"
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)


def _plain(value: str) -> str:
    if has_lone_surrogate(value):
        raise ValueError("is not valid UTF-8 (it holds bytes or surrogates UTF-8 cannot encode)")
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


PlainText = Annotated[str, AfterValidator(_plain)]


def _supported_languages(schema: dict[str, object]) -> None:
    """The OpenAPI document lists the languages there are resources for (read when it is built)."""
    from chronicle.pipeline import languages

    schema["enum"] = list(languages())


class DocumentIn(BaseModel):
    """One document as a producer submits it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # The patterns below only tell the OpenAPI document what the validators check, so generated
    # clients (and the fuzzer) can tell valid requests from invalid ones; the validators decide.
    text: str = Field(description="The document's text (UTF-8). NUL characters are stored as U+FFFD.",
                      json_schema_extra={"pattern": r"\S"})
    published_at: date | datetime | None = Field(
        None, description="Publication date or date-time (ISO 8601); the reference for relative "
        "dates. A date-time without a zone is taken as UTC. Absent: a dateline in the text, else now.")
    title: PlainText | None = Field(None, max_length=1_000)
    source: PlainText | None = Field(None, min_length=1, max_length=200)
    url: PlainText | None = Field(None, max_length=2_048, json_schema_extra={"pattern": _URL.pattern})
    collection: str = Field("default", pattern=COLLECTION_PATTERN, description="The timeline it belongs to.")
    external_id: PlainText | None = Field(None, min_length=1, max_length=200,
                                          description="The producer's id, unique within its source.")
    lang: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$", json_schema_extra=_supported_languages)

    @field_validator("text")
    @classmethod
    def _text(cls, text: str) -> str:
        if has_lone_surrogate(text):
            raise ValueError("is not valid UTF-8 (it holds bytes or surrogates UTF-8 cannot encode)")
        if not text.strip():
            raise ValueError("must not be empty or only white space")
        return clean_text(text)

    @field_validator("lang")
    @classmethod
    def _supported(cls, lang: str) -> str:
        from chronicle.pipeline import languages

        if lang not in languages():
            raise ValueError(f"{lang!r} is not a supported language; supported: {', '.join(languages())}")
        return lang

    @field_validator("url")
    @classmethod
    def _url(cls, url: str | None) -> str | None:
        if url is not None and not _URL.match(url):
            raise ValueError("must be an absolute http:// or https:// URL")
        return url

    @field_validator("published_at", mode="before")
    @classmethod
    def _moment(cls, value: object) -> object:
        return None if value is None else parse_moment(value)


def parse_moment(value: object) -> date | datetime:
    """An ISO 8601 date, or a date-time (UTC when it has no zone); ValueError saying what is accepted."""
    if isinstance(value, datetime):
        return _with_zone(value)
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(_DATE_HELP)
    text = value.strip()
    try:
        return date.fromisoformat(text) if _DATE_ONLY.match(text) else _with_zone(datetime.fromisoformat(text))
    except ValueError:
        raise ValueError(_DATE_HELP) from None


def _with_zone(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment


class BatchIn(BaseModel):
    """Several documents in one request."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    documents: list[DocumentIn] = Field(min_length=1)
