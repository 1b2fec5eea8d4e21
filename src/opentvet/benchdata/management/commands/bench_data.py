"""``opentvet bench-data --scale college|province|national --seed N``: fill a database."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opentvet.benchdata.generator import generate
from opentvet.benchdata.scales import SCALES


class Command(BaseCommand):
    help = (
        "Fill the database with realistic, consistent benchmark data at the given scale "
        "(national needs PostgreSQL). Run on a freshly migrated database."
    )
    # A data loader: URL and template checks have nothing to say about it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="college")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="do not drop secondary indexes during the load (slower on PostgreSQL)",
        )
        parser.add_argument(
            "--no-read-indexes",
            action="store_true",
            help="do not create the PostgreSQL read indexes (to measure without them)",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="the generated world's today, YYYY-MM-DD (default: the real date); the same "
            "--seed and --today give the same rows",
        )
        parser.add_argument("--json", help="write a summary (counts, timings) to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        def log(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        try:
            summary = generate(
                options["scale"],
                seed=options["seed"],
                log=log,
                defer_indexes=not options["keep_indexes"],
                read_indexes=not options["no_read_indexes"],
                today=options["today"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump(
                    {
                        "scale": summary.scale,
                        "seed": summary.seed,
                        "today": options["today"].isoformat() if options["today"] else None,
                        "seconds": round(summary.seconds, 2),
                        "counts": summary.counts,
                        "seconds_by_table": {
                            k: round(v, 2) for k, v in summary.seconds_by_table.items()
                        },
                        "step_seconds": {k: round(v, 2) for k, v in summary.step_seconds.items()},
                        "notes": summary.notes,
                    },
                    handle,
                    ensure_ascii=False,
                    indent=2,
                )
