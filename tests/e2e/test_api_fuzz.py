"""Property-based run of the whole /api/v1 against a live server, from its own OpenAPI document:
for every operation, generated requests (valid and invalid) sent with a bureau officer's, a
nutritionist's and a canteen manager's token get no 5xx and no response that breaks the
document (status, media type, body schema). The server runs on a copy of the demo county
(county_copy), so what the requests change touches no other test.

FUZZ_EXAMPLES sets the examples per operation (the test command: 6; `make fuzz`: 150)."""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                              response_schema_conformance,
                                              status_code_conformance)

from sqlalchemy import select

from suite import accounts, openapi
from suite.audit import acting_as
from suite.models import User

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fuzz_server(county_copy):
    app, base_url = county_copy(BABEL_DEFAULT_LOCALE="en", SUGGEST_TIME_LIMIT=2.0)
    with app.app_context(), acting_as(None, "fuzz"):
        session = app.extensions["suite_db"].session()
        tokens = [accounts.create_token(session, session.scalar(
            select(User).where(User.username == name)), "fuzz")
            for name in ("bureau", "nutritionist", "canteen-s0001")]
        session.commit()
        app.extensions["suite_db"].session.remove()
    return {"base": base_url, "tokens": tokens}


def _schema():
    from suite.plugins import discover

    return schemathesis.openapi.from_dict(openapi.document(sorted(discover())))


SCHEMA = _schema()
OPERATIONS = {op.label: op for op in (r.ok() for r in SCHEMA.get_all_operations())}


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_error_and_every_response_as_documented(label, fuzz_server):
    operation = OPERATIONS[label]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        for token in fuzz_server["tokens"]:
            case.call_and_validate(base_url=fuzz_server["base"], checks=CHECKS, timeout=60,
                                   headers={"Authorization": f"Bearer {token}"})

    run()
