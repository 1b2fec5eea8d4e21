"""Benchmark of reporting: live pre-fill and the national roll-up.

    DATABASE_URL=postgres://.../opentvet_bench uv run python bench/bench_reporting.py
    uv run python bench/bench_reporting.py --quick     # throwaway database, correctness only

Full size works on whatever is in the database (the benchmark generator's national data:
``opentvet bench-data --scale national``), on the latest period of the generator's template
(every institution's report submitted) when there is one; otherwise it adds, once, a national
template with every standard indicator and a period ("Năm 2099") in which every institution has
a submitted report whose values are the live pre-fill (one bulk insert). Then it measures:

* ``prefill_all``  — every indicator for every institution straight from the raw rows
  (one registry call per indicator), target ≤ 3 s;
* ``prefill_one``  — one institution's pre-fill, target ≤ 100 ms;
* ``rollup_national`` — the national roll-up of the period over every submitted report with
  the previous-period and last-year comparisons (``selectors.period_rollup``), target ≤ 200 ms.

``--quick`` builds 60 institutions in a temporary SQLite database and asserts that the roll-up
equals the sum of the pre-filled values and that the bulk pre-fill equals institution-by-
institution pre-fills; it never asserts a time. Results: stdout and
``bench/results/reporting[-quick].json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TARGETS = {"prefill_all": 3.0, "prefill_one": 0.1, "rollup_national": 0.2}
BENCH_TEMPLATE = "Benchmark: báo cáo toàn quốc"


def _setup(quick: bool) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    if quick:
        sys.path.insert(0, str(BENCH))
        from common import copy_sqlite, sqlite_snapshot

        tmp = Path(tempfile.mkdtemp(prefix="opentvet-bench-rep-"))
        os.environ["OPENTVET_VAR_DIR"] = str(tmp)
        # A copy of the cached migrated database (bench/common.py), not a migrate per run.
        copy_sqlite(sqlite_snapshot("migrated"), tmp / "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opentvet.settings")
    import django

    django.setup()


def _median_time(func, repeats: int):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _quick_world(institutions: int) -> None:
    """A small tree: national authority → 2 provinces → institutions with units and staff."""
    from opentvet.core.models import (
        Membership,
        Organisation,
        OrgKind,
        Permission,
        Role,
        UnitKind,
        User,
    )
    from opentvet.core.roles import sync_roles

    sync_roles(Permission, Role)
    nation = Organisation.objects.create(kind=OrgKind.NATIONAL_AUTHORITY, code="N", name="Cục")
    provinces = [
        Organisation.objects.create(
            kind=OrgKind.PEOPLES_COMMITTEE, code=f"P{p}", name=f"UBND {p}", parent=nation
        )
        for p in range(2)
    ]
    user = User.objects.create(email="gv@bench.vn", full_name="Giảng viên")
    teacher = Role.objects.get(pk="teacher")
    for i in range(institutions):
        inst = Organisation.objects.create(
            kind=OrgKind.INSTITUTION, code=f"I{i}", name=f"Trường {i}", parent=provinces[i % 2]
        )
        for u in range(i % 5 + 1):
            unit = Organisation.objects.create(
                kind=OrgKind.UNIT,
                code=f"I{i}-{u}",
                name=f"Khoa {u}",
                parent=inst,
                unit_kind=UnitKind.FACULTY if u % 2 else UnitKind.OFFICE,
            )
            if u == 0:
                Membership.objects.create(user=user, organisation=unit, role=teacher)


def _bench_period():  # type: ignore[no-untyped-def]
    """The national bench template and its period with every institution's report submitted."""
    from django.db import transaction
    from django.utils import timezone

    from opentvet.benchdata.steps_reporting import TEMPLATE_NAME
    from opentvet.core.models import Organisation, OrgKind
    from opentvet.reporting.models import (
        IndicatorDefinition,
        ReportingPeriod,
        ReportTemplate,
        Submission,
        SubmissionValue,
        ValueSource,
    )
    from opentvet.reporting.services import (
        period_open,
        standard_definitions_ensure,
        template_create,
        template_item_add,
    )
    from opentvet.reporting.services.submissions import live_values, template_items

    # The generator's national template (``opentvet bench-data``): its latest period already
    # holds every institution's submitted report.
    generated = (
        ReportingPeriod.objects.filter(template__name=TEMPLATE_NAME).order_by("-end").first()
    )
    if generated is not None:
        return generated
    nation = Organisation.objects.filter(kind=OrgKind.NATIONAL_AUTHORITY).order_by("pk").first()
    template = ReportTemplate.objects.filter(name=BENCH_TEMPLATE).first()
    if template is None:
        with transaction.atomic():
            standard_definitions_ensure()
            template = template_create(
                actor=None,
                organisation=nation,
                name=BENCH_TEMPLATE,
                periodicities=["annual"],
                sections=[],
            )
            latest: dict[str, IndicatorDefinition] = {}
            for d in IndicatorDefinition.objects.order_by("code", "-version"):
                latest.setdefault(d.code, d)
            for definition in latest.values():
                template_item_add(
                    actor=None,
                    template=template,
                    definition=definition,
                    required=False,
                    components=[],
                )
    period = ReportingPeriod.objects.filter(template=template, year=2099).first()
    if period is not None:
        return period
    with transaction.atomic():
        period = period_open(actor=None, template=template, periodicity="annual", year=2099)
        items = template_items(period)
        institutions = list(
            Organisation.objects.filter(
                kind=OrgKind.INSTITUTION, path__startswith=nation.path
            ).values_list("pk", "path", "province_id")
        )
        live = live_values(items, [i[0] for i in institutions], period.start, period.end)
        now = timezone.now()
        Submission.all_objects.bulk_create(
            [
                Submission(
                    period=period,
                    institution_id=pk,
                    institution_path=path,
                    status=Submission.Status.ACKNOWLEDGED,
                    version=1,
                    submitted_at=now,
                    first_submitted_at=now,
                )
                for pk, path, _province in institutions
            ],
            batch_size=2000,
        )
        ids = dict(Submission.all_objects.filter(period=period).values_list("institution_id", "pk"))
        rows = []
        for pk, path, province in institutions:
            for item in items:
                value, source = live[pk][item.definition.code]
                rows.append(
                    SubmissionValue(
                        submission_id=ids[pk],
                        period=period,
                        institution_id=pk,
                        institution_path=path,
                        province_id=province,
                        code=item.definition.code,
                        definition_version=item.definition.version,
                        value=value if source == ValueSource.COMPUTED else Decimal(1),
                        computed_value=value,
                        source=source,
                        submitted=True,
                    )
                )
        SubmissionValue.all_objects.bulk_create(rows, batch_size=5000)
    return period


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--institutions", type=int, default=60, help="--quick size")
    args = parser.parse_args()
    _setup(args.quick)

    from django.db import connection

    from opentvet.core.access import Actor
    from opentvet.core.models import Organisation, OrgKind, User
    from opentvet.core.scopes import scopes_disabled
    from opentvet.reporting import selectors
    from opentvet.reporting.models import SubmissionValue
    from opentvet.reporting.services.submissions import live_values, template_items

    with scopes_disabled():
        if args.quick:
            _quick_world(args.institutions)
        period = _bench_period()
        items = template_items(period)
        root = period.template.organisation
        ids = list(
            Organisation.objects.filter(
                kind=OrgKind.INSTITUTION, path__startswith=root.path
            ).values_list("pk", flat=True)
        )
        actor = Actor(user=User(is_superuser=True, full_name="bench"))
        results: dict[str, float] = {}
        results["prefill_all"], everything = _median_time(
            lambda: live_values(items, ids, period.start, period.end), 3
        )
        one = ids[len(ids) // 2]
        results["prefill_one"], alone = _median_time(
            lambda: live_values(items, [one], period.start, period.end), 10
        )
        results["rollup_national"], rollup = _median_time(
            lambda: selectors.period_rollup(actor=actor, period=period, root=root), 10
        )
        checks = {
            "bulk pre-fill equals one institution's": alone[one] == everything[one],
            "rows per institution": SubmissionValue.all_objects.filter(period=period).count()
            == len(ids) * len(items),
        }
        totals = {r.code: r for r in rollup}
        by_sql = dict(
            SubmissionValue.all_objects.filter(period=period, code="dv.units").values_list(
                "institution_id", "value"
            )
        )
        checks["roll-up equals the sum of reports"] = totals["dv.units"].value == sum(
            (v for v in by_sql.values() if v is not None), Decimal(0)
        ).quantize(Decimal("0.01"))
        checks["roll-up counts every institution"] = totals["dv.units"].reporting == len(ids)
        if args.quick:
            for pk in ids[:10]:
                checks[f"pre-fill {pk}"] = (
                    live_values(items, [pk], period.start, period.end)[pk] == everything[pk]
                )
    report = {
        "database": connection.vendor,
        "institutions": len(ids),
        "indicators": len(items),
        "value_rows": len(ids) * len(items),
        "seconds": {k: round(v, 4) for k, v in results.items()},
        "targets": TARGETS,
        "checks": checks,
        "machine": {
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
        },
    }
    print(f"{'measure':<18}{'seconds':>10}{'target':>10}")
    for key, value in results.items():
        print(f"{key:<18}{value:>10.4f}{TARGETS[key]:>10.2f}")
    print(f"institutions={len(ids)} indicators={len(items)} database={connection.vendor}")
    failed = [k for k, ok in checks.items() if not ok]
    out = BENCH / "results" / ("reporting-quick.json" if args.quick else "reporting.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    if failed:
        print("FAILED:", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
