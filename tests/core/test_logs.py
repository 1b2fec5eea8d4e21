"""Request ids: from the proxy or made, answered, and carried into the jobs a request starts."""

from __future__ import annotations

import json
import logging

import pytest

from opentvet.core.logs import JsonFormatter, RequestIdFilter, job_request_id, new_request_id
from opentvet.core.logs import request_id as current_request_id

pytestmark = pytest.mark.django_db


def test_the_proxy_id_is_kept_and_a_bad_one_replaced(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-42.abc")
    assert response["X-Request-ID"] == "lb-42.abc"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nInjected: yes")
    assert forged["X-Request-ID"] != "x\nInjected: yes" and len(forged["X-Request-ID"]) == 32
    assert new_request_id(None) != new_request_id(None)


def test_a_job_started_in_a_request_logs_under_its_id(login, persona_user) -> None:  # type: ignore[no-untyped-def]
    from opentvet.core.models import Job, Membership

    client = login("provincial_officer")
    membership = Membership.objects.filter(user=persona_user("provincial_officer")).first()
    assert membership is not None
    response = client.post(
        f"/to-chuc/{membership.organisation_id}/xuat-excel/", HTTP_X_REQUEST_ID="req-777"
    )
    assert response.status_code == 302
    job = Job.all_objects.order_by("-created_at").first()
    assert job is not None and job.params["_request_id"] == "req-777"
    with job_request_id(job.params):
        record = logging.LogRecord("opentvet.jobs", logging.INFO, "", 0, "exported", None, None)
        RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "req-777"
    assert current_request_id.get() == ""
