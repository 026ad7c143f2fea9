"""The API under generated requests (Schemathesis over the app's own OpenAPI schema, issue 14): no
input, however odd, gets a 5xx. Anonymous requests; the signed-in writes are exercised in
test_supervise. Hypothesis's database is off, so every run is the same."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gongbao.serve.app import create_app
from gongbao.store import open_store


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, parsed_samples):
    url = f"sqlite:///{tmp_path_factory.mktemp('schema') / 'gongbao.db'}"
    with open_store(url) as store:
        for parsed in parsed_samples:
            store.ingest(parsed)
    app = create_app(url)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_request_makes_the_server_fail(api_schema):
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def call(case) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code} {response.text[:200]}")

        call()
    assert not failures, failures[:5]
