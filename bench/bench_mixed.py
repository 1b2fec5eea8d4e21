"""A mixed workload: simulated users of every persona doing their day at once, bounded in time.

    # full run, against a database filled by `opentvet bench-data --scale national --seed 1`
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/opentvet_bench
    uv run python bench/bench_mixed.py                 # 50 users, 120 s
    uv run python bench/bench_mixed.py --quick         # own small database; answers only

``bench_pages.py`` hammers one page at a time, so every cache is hot and nothing competes. Here
``--users`` people share one server (gunicorn, as in ``bench_pages``, aggregate cache off) and
one background worker, each pausing 0.5-1.5 s after every answer (``--think``):

* applicants (40 %) search the public programme list, open an admission round, submit their
  application once through the API (two ranked wishes, ``Idempotency-Key``), read their page;
* teachers (16 %) open their teaching page and a grade sheet and save one learner's row;
* admissions officers (8 %) read the admissions desk;
* rectors (12 %) read their dashboard and search their students;
* provincial officers (12 %) read the live province dashboard, search the directory and now
  and then export the province's organisations as a background job (then read the job page);
* national analysts (12 %) read the live national dashboard and search students nationally
  (a common word, a half-typed word, a name with diacritics).

Reported per action: requests, errors, p50 and p95 (client wall time). Checked: every answer
has the expected status; every application acknowledged with 201 is in the database (a ledger
of acknowledged writes against the rows); every export job started has finished. A full run
fails when an action's p95 exceeds 300 ms on a machine whose bare view serves at least
``bench_pages.REFERENCE_BARE_RPS`` (measured in the same run); ``--quick`` never judges a time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import bench_pages as pages  # noqa: E402
from common import ROOT, Checks, Table, free_port, median, percentile, wait_for_port  # noqa: E402

P95_GOAL_MS = 300.0
SHARES = {  # persona: share of the simulated users
    "applicant": 0.40,
    "teacher": 0.16,
    "admissions_officer": 0.08,
    "rector": 0.12,
    "provincial_officer": 0.12,
    "national_analyst": 0.12,
}


@dataclass
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)
    ledger: str = ""  # "application": an acknowledged write to find in the database after


@dataclass
class Action:
    name: str
    weight: float
    make: Callable[[random.Random], Request | None]


@dataclass
class SimUser:
    persona: str
    cookie: str
    actions: list[Action]
    first: Action | None = None  # done once, first (an applicant's submission)


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    acknowledged: list[str] = field(default_factory=list)  # idempotency keys answered 201
    jobs: list[str] = field(default_factory=list)  # job pages the exports redirected to
    lock: threading.Lock = field(default_factory=threading.Lock)


def _get(path: str) -> Callable[[random.Random], Request]:
    return lambda _rng: Request("GET", path)


def _pick(paths: list[str]) -> Callable[[random.Random], Request]:
    return lambda rng: Request("GET", rng.choice(paths))


# --- the people -------------------------------------------------------------------------------


def _counts(total: int) -> dict[str, int]:
    counts = {k: max(1, round(total * share)) for k, share in SHARES.items()}
    counts["applicant"] += total - sum(counts.values())
    return counts


def _logins(role: str, limit: int) -> list[Any]:
    from opentvet.core.models import User

    return list(
        User.objects.filter(memberships__role_id=role, memberships__is_active=True)
        .order_by("pk")
        .distinct()[:limit]
    )


def build_users(plan: pages.Plan, counts: dict[str, int], rng: random.Random) -> list[SimUser]:
    """The simulated people, each with a logged-in session and the actions of their day."""
    from django.utils import timezone

    from opentvet.core.models import Membership
    from opentvet.core.scopes import scopes_disabled
    from opentvet.learners.models import ModuleOffering, Student

    by_key = {p.key: p for p in plan.pages}
    users: list[SimUser] = []

    def paths(key: str) -> list[str]:
        return [p for p, _expect in by_key[key].paths] if key in by_key else []

    programme_search = paths("programme_search")
    submitters = pages.prepare_submitters(counts["applicant"])
    # ".../admissions/rounds/<id>/applications": the round the applicants apply to
    round_id = submitters[0].path.split("/")[-2] if submitters else ""
    round_page = pages._reverse("admissions:round", round_id=round_id) if round_id else None
    mine = pages._reverse("admissions:mine")
    for s in submitters:
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": pages.CSRF_TOKEN,
            "Idempotency-Key": s.key,
        }
        submit = Action(
            "applicant: submit application (API)",
            0,
            lambda _rng, s=s, headers=headers: Request(
                "POST", s.path, s.body, headers, ok=(201,), ledger=s.key
            ),
        )
        actions = [Action("applicant: programme search", 3, _pick(programme_search))]
        if round_page:
            actions.append(Action("applicant: admission round", 1, _get(round_page)))
        if mine:
            actions.append(Action("applicant: my applications", 1, _get(mine)))
        users.append(SimUser("applicant", s.cookie, actions, first=submit))

    with scopes_disabled():
        today = timezone.localdate()
        # Sheets still open for entry first; past their deadline a save is refused (an answer
        # of 200 with the reason in the row), which is still a teacher's request to serve.
        open_sheets = ModuleOffering.all_objects.filter(
            locked_at__isnull=True, teacher__isnull=False
        ).order_by("pk")
        offerings = list(
            open_sheets.exclude(grade_deadline__lt=today).values_list(
                "pk", "teacher_id", "class_group_id", "components"
            )[:2000]
        ) or list(
            open_sheets.values_list("pk", "teacher_id", "class_group_id", "components")[:2000]
        )
        by_teacher: dict[int, list[tuple[int, int, list[str]]]] = defaultdict(list)
        for pk, teacher, class_id, components in offerings:
            by_teacher[teacher].append((pk, class_id, [c["key"] for c in components]))
        from opentvet.core.models import User

        teachers = User.objects.filter(pk__in=list(by_teacher)[: counts["teacher"]])
        teaching = pages._reverse("learners:teaching")
        for teacher in teachers:
            sheets = []
            for pk, class_id, keys in by_teacher[teacher.pk][:5]:
                learners = list(
                    Student.all_objects.filter(class_group_id=class_id).values_list(
                        "pk", flat=True
                    )[:40]
                )
                if learners:
                    sheets.append((pk, learners, keys))
            if not sheets:
                continue

            def grade(rng: random.Random, sheets: list[Any] = sheets) -> Request:
                offering, learners, keys = rng.choice(sheets)
                student = rng.choice(learners)
                values = {k: str(rng.randint(5, 10)) for k in keys}
                return Request(
                    "POST",
                    pages._reverse(
                        "learners:offering_grade", offering_id=offering, student_id=student
                    )
                    or "",
                    urlencode(values).encode(),
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-CSRFToken": pages.CSRF_TOKEN,
                        "HX-Request": "true",
                    },
                )

            detail = [
                pages._reverse("learners:offering_detail", offering_id=pk) or ""
                for pk, _l, _k in sheets
            ]
            actions = [Action("teacher: grade sheet", 2, _pick(detail))]
            if teaching:
                actions.append(Action("teacher: teaching page", 1, _get(teaching)))
            actions.append(Action("teacher: save a grade row", 3, grade))
            cookie = f"{pages.session_for(teacher)}; csrftoken={pages.CSRF_TOKEN}"
            users.append(SimUser("teacher", cookie, actions))

        manage = pages._reverse("admissions:manage")
        for officer in _logins("admissions_officer", counts["admissions_officer"]):
            if manage:
                users.append(
                    SimUser(
                        "admissions_officer",
                        pages.session_for(officer),
                        [Action("admissions officer: admissions desk", 1, _get(manage))],
                    )
                )

        def reader(persona: str, key: str, actions: list[Action]) -> None:
            page = by_key.get(key)
            if page is None or page.login is None:
                return
            user = User.objects.get(email=page.login)
            for _ in range(counts[persona]):
                cookie = f"{pages.session_for(user)}; csrftoken={pages.CSRF_TOKEN}"
                users.append(SimUser(persona, cookie, actions))

        reader(
            "rector",
            "dashboard_institution",
            [
                Action("rector: dashboard", 2, _pick(paths("dashboard_institution"))),
                Action("rector: student search", 2, _pick(paths("student_search_institution"))),
            ],
        )
        province_actions = [
            Action("provincial officer: dashboard (live)", 2, _pick(paths("dashboard_province")))
        ]
        if paths("organisation_search"):
            province_actions.append(
                Action(
                    "provincial officer: directory search", 1, _pick(paths("organisation_search"))
                )
            )
        officer_page = by_key.get("dashboard_province")
        if officer_page and officer_page.login:
            membership = Membership.objects.filter(
                user__email=officer_page.login, role_id="provincial_officer"
            ).first()
            if membership is not None:
                export = pages._reverse(
                    "web:organisation_export", org_id=membership.organisation_id
                )
                province_actions.append(
                    Action(
                        "provincial officer: export as a job",
                        0.2,
                        lambda _rng, export=export: Request(
                            "POST",
                            export,
                            b"",
                            {
                                "Content-Type": "application/x-www-form-urlencoded",
                                "X-CSRFToken": pages.CSRF_TOKEN,
                            },
                            ok=(302,),
                        ),
                    )
                )
        reader("provincial_officer", "dashboard_province", province_actions)
        searches = paths("search_common_word") + paths("search_half_typed")
        searches += paths("search_diacritics")
        reader(
            "national_analyst",
            "dashboard_national",
            [
                Action("national analyst: dashboard (live)", 2, _pick(paths("dashboard_national"))),
                Action(
                    "national analyst: student search",
                    2,
                    _pick(searches or paths("student_search")),
                ),
            ],
        )
    rng.shuffle(users)
    return users


# --- the load ---------------------------------------------------------------------------------


def live(
    port: int, users: list[SimUser], *, duration: float, think: tuple[float, float], seed: int
) -> Results:
    results = Results()
    deadline = time.perf_counter() + duration

    def one(n: int, user: SimUser) -> None:
        rng = random.Random(seed * 1000 + n)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        time.sleep(rng.uniform(0, think[1]))  # people do not all arrive in the same instant
        pending = [user.first] if user.first else []
        weights = [a.weight for a in user.actions]
        while time.perf_counter() < deadline:
            action = pending.pop() if pending else rng.choices(user.actions, weights)[0]
            request = action.make(rng)
            if request is None:
                continue
            headers = {"Accept-Language": "vi", "Cookie": user.cookie, **request.headers}
            t0 = time.perf_counter()
            try:
                conn.request(request.method, request.path, body=request.body or None,
                             headers=headers)  # fmt: skip
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with results.lock:
                    results.errors[action.name].append(f"{request.path}: {error!r}")
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            with results.lock:
                results.latencies[action.name].append(elapsed)
                if response.status not in request.ok:
                    results.errors[action.name].append(f"{request.path}: HTTP {response.status}")
                elif request.ledger:
                    results.acknowledged.append(request.ledger)
                elif response.status == 302 and "/cong-viec/" in (
                    response.getheader("Location") or ""
                ):
                    results.jobs.append(response.getheader("Location") or "")
            time.sleep(min(rng.uniform(*think), max(deadline - time.perf_counter(), 0)))
        conn.close()

    threads = [threading.Thread(target=one, args=(n, u)) for n, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def start_worker(url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "opentvet.settings"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def jobs_finished(job_paths: list[str], timeout: float) -> tuple[int, int]:
    """(finished, started) of the export jobs the load started, waiting up to ``timeout``."""
    from opentvet.core.models import Job
    from opentvet.core.scopes import scopes_disabled

    ids = {p.rstrip("/").rsplit("/", 1)[-1] for p in job_paths}
    stop_at = time.perf_counter() + timeout
    while True:
        with scopes_disabled():
            statuses = list(Job.all_objects.filter(pk__in=ids).values_list("status", flat=True))
        done = statuses.count(Job.Status.SUCCEEDED)
        waiting = sum(s in (Job.Status.QUEUED, Job.Status.RUNNING) for s in statuses)
        if not waiting or time.perf_counter() > stop_at:
            return done, len(ids)
        time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small own data; checks only")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of load")
    parser.add_argument("--think", default="0.5,1.5", help="seconds between clicks, LOW,HIGH")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    low, _comma, high = args.think.partition(",")
    think = (float(low), float(high or low))
    if args.quick:
        args.users, args.duration = 12, 20.0

    base_url = os.environ.get("DATABASE_URL")
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if args.quick:
        url, drop = pages.quick_database(base_url)
    elif not base_url:
        raise SystemExit("set DATABASE_URL to the database filled by `opentvet bench-data`")
    else:
        url = base_url
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pages_site")
    import django

    django.setup()
    from django.db import connection

    from opentvet.admissions.models import Application
    from opentvet.core.scopes import scopes_disabled

    checks = Checks()
    rng = random.Random(args.seed)
    report: dict[str, Any] = {"actions": {}}
    proc = worker = None
    try:
        plan = pages.build_plan(rng, quick=args.quick)
        users = build_users(plan, _counts(args.users), rng)
        personas = sorted({u.persona for u in users})
        checks.check(set(personas) == set(SHARES), f"personas simulated: {personas}")
        connection.close()
        port = free_port()
        proc = pages.start_gunicorn(url, port, args.workers, 1, aggregate_seconds=0)
        worker = start_worker(url)
        if not checks.check(wait_for_port(port), "gunicorn did not start"):
            return checks.exit_code()
        bare = pages.Page("bare", "bare", None, [("/__bench__/bare/", "ok")])
        pages.hammer(port, bare, [], clients=10, duration=30, max_requests=200, check_body=False)
        rates = []
        for _ in range(1 if args.quick else 3):
            run = pages.hammer(
                port, bare, [], clients=10, duration=10, max_requests=40000, check_body=True
            )
            rates.append(run.count / run.seconds)
        bare_rate = median(rates)
        mix = ", ".join(f"{p} {sum(u.persona == p for u in users)}" for p in personas)
        print(
            f"{len(users)} users ({mix}), {args.duration:.0f} s, pausing {think[0]}-{think[1]} s;"
            f" bare view {bare_rate:.0f} req/s"
        )
        results = live(port, users, duration=args.duration, think=think, seed=args.seed)
        judged = not args.quick and bare_rate >= pages.REFERENCE_BARE_RPS
        table = Table([("action", 44), ("requests", 8), ("errors", 6), ("p50 ms", 8),
                       ("p95 ms", 8), ("met", 5)])  # fmt: skip
        for name in sorted(set(results.latencies) | set(results.errors)):
            lat = results.latencies.get(name, [])
            errors = results.errors.get(name, [])
            p50 = percentile(lat, 50) if lat else float("nan")
            p95 = percentile(lat, 95) if lat else float("nan")
            met = (p95 <= P95_GOAL_MS) if judged and lat else None
            table.row(name, len(lat), len(errors), p50, p95,
                      "" if met is None else "yes" if met else "NO")  # fmt: skip
            report["actions"][name] = {
                "requests": len(lat),
                "errors": len(errors),
                "error_examples": errors[:3],
                "p50_ms": round(p50, 1) if lat else None,
                "p95_ms": round(p95, 1) if lat else None,
                "p95_met": met,
            }
            checks.check(not errors, f"{name}: {len(errors)} errors, e.g. {errors[:3]}")
            checks.check(met is not False, f"{name}: p95 {p95:.0f} ms > {P95_GOAL_MS:.0f} ms")
        if not judged and not args.quick:
            print(
                f"bare view {bare_rate:.0f} req/s < {pages.REFERENCE_BARE_RPS:.0f}: p95 not judged"
            )
        # Every acknowledged application is in the database, once.
        with scopes_disabled():
            stored = Application.objects.filter(user__email__startswith=pages.SUBMIT_PREFIX).count()
        checks.check(
            stored == len(results.acknowledged),
            f"{len(results.acknowledged)} applications acknowledged, {stored} stored",
        )
        done, started = jobs_finished(results.jobs, timeout=120)
        checks.check(done == started, f"export jobs: {done} of {started} finished")
        report.update(
            users=len(users),
            duration=args.duration,
            think=list(think),
            bare_requests_per_second=round(bare_rate, 1),
            acknowledged_applications=len(results.acknowledged),
            stored_applications=stored,
            export_jobs={"started": started, "finished": done},
            p95_judged=judged,
        )
    finally:
        for p in (proc, worker):
            if p is not None:
                pages.stop(p)
        pages.remove_submitters()
        connection.close()
        drop()
    out = BENCH / "results" / ("mixed-quick.json" if args.quick else "mixed.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"results: {out.relative_to(ROOT)}")
    return checks.exit_code()


if __name__ == "__main__":
    sys.exit(main())
