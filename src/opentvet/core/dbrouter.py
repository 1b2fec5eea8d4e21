"""Read scaling: heavy reads go to a PostgreSQL streaming replica when one is configured.

Only reads that a view marks as heavy go there (``with heavy_reads():`` — authority dashboards,
live roll-ups, national searches, exports); everything else, and every write, stays on the
primary. A heavy read still goes to the primary when

* no replica is configured (``DATABASE_REPLICA_URL`` unset: nothing changes at all);
* the user wrote in the last ``OPENTVET_READ_YOUR_WRITES_SECONDS`` (read-your-writes: the
  ``ReadYourWritesMiddleware`` remembers a write in a signed cookie, and a write inside the
  current request or job pins the rest of it to the primary);
* the replica is down, or lags more than ``OPENTVET_REPLICA_MAX_LAG_SECONDS`` behind. Its state
  is probed at most every ``OPENTVET_REPLICA_CHECK_SECONDS`` per process.

The replica is a physical copy of the primary (``pg_basebackup`` + streaming replication), so
the same tables exist there; migrations run on the primary only.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"

_heavy: contextvars.ContextVar[bool] = contextvars.ContextVar("opentvet_heavy", default=False)
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("opentvet_pinned", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("opentvet_wrote", default=False)
#: Writes that say nothing about the data a user reads next (job progress, sessions, audit).
UNPINNING_MODELS = frozenset({"core.job", "sessions.session", "core.auditentry"})


@contextmanager
def heavy_reads(enabled: bool = True) -> Iterator[None]:
    """Mark the reads inside as heavy: they may be served by the replica."""
    token = _heavy.set(enabled)
    try:
        yield
    finally:
        _heavy.reset(token)


def reads_above_institution(actor: Any) -> bool:
    """Whether the actor reads beyond one institution (an authority): its reads are heavy."""
    return actor.is_superuser or any(g.kind not in {"institution", "unit"} for g in actor.grants)


def heavy_for_authorities(view: Callable[..., Any]) -> Callable[..., Any]:
    """A view decorator: an authority's request reads heavily (dashboards, national search)."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        actor = getattr(request, "actor", None)
        with heavy_reads(actor is not None and reads_above_institution(actor)):
            return view(request, *args, **kwargs)

    return wrapped


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@dataclass
class ReplicaState:
    usable: bool
    lag_seconds: float | None
    error: str = ""
    checked_at: float = 0.0


_last: dict[str, ReplicaState] = {}  # this process's last probe

LAG_SQL = (
    # On a replica: 0 when it has replayed all it received, else the age of the last replayed
    # transaction. Fails (or gives NULL) on a server that is not in recovery.
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
)


def state_from_lag(lag: float | None) -> ReplicaState:
    """Usable when the server is a replica no further behind than the setting allows."""
    if lag is None:
        return ReplicaState(False, None, "not a replica (not in recovery)", time.monotonic())
    limit = float(getattr(settings, "OPENTVET_REPLICA_MAX_LAG_SECONDS", 10))
    if lag > limit:
        return ReplicaState(False, lag, f"lagging {lag:.1f} s > {limit:.0f} s", time.monotonic())
    return ReplicaState(True, lag, "", time.monotonic())


def probe_replica(alias: str = REPLICA) -> ReplicaState:
    """Ask the replica how far behind it is (one query); never raises."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as error:
        if alias != "default":
            connections[alias].close()
        return ReplicaState(False, None, str(error).strip()[:200], time.monotonic())
    return state_from_lag(None if row is None or row[0] is None else float(row[0]))


def replica_state(*, fresh: bool = False) -> ReplicaState:
    """The replica's state, probed at most every ``OPENTVET_REPLICA_CHECK_SECONDS``."""
    every = float(getattr(settings, "OPENTVET_REPLICA_CHECK_SECONDS", 5))
    state = _last.get(REPLICA)
    if fresh or state is None or time.monotonic() - state.checked_at > every:
        state = _last[REPLICA] = probe_replica()
        if not state.usable:
            logger.warning("replica not used: %s", state.error)
    return state


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry; see the module docstring."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not (_heavy.get() and replica_configured()) or _pinned.get():
            return None  # the primary
        return REPLICA if replica_state().usable else None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        # A write pins what is left of this request or job to the primary: it reads its writes.
        if model._meta.label_lower not in UNPINNING_MODELS:
            _pinned.set(True)
            _wrote.set(True)
        return None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows: objects from either may be related

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA


@contextmanager
def job_reads(kind: str) -> Iterator[None]:
    """A job starts unpinned; an export's reads are heavy (``run_job`` wraps each handler)."""
    pinned, wrote, heavy = (
        _pinned.set(False),
        _wrote.set(False),
        _heavy.set(kind.endswith("_export")),
    )
    try:
        yield
    finally:
        _heavy.reset(heavy)
        _wrote.reset(wrote)
        _pinned.reset(pinned)


class ReadYourWritesMiddleware:
    """Pins a user's reads to the primary for a few seconds after they wrote.

    The moment of the last write travels in a signed cookie (no shared state between web
    nodes). Does nothing when no replica is configured.
    """

    COOKIE = "ot_rw"
    SALT = "opentvet.read-your-writes"

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if not replica_configured():
            return self.get_response(request)
        from django.core import signing

        recent = False
        raw = request.COOKIES.get(self.COOKIE)
        if raw:
            try:
                recent = float(signing.loads(raw, salt=self.SALT)) > time.time()
            except (signing.BadSignature, ValueError, TypeError):
                recent = False
        pinned, wrote, heavy = _pinned.set(recent), _wrote.set(False), _heavy.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get():
                window = float(getattr(settings, "OPENTVET_READ_YOUR_WRITES_SECONDS", 10))
                response.set_cookie(
                    self.COOKIE,
                    signing.dumps(str(time.time() + window), salt=self.SALT),
                    max_age=int(window) + 1,
                    httponly=True,
                    samesite="Lax",
                    secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
                )
            return response
        finally:
            _heavy.reset(heavy)
            _wrote.reset(wrote)
            _pinned.reset(pinned)
