"""Database-backed rate limits for one-time codes and public forms.

Counting rows in the database (like ``core.auth``'s login throttling) keeps the limit right across
several web processes without a cache server.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from opentvet.admissions.models import RateLimitHit


def hit(bucket: str, keys: list[tuple[str, int]], window_seconds: int) -> bool:
    """Count one request in ``bucket`` for each (key, limit); False when any key is over its limit.

    A refused request is not counted, so a client that waits gets through once the window passes.
    """
    since = timezone.now() - dt.timedelta(seconds=window_seconds)
    keys = [(k[:150], limit) for k, limit in keys if k]
    for key, limit in keys:
        if RateLimitHit.objects.filter(bucket=bucket, key=key, at__gte=since).count() >= limit:
            return False
    RateLimitHit.objects.bulk_create([RateLimitHit(bucket=bucket, key=key) for key, _ in keys])
    return True


def prune(older_than_days: int = 2) -> int:
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _ = RateLimitHit.objects.filter(at__lt=cutoff).delete()
    return deleted
