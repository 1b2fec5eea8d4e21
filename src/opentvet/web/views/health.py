"""Health endpoints for the load balancer and the operator (no login, no tenant data).

``/healthz``: the process is alive and serves requests (no database touched), for liveness.
``/readyz``: this node can serve real traffic — the primary answers, the replica (when one is
configured) is usable or the node will fall back to the primary, the cache answers, and the
job queue's depth and oldest waiting task. 200 when ready, 503 when the primary or the cache
fails; a lagging replica or a deep queue is reported but does not take the node out.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opentvet.core import dbrouter


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _primary() -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "error": str(error).strip()[:200]}
    return {"ok": True, "ms": round((time.perf_counter() - t0) * 1000, 1)}


def _cache() -> dict[str, Any]:
    key = "opentvet:readyz"
    try:
        cache.set(key, "1", 30)
        ok = cache.get(key) == "1"
    except Exception as error:  # any backend's failure (file, Redis) means not ready
        return {"ok": False, "error": str(error)[:200]}
    return {"ok": ok}


def _queue() -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.ready()
        depth = waiting.count()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        running = DBTaskResult.objects.running().count()
    except DatabaseError as error:
        return {"ok": False, "error": str(error).strip()[:200]}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"ok": True, "depth": depth, "running": running, "oldest_seconds": round(age, 1)}


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {"database": _primary(), "cache": _cache()}
    if checks["database"]["ok"]:
        checks["queue"] = _queue()
    if dbrouter.replica_configured():
        state = dbrouter.replica_state(fresh=True)
        checks["replica"] = {
            "usable": state.usable,
            "lag_seconds": state.lag_seconds,
            "error": state.error,
        }
    ready = checks["database"]["ok"] and checks["cache"]["ok"]
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
