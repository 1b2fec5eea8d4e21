"""Schemathesis over the whole /api/v1 surface: no 5xx and no answer that contradicts the schema.

Bounded so CI runs it in about a minute: a few generated cases per operation, no shrinking
beyond Hypothesis's default deadline-free run, one token of a persona who reaches college A.
The API runs in-process through Django's WSGI handler inside the test's transaction.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 6
# A request that fits the schema may still break a business rule (a closed round, a grade for a
# student not in the class): a 4xx there is an honest answer, not a contradiction.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


@pytest.fixture
def api_schema(db):  # type: ignore[no-untyped-def]
    # The real WSGI handler ends each request with close_old_connections, which on PostgreSQL
    # closes the test's connection inside its transaction (Django's test client disconnects it
    # the same way); SQLite's in-memory database never closes, which hid this.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(persona_user):  # type: ignore[no-untyped-def]
    _token, raw = api_token_create(actor=Actor.for_user(persona_user("rector")), name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


def test_the_api_answers_every_generated_request_within_its_schema(api_schema, bearer):  # type: ignore[no-untyped-def]
    # Schemathesis's own pytest plugin does not run under pytest 9 yet, so each operation gets
    # its Hypothesis run here; every failing operation is reported, not only the first.
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=bearer, excluded_checks=EXCLUDED)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert operations > 50
    assert not failures, "\n\n".join(failures)
