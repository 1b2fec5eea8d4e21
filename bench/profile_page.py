"""Profile one page request in-process (cProfile), with the SQL time split out.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/opentvet_bench
    uv run python bench/profile_page.py --as rector --path /            # institution dashboard
    uv run python bench/profile_page.py --as provincial_officer --path / --top 40
    uv run python bench/profile_page.py --as anonymous --path "/tuyen-sinh/?q=ke+toan"

The user is the generated one with that role at the largest institution (rector) or the largest
province (provincial officer), as in ``bench_pages.py``. The page is requested once to warm up,
then ``--repeats`` times under cProfile through Django's test client (no HTTP server). Printed:
wall time per request, SQL time and query count per request (``execute_wrapper``), the
slowest queries, and the top functions by cumulative and own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--as", dest="role", default="rector")
    parser.add_argument("--path", default="/")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pages_site")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench_pages import _largest_institution
    from opentvet.core.models import Membership, Organisation, User
    from opentvet.core.scopes import scopes_disabled

    with scopes_disabled():
        if args.role == "anonymous":  # public pages (the programme search)
            org = Organisation.objects.get(code="CUC-GDNN")
        elif args.role == "provincial_officer":
            departments = Membership.objects.filter(
                role_id="provincial_officer", user__email__endswith="bench.opentvet.vn"
            ).values_list("organisation_id", flat=True)
            org = max(
                Organisation.objects.filter(pk__in=list(departments)),
                key=lambda o: Organisation.objects.filter(
                    path__startswith=o.path, kind="institution"
                ).count(),
            )
        elif args.role == "national_analyst":
            org = Organisation.objects.get(code="CUC-GDNN")
        else:
            org = _largest_institution()
        user = User.objects.filter(
            memberships__organisation=org, memberships__role_id=args.role
        ).first()
    if user is None and args.role != "anonymous":
        raise SystemExit(f"no generated user with role {args.role}")
    # Time each dashboard panel's context function (web.dashboard registry).
    import dataclasses

    from opentvet.web import dashboard

    panel_times: dict[str, list[float]] = defaultdict(list)

    def timed(key: str, func: Any) -> Any:
        def wrapper(actor: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return func(actor)
            finally:
                panel_times[key].append(time.perf_counter() - t0)

        return wrapper

    for key, panel in list(dashboard._PANELS.items()):
        dashboard._PANELS[key] = dataclasses.replace(panel, context=timed(key, panel.context))
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    if user is not None:
        client.force_login(user)
    response = client.get(args.path)
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code}")

    queries: dict[str, list[float]] = defaultdict(list)

    def timer(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries[sql].append(time.perf_counter() - t0)

    profiler = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        profiler.enable()
        for _ in range(args.repeats):
            client.get(args.path)
        profiler.disable()
    wall = (time.perf_counter() - started) / args.repeats
    sql = sum(sum(v) for v in queries.values()) / args.repeats
    count = sum(len(v) for v in queries.values()) / args.repeats
    print(f"{args.path} as {args.role} at {org.code}: {wall * 1000:.0f} ms per request")
    print(f"SQL: {sql * 1000:.0f} ms in {count:.0f} queries per request; "
          f"Python and the rest: {(wall - sql) * 1000:.0f} ms")  # fmt: skip
    if panel_times:
        print("\ndashboard panels (ms per request, context function incl. its SQL):")
        for key, times in sorted(panel_times.items(), key=lambda kv: -sum(kv[1])):
            print(f"{sum(times[1:]) * 1000 / max(len(times) - 1, 1):8.1f}  {key}")
    print("\nslowest queries (ms per request, calls per request):")
    for text, times in sorted(queries.items(), key=lambda kv: -sum(kv[1]))[:8]:
        print(f"{sum(times) * 1000 / args.repeats:8.1f} {len(times) / args.repeats:5.0f}  "
              f"{' '.join(text.split())[:220]}")  # fmt: skip
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(key).print_stats(args.top)
        print(f"\n--- top {args.top} by {key} ({args.repeats} requests) ---")
        print(out.getvalue().split("\n", 6)[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
