"""Fail background jobs whose worker died (no heartbeat), and clean up their files.

Run it every few minutes from cron beside ``db_worker``; the job page also does it for the job
someone is looking at.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from opentvet.core.jobs import jobs_reap_stale


class Command(BaseCommand):
    help = "Fail running jobs whose worker stopped sending heartbeats; delete their uploads."

    def handle(self, *args: Any, **options: Any) -> None:
        reaped = jobs_reap_stale()
        self.stdout.write(f"{reaped} job(s) reaped")
