"""Fuzz: schemathesis builds requests from the app's own OpenAPI document, valid ones and broken ones,
and sends them in-process to the app (SQLite in a temporary folder, documents processed as submitted).

No answer may be a 5xx; every answer must use a status code, media type and shape the document
declares; every 4xx must say in JSON what is wrong (`detail`: a message, or a list naming each field).
`CHRONICLE_FUZZ_EXAMPLES` sets the examples per operation and kind (`make fuzz` runs ten times more,
with a fresh random seed each time); the counts by status go to artifacts/fuzz.json.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from chronicle.settings import load_settings
from tests.api.conftest import seed_payload
from tests.conftest import REPO

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the [test] extra (make venv)")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("CHRONICLE_FUZZ_EXAMPLES", "120"))
RANDOM = os.environ.get("CHRONICLE_FUZZ_RANDOM") == "1"
# Five operations take parameters, each fuzzed with valid and broken requests; a few may repeat.
MINIMUM_CASES = 9 * EXAMPLES
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def unhelpful(response: Any) -> str | None:
    """Why a 4xx answer does not say what is wrong, or None when it does."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return f"not a JSON object: {response.text[:200]!r}"
    if isinstance(detail, str) and detail.strip():
        return None
    if isinstance(detail, list) and detail and all(
            isinstance(item, dict) and item.get("loc") and str(item.get("msg", "")).strip() for item in detail):
        return None
    return f"detail names nothing: {response.text[:200]!r}"


def test_unhelpful_spots_errors_that_name_nothing() -> None:
    class Answer:
        def __init__(self, text: str) -> None:
            self.text = text

        def json(self) -> Any:
            return json.loads(self.text)

    assert unhelpful(Answer('{"detail": [{"loc": ["body", "text"], "msg": "must not be empty"}]}')) is None
    assert unhelpful(Answer('{"detail": "Unauthorized"}')) is None
    for bad in ('{"detail": []}', '{"detail": ""}', '{"detail": [{"loc": [], "msg": "x"}]}',
                '{"detail": [{"loc": ["body"], "msg": " "}]}', '{"error": "x"}', '[]', 'There was an error'):
        assert unhelpful(Answer(bad)) is not None, bad


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The app on its own SQLite file, with the seed article stored so ids and exports have data."""
    folder = tmp_path_factory.mktemp("fuzz")
    application = create_app(load_settings(database_url=f"sqlite:///{folder / 'fuzz.db'}", broker_url=None))
    with TestClient(application) as client:
        assert client.post("/documents", json=seed_payload(collection="default")).status_code == 202
    return application


def fuzz(app: Any, examples: int) -> tuple[Counter[tuple[str, str, int]], list[str]]:
    """Send `examples` valid and `examples` broken requests per operation; count them by status and
    describe every answer that fails a check."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    counts: Counter[tuple[str, str, int]] = Counter()
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=examples, deadline=None, database=None, derandomize=not RANDOM,
                      phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def send(case: Any) -> None:
                response = case.call()
                counts[(operation.label, mode.value, response.status_code)] += 1
                problem = None
                try:
                    case.validate_response(response, checks=CHECKS)
                except BaseException as error:  # schemathesis raises an ExceptionGroup of its failures
                    problem = " ".join(str(error).split())[:400] or repr(error)
                if problem is None and 400 <= response.status_code < 500:
                    problem = unhelpful(response)
                if problem is not None:
                    failures.append(f"{operation.label} -> {response.status_code}: {problem}\n"
                                    f"  {case.as_curl_command()[:600]}")

            try:
                send()
            except BaseException as error:
                # Operations without parameters (GET /health) have one possible request, and
                # negative generation has none to give: that is not a failure.
                if type(error).__name__ != "Unsatisfiable" or mode is not GenerationMode.NEGATIVE:
                    raise
    return counts, failures


def test_generated_requests_get_no_5xx_and_useful_4xx(app: Any) -> None:
    counts, failures = fuzz(app, EXAMPLES)
    total = sum(counts.values())
    _write_report(counts)
    assert not failures, f"{len(failures)} of {total} generated requests failed:\n" + "\n".join(failures[:20])
    assert total >= MINIMUM_CASES, f"only {total} requests were generated"
    labels = {label for label, _, _ in counts}
    assert {"POST /documents", "POST /documents/batch", "GET /timeline", "GET /documents/{document_id}"} <= labels
    # Both kinds were exercised: accepted submissions, and refused ones.
    assert counts[("POST /documents", "positive", 202)] and counts[("POST /documents", "negative", 422)]


def test_without_a_key_every_answer_is_a_declared_401(tmp_path: Path) -> None:
    keyed = create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'keyed.db'}", broker_url=None,
                                     api_keys="k" * 24, protect_reads=True))
    counts, failures = fuzz(keyed, 10)
    assert not failures, "\n".join(failures[:20])
    statuses = {label: {status for (name, _, status) in counts if name == label} for label, _, _ in counts}
    assert statuses.pop("GET /health") == {200}
    assert statuses and all(found <= {401, 422} and 401 in found for found in statuses.values()), statuses


def _write_report(counts: Counter[tuple[str, str, int]]) -> None:
    by_status = Counter[int]()
    by_operation: dict[str, dict[str, int]] = {}
    for (label, mode, status), count in sorted(counts.items()):
        by_status[status] += count
        by_operation.setdefault(label, {}).setdefault(f"{mode} {status}", 0)
        by_operation[label][f"{mode} {status}"] += count
    out = Path(REPO) / "artifacts" / "fuzz.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"examples_per_operation_and_kind": EXAMPLES, "cases": sum(counts.values()),
                               "by_status": dict(sorted(by_status.items())), "by_operation": by_operation},
                              indent=2))
