from datetime import datetime, timezone

from chronicle.timeline import TimelineEvent

UTC = timezone.utc


def test_json_has_the_api_contract_keys_in_order():
    event = TimelineEvent(
        id=7, document_id=3, start=datetime(2024, 5, 21, tzinfo=UTC), end=datetime(2024, 6, 1, tzinfo=UTC),
        grain="month", value="2024-05", mod="END", text="Washington approved strikes",
        sentence="Washington approved strikes in late May.", timex_text="late May", source="seed",
        title="US refuses", timex_span=(31, 39),
    )
    data = event.to_json()
    contract = ["id", "document_id", "start", "end", "grain", "value", "mod", "text", "sentence",
                "timex_text", "source", "title"]
    assert list(data)[: len(contract)] == contract
    assert data["start"] == "2024-05-21T00:00:00+00:00"
    assert data["sentence"][slice(*data["timex_span"])] == "late May"
