"""``manage.py send_reminders``: reminders before deadlines and the daily digests.

Safe to run as often as you like (each reminder is sent once per deadline and recipient; each
digest once per user and day). Schedule it, e.g. every hour from cron:
``0 * * * * cd /srv/opentvet && .venv/bin/python manage.py send_reminders``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opentvet.core.scopes import scopes_disabled
from opentvet.notifications.reminders import send_reminders


class Command(BaseCommand):
    help = "Send reminders before deadlines (reports, tasks, grade sheets) and daily digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=3, help="how many days ahead to remind")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--no-digest", action="store_true", help="skip the daily digests")

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            run = send_reminders(
                today=options["today"], days=options["days"], digests=not options["no_digest"]
            )
        self.stdout.write(
            f"reports={run.reports} tasks={run.tasks} grade_sheets={run.grade_sheets} "
            f"digests={run.digests}"
        )
