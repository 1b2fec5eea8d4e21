"""The read router: heavy reads on the replica, the primary after a write, fallback when the
replica is down or lagging, and nothing at all when no replica is configured."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import RequestFactory

from opentvet.core import dbrouter
from opentvet.core.dbrouter import (
    ReadYourWritesMiddleware,
    ReplicaRouter,
    ReplicaState,
    heavy_reads,
    job_reads,
    probe_replica,
    state_from_lag,
)
from opentvet.core.models import Job, Organisation

router = ReplicaRouter()


@pytest.fixture
def replica(monkeypatch):  # type: ignore[no-untyped-def]
    """A configured replica whose probe answers what the test sets in ``state``."""
    state = {"now": ReplicaState(True, 0.2)}
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    monkeypatch.setattr(dbrouter, "replica_state", lambda fresh=False: state["now"])
    return state


def test_nothing_changes_without_a_replica() -> None:
    with heavy_reads():
        assert router.db_for_read(Organisation) is None
    assert router.db_for_write(Organisation) is None


def test_heavy_reads_go_to_the_replica_and_others_stay(replica) -> None:  # type: ignore[no-untyped-def]
    with job_reads("plain"):  # a fresh, unpinned context
        assert router.db_for_read(Organisation) is None
        with heavy_reads():
            assert router.db_for_read(Organisation) == "replica"


def test_a_write_keeps_the_rest_on_the_primary(replica) -> None:  # type: ignore[no-untyped-def]
    with job_reads("plain"), heavy_reads():
        assert router.db_for_read(Organisation) == "replica"
        router.db_for_write(Organisation)
        assert router.db_for_read(Organisation) is None


def test_job_progress_does_not_pin_an_export(replica) -> None:  # type: ignore[no-untyped-def]
    with job_reads("organisations_export"):
        router.db_for_write(Job)
        assert router.db_for_read(Organisation) == "replica"


@pytest.mark.parametrize(
    "state", [ReplicaState(False, None, "down"), state_from_lag(3600.0), state_from_lag(None)]
)
def test_fallback_to_the_primary(replica, state) -> None:  # type: ignore[no-untyped-def]
    replica["now"] = state
    with job_reads("plain"), heavy_reads():
        assert router.db_for_read(Organisation) is None


def test_lag_within_the_setting_is_usable(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OPENTVET_REPLICA_MAX_LAG_SECONDS = 10
    assert state_from_lag(9.5).usable
    assert not state_from_lag(10.5).usable


@pytest.mark.django_db
def test_a_primary_is_not_taken_for_a_replica() -> None:
    """The probe on a server that is not in recovery (or that has no such functions) says
    the server is not usable as a replica, without raising."""
    with transaction.atomic():
        state = probe_replica("default")
    assert not state.usable and state.error


def test_middleware_pins_after_a_write_and_forgets(replica) -> None:  # type: ignore[no-untyped-def]
    seen: list[str | None] = []

    def view_that_writes(request):  # type: ignore[no-untyped-def]
        router.db_for_write(Organisation)
        from django.http import HttpResponse

        return HttpResponse("ok")

    def view_that_reads(request):  # type: ignore[no-untyped-def]
        with heavy_reads():
            seen.append(router.db_for_read(Organisation))
        from django.http import HttpResponse

        return HttpResponse("ok")

    factory = RequestFactory()
    response = ReadYourWritesMiddleware(view_that_writes)(factory.post("/x/"))
    cookie = response.cookies[ReadYourWritesMiddleware.COOKIE].value
    # The same user's next read, within the window: the primary.
    request = factory.get("/y/")
    request.COOKIES[ReadYourWritesMiddleware.COOKIE] = cookie
    ReadYourWritesMiddleware(view_that_reads)(request)
    # Another user (no cookie), or a forged cookie: the replica.
    ReadYourWritesMiddleware(view_that_reads)(factory.get("/y/"))
    forged = factory.get("/y/")
    forged.COOKIES[ReadYourWritesMiddleware.COOKIE] = "9999999999"
    ReadYourWritesMiddleware(view_that_reads)(forged)
    assert seen == [None, "replica", "replica"]
