"""Structured logs with a request id that follows a request into the jobs it starts.

``RequestIdMiddleware`` takes the load balancer's ``X-Request-ID`` (or makes one), answers it
in the response, and keeps it in a context variable; ``job_start`` stores it with the job and
``run_job`` restores it in the worker, so every line a request and its jobs log carries the
same id. ``LOG_FORMAT=json`` (settings) writes one JSON object per line.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("opentvet_request_id", default="")

_SAFE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_request_id(offered: str | None = None) -> str:
    """The id offered by the proxy when it is a plain token, else a fresh one."""
    return offered if offered and _SAFE.match(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        rid = new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


def with_request_id(params: dict[str, Any]) -> dict[str, Any]:
    """A job's parameters with the current request's id (kept for the worker's log lines)."""
    rid = request_id.get()
    return {**params, "_request_id": rid} if rid else params


@contextmanager
def job_request_id(params: dict[str, Any]) -> Iterator[None]:
    """In the worker: log a job's lines under the id of the request that started it."""
    token = request_id.set(str(params.get("_request_id", "")))
    try:
        yield
    finally:
        request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request or job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": timezone.now().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)
