"""Settings: defaults, parsing, and a clear refusal naming each bad variable."""

from __future__ import annotations

import pytest

from chronicle.settings import ConfigError, load_settings


def test_defaults_are_the_embedded_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CHRONICLE_DATABASE_URL", "CHRONICLE_BROKER_URL", "CHRONICLE_API_KEYS"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.database_url == "sqlite:///chronicle.db" and settings.embedded and settings.api_keys == ()


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHRONICLE_BROKER_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("CHRONICLE_API_KEYS", " first-key-0123456789 , second-key-0123456789,")
    monkeypatch.setenv("CHRONICLE_MAX_TEXT_BYTES", "5000")
    settings = load_settings()
    assert not settings.embedded and settings.api_keys == ("first-key-0123456789", "second-key-0123456789")
    assert settings.max_text_bytes == 5000
    monkeypatch.setenv("CHRONICLE_BROKER_URL", "  ")
    assert load_settings().embedded  # an empty broker URL means none


@pytest.mark.parametrize(("overrides", "named"), [
    ({"database_url": "mysql://db"}, "CHRONICLE_DATABASE_URL"),
    ({"broker_url": "amqp://guest@localhost//"}, "CHRONICLE_BROKER_URL"),
    ({"api_keys": "short"}, "CHRONICLE_API_KEYS"),
    ({"max_text_bytes": 10}, "CHRONICLE_MAX_TEXT_BYTES"),
    ({"queue": "has spaces"}, "CHRONICLE_QUEUE"),
    ({"soft_time_limit": 600}, "CHRONICLE_REQUEUE_AFTER"),
    ({"timeline_default_limit": 500, "timeline_max_limit": 100}, "CHRONICLE_TIMELINE_DEFAULT_LIMIT"),
    ({"protect_reads": True}, "CHRONICLE_PROTECT_READS"),
])
def test_bad_values_are_named(overrides: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_settings(**overrides)


def test_keys_do_not_show_in_repr() -> None:
    settings = load_settings(api_keys="secret-key-0123456789")
    assert "secret-key" not in repr(settings)
