"""Document numbers under concurrency on PostgreSQL: no duplicates, no gaps."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from opentvet.core.models import Organisation
from opentvet.core.scopes import scopes_disabled
from opentvet.reporting.models import Document
from opentvet.reporting.services import document_issue

WRITERS = 8
PER_WRITER = 10


@pytest.fixture
def restore_demo():  # type: ignore[no-untyped-def]
    """Transactional tests flush the session's demo world: put it back afterwards."""
    yield
    from opentvet.catalogue.loaders import load_all
    from opentvet.demo.builder import build_demo

    with scopes_disabled():
        load_all()
        build_demo(seed=2026, log=lambda _m: None)


@pytest.mark.django_db(transaction=True)
def test_concurrent_numbering_has_no_duplicates_and_no_gaps(restore_demo):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    with scopes_disabled():
        office = Organisation.objects.create(
            kind="peoples_committee", code="UBND-TEST", name="Ủy ban thử nghiệm"
        )
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            with scopes_disabled():
                for i in range(PER_WRITER):
                    document_issue(
                        actor=None, organisation=office, doc_type="GM", subject=f"Giấy mời {n}-{i}"
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with scopes_disabled():
        numbers = sorted(
            Document.all_objects.filter(organisation=office).values_list("number", flat=True)
        )
        symbols = set(
            Document.all_objects.filter(organisation=office).values_list("symbol", flat=True)
        )
    assert numbers == list(range(1, WRITERS * PER_WRITER + 1))
    assert len(symbols) == WRITERS * PER_WRITER
