"""Quotas under concurrent officers, on PostgreSQL: many threads admit at once, none overfills."""

from __future__ import annotations

import secrets
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from opentvet.core.access import Actor
from opentvet.core.scopes import scopes_disabled

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

SEATS = 5
OFFICERS = 16


def build_world() -> None:
    """The demo world, after a transactional test flushed every table (roles included)."""
    from opentvet.catalogue.loaders import load_all
    from opentvet.core.models import Permission, Role
    from opentvet.core.roles import sync_roles
    from opentvet.demo.builder import build_demo

    with scopes_disabled():
        sync_roles(Permission, Role)
        load_all()
        build_demo(seed=2026, log=lambda _msg: None)


@pytest.fixture
def rebuilt_world_after():
    build_world()
    yield
    build_world()


def test_concurrent_admissions_never_oversubscribe(rebuilt_world_after):
    from opentvet.admissions import services
    from opentvet.admissions.demo import ROLLING_NAME
    from opentvet.admissions.models import AdmissionRound, Quota, Wish, WishStatus
    from opentvet.catalogue.loaders import load_all
    from opentvet.core.models import User
    from opentvet.demo.builder import build_demo
    from opentvet.demo.personas import persona

    with scopes_disabled():
        load_all()
        build_demo(seed=2026, log=lambda _msg: None)
        rolling = AdmissionRound.all_objects.get(name=ROLLING_NAME)
        quota = Quota.all_objects.filter(round=rolling).order_by("pk").first()
        Quota.all_objects.filter(pk=quota.pk).update(seats=SEATS, admitted_count=0)
        officer = Actor.for_user(User.objects.get(email=persona("admissions_officer").login))
        wishes = []
        for i in range(OFFICERS):
            user = services.applicant_register(identifier=f"09330{i:05d}", full_name=f"TS {i}")
            profile = services.profile_of(user)
            profile.gpa = Decimal("7.00")
            profile.save()
            application = services.application_submit(
                actor=Actor.for_user(user),
                admission_round=rolling,
                quota_ids=[quota.pk],
                idempotency_key=secrets.token_hex(12),
            )
            wish = application.wishes.get()
            services.wish_set_status(actor=officer, wish=wish, status=WishStatus.ELIGIBLE)
            wishes.append(wish)

    barrier = threading.Barrier(OFFICERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def admit(wish) -> None:  # type: ignore[no-untyped-def]
        try:
            with scopes_disabled():
                barrier.wait()
                try:
                    services.wish_set_status(actor=officer, wish=wish, status=WishStatus.ADMITTED)
                    result = "admitted"
                except ValidationError:
                    result = "full"
            with lock:
                outcomes.append(result)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=admit, args=(w,)) for w in wishes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with scopes_disabled():
        quota.refresh_from_db()
        admitted = Wish.all_objects.filter(quota=quota, status=WishStatus.ADMITTED).count()
    assert outcomes.count("admitted") == SEATS
    assert outcomes.count("full") == OFFICERS - SEATS
    assert quota.admitted_count == SEATS == admitted


def test_double_submit_from_two_threads_makes_one_application(rebuilt_world_after):
    from opentvet.admissions import services
    from opentvet.admissions.demo import COORDINATED_NAME
    from opentvet.admissions.models import AdmissionRound, Application, Quota

    with scopes_disabled():
        coordinated = AdmissionRound.all_objects.get(name=COORDINATED_NAME)
        quota = Quota.all_objects.filter(round=coordinated).first()
        user = services.applicant_register(identifier="0933999999", full_name="Bấm Hai Lần")
        profile = services.profile_of(user)
        profile.gpa = Decimal("8.00")
        profile.save()
    actor = Actor.for_user(user)
    barrier = threading.Barrier(2)
    ids: list[int] = []

    def click() -> None:
        try:
            with scopes_disabled():
                barrier.wait()
                app = services.application_submit(
                    actor=actor,
                    admission_round=coordinated,
                    quota_ids=[quota.pk],
                    idempotency_key="same-click-key-0001",
                )
                ids.append(app.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with scopes_disabled():
        assert Application.objects.filter(user=user).count() == 1
    assert len(ids) == 2 and ids[0] == ids[1]
