"""Benchmark of live figures between the levels: a live national figure by province and the
national roll-up of submitted reports by province.

    DATABASE_URL=postgres://.../opentvet_bench uv run python bench/bench_live.py
    uv run python bench/bench_live.py --quick     # throwaway database, correctness only

Full size works on whatever is in the database (``opentvet bench-data --scale national``):

* ``live_by_province`` — ``learners.enrolled`` for the whole nation broken down by province
  (``reporting.live.live_figure``: one prefix query for the institutions, one grouped query of
  the indicator, attribution to provinces in Python), target ≤ 1 s;
* ``rollup_by_province`` — every indicator of a national period's submitted reports by
  province (``rollups.rollup_by_child``: one GROUP BY province, code), target ≤ 300 ms;
  it uses the period ``bench_reporting`` prepares (the generator's, or its own "Năm 2099").

``--build`` builds the same synthetic tree as ``--quick`` in the ``DATABASE_URL`` database (empty
and migrated), to time the queries on PostgreSQL without the national generator.

``--quick`` builds a small tree (2 provinces, 60 institutions, learners in each) in a temporary
SQLite database and checks that the live figure equals the learners counted row by row, per
province and in total, and that the roll-up by province equals the sum of the reports' values;
it never asserts a time. Results: stdout and ``bench/results/live[-quick].json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TARGETS = {"live_by_province": 1.0, "rollup_by_province": 0.3}


def _learners(per_institution: int) -> None:
    """Active learners at every institution of the quick world (one bulk insert)."""
    from opentvet.core.models import Organisation, OrgKind
    from opentvet.learners.models import Student

    rows = []
    for n, pk in enumerate(
        Organisation.objects.filter(kind=OrgKind.INSTITUTION).values_list("pk", flat=True)
    ):
        for i in range(per_institution + n % 7):
            rows.append(
                Student(
                    institution_id=pk,
                    code=f"S{pk}-{i}",
                    citizen_id=f"{pk:06d}{i:06d}",
                    full_name=f"Người học {i}",
                    date_of_birth=dt.date(2005, 1, 1),
                    gender="female" if i % 2 else "male",
                    status="studying" if i % 5 else "paused" if i % 10 else "dropped_out",
                )
            )
    Student.all_objects.bulk_create(rows, batch_size=2000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--institutions", type=int, default=60, help="--quick/--build size")
    parser.add_argument(
        "--build",
        action="store_true",
        help="build the small synthetic tree in the (empty, migrated) DATABASE_URL database",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    import bench_reporting  # the same setup, quick world and bench period
    from common import write_json

    bench_reporting._setup(args.quick)

    from django.db import connection
    from django.db.models import Sum

    from opentvet.core.access import Actor
    from opentvet.core.models import Organisation, OrgKind, User
    from opentvet.core.scopes import scopes_disabled
    from opentvet.learners.lifecycle import ACTIVE
    from opentvet.learners.models import Student
    from opentvet.reporting import live, rollups
    from opentvet.reporting.models import SubmissionValue

    with scopes_disabled():
        if args.quick or args.build:
            bench_reporting._quick_world(args.institutions)
            _learners(5)
        period = bench_reporting._bench_period()
        nation = period.template.organisation
        actor = Actor(user=User(is_superuser=True, full_name="bench"))
        results: dict[str, float] = {}
        results["live_by_province"], figure = bench_reporting._median_time(
            lambda: live.live_figure(
                actor=actor, code="learners.enrolled", root=nation, by=live.BY_PROVINCE
            ),
            5,
        )
        results["rollup_by_province"], (by_child, _items) = bench_reporting._median_time(
            lambda: rollups.rollup_by_child(actor=actor, period=period, root=nation), 10
        )
        active = Student.all_objects.filter(
            status__in=ACTIVE, institution__kind=OrgKind.INSTITUTION
        )
        checks = {
            "live national total equals the rows": figure.total == active.count(),
            "live provinces add up": sum((r.value or 0) for r in figure.rows) == figure.total,
        }
        for row in figure.rows:
            if row.organisation_id is None:
                continue
            province = Organisation.objects.get(pk=row.organisation_id)
            expected = active.filter(institution__path__startswith=province.path).count()
            checks[f"live {province.code}"] = row.value == expected
        by_sql = dict(
            SubmissionValue.all_objects.filter(period=period, submitted=True, code="dv.units")
            .values_list("province_id")
            .annotate(total=Sum("value"))
            .order_by()
        )
        from opentvet.catalogue.models import Province

        names = dict(Province.objects.values_list("pk", "name"))
        for row in by_child:
            key = next((k for k, name in names.items() if name == row["label"]), None)
            if key is not None:
                checks[f"roll-up {row['label']}"] = Decimal(row["values"]["dv.units"]) == Decimal(
                    by_sql.get(key) or 0
                )
        checks["roll-up covers every reported value"] = sum(
            (Decimal(r["values"].get("dv.units") or 0) for r in by_child), Decimal(0)
        ) == sum((Decimal(v or 0) for v in by_sql.values()), Decimal(0))
    print(f"{'measure':<20}{'seconds':>10}{'target':>10}")
    for key, value in results.items():
        print(f"{key:<20}{value:>10.4f}{TARGETS[key]:>10.2f}")
    print(f"institutions={figure.institutions} learners={figure.total} db={connection.vendor}")
    write_json(
        "live-quick" if args.quick else "live",
        {
            "database": connection.vendor,
            "institutions": figure.institutions,
            "provinces": len(figure.rows),
            "seconds": {k: round(v, 4) for k, v in results.items()},
            "targets": TARGETS,
            "checks": checks,
        },
    )
    failed = [k for k, ok in checks.items() if not ok]
    if failed:
        print("FAILED:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
