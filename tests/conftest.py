"""Shared fixtures: the demo world, built once per test session, and one fixture per persona.

The database is prepared once (catalogues + demo) and every test runs in a transaction that is
rolled back, so tests are fast and independent. Tests that need ``transaction=True`` flush the
database: they must rebuild what they need (see ``rebuild_world``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from opentvet.core.access import Actor
from opentvet.core.models import Organisation, User
from opentvet.core.scopes import scopes_disabled
from opentvet.demo.personas import PERSONAS, SUPERUSER, Persona


def rebuild_world() -> None:
    from opentvet.catalogue.loaders import load_all
    from opentvet.demo.builder import build_demo

    with scopes_disabled():
        load_all()
        build_demo(seed=2026, log=lambda _msg: None)


def pytest_configure(config):  # type: ignore[no-untyped-def]
    # The English interface needs compiled catalogues; this is a no-op when they are current.
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    # The cache is files under VAR_DIR (settings.CACHES), shared with the dev server and earlier
    # runs: start from an empty one.
    cache.clear()
    with django_db_blocker.unblock():
        rebuild_world()


@pytest.fixture(autouse=True)
def _live_aggregates(settings):  # type: ignore[no-untyped-def]
    """Dashboards compute authority figures afresh in tests (tests/core/test_cache.py turns the
    five-minute cache on for itself)."""
    settings.OPENTVET_AGGREGATE_SECONDS = 0


@pytest.fixture(autouse=True)
def _password_only_sign_in(settings):  # type: ignore[no-untyped-def]
    """The personas sign in with a password, as in the demo; tests/front/test_security.py turns
    the second step (required in production) on for itself."""
    settings.OPENTVET_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """What a test kept in the cache (option lists, rate-limit counters) rolls back with its
    data: the next test starts with an empty cache."""
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_scope_leak():  # type: ignore[no-untyped-def]
    """Tests set up data outside any request; give them the trusted scope the loaders use."""
    with scopes_disabled():
        yield


def _user_of(persona: Persona) -> User:
    field = "email" if "@" in persona.login else "phone"
    return User.objects.get(**{field: persona.login})


@pytest.fixture
def persona_user(db) -> Callable[[str], User]:  # type: ignore[no-untyped-def]
    by_key = {p.key: p for p in [*PERSONAS, SUPERUSER]}

    def get(key: str) -> User:
        return _user_of(by_key[key])

    return get


@pytest.fixture
def actor_of() -> Callable[[User], Actor]:
    return Actor.for_user


@pytest.fixture
def login(client: Client, persona_user) -> Callable[[str], Client]:  # type: ignore[no-untyped-def]
    """``login("rector")`` logs the test client in as that persona and returns it."""

    def do(key: str) -> Client:
        client.force_login(persona_user(key))
        return client

    return do


@pytest.fixture
def org(db) -> Callable[[str], Organisation]:  # type: ignore[no-untyped-def]
    def get(code: str) -> Organisation:
        return Organisation.objects.get(code=code)

    return get


# Named shortcuts for the organisations most tests talk about.
@pytest.fixture
def college_a(org):  # type: ignore[no-untyped-def]
    """Trường CĐ Kinh tế - Kỹ thuật Bạc Liêu, in Cà Mau: the rector persona's school."""
    return org("CD96001")


@pytest.fixture
def college_b(org):  # type: ignore[no-untyped-def]
    """A college in Hà Nội: another institution in another province."""
    return org("CD01001")


@pytest.fixture
def college_a_sibling(org):  # type: ignore[no-untyped-def]
    """Another institution in Cà Mau, the same province as college A."""
    return org("CD96002")
