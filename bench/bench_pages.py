"""Page latency and throughput under national data, served by gunicorn on loopback.

    # full run, against a database filled by `opentvet bench-data --scale national --seed 1`
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/opentvet_bench
    uv run python bench/bench_pages.py
    uv run python bench/bench_pages.py --quick     # own small database; HTTP 200 + content only

gunicorn serves the project (``bench/pages_site.py``: the project's settings plus a bare Django
view) on a free loopback port with ``--workers`` processes of ``--threads`` threads and
persistent database connections. The default is gunicorn's own advice for a server: sync
workers, (2 x cores) + 1 of them ("How many workers?" in gunicorn's design notes). Django
code is CPU-bound Python: threads of one process take turns on one interpreter lock, so with
``--workers 2 --threads 4`` (this harness's default until session 3) two requests met in one
process and each took twice as long while the other core could be idle; that tail, not the
median, was most of the p95 (docs/benchmarks.md, "Page latency").

``--clients`` concurrent clients (threads with keep-alive ``http.client`` connections),
each logged in through a session created in the database (the ``force_login`` equivalent),
request one page for ``--duration`` seconds or ``--requests``
requests, after a short warm-up. By default in a closed loop — no think time, the harshest
reading of "N concurrent users": each client asks again the moment it has its answer. With
``--think 0.5,1.5`` each client pauses a uniformly drawn 0.5-1.5 s after each response, as a
person glances at a page before the next click (locust's ``wait_time = between(0.5, 1.5)``);
that run writes ``pages-think.json``. Latency is client-side wall time per request; p50/p95
per page. Throughput rows compare requests/s of an endpoint with the bare view served the same
way (always in a closed loop).

Every response is checked: status 200 and a piece of text the page must show (the user's
organisation, a searched name). ``--quick`` asserts only those checks, never a time.

Application submit throughput: ``--submitters`` new applicants (scored profile, session, CSRF
cookie) are made in the database; each POSTs its first application (two ranked wishes in the
open round with the most quotas) to ``/api/v1/admissions/rounds/<id>/applications`` with an
``Idempotency-Key``, expecting 201. The run stops after ``--duration``/2 seconds or when the
applicants run out; req/s is compared with the bare view's. The applicants and their
applications are deleted afterwards.
"""

from __future__ import annotations

import argparse
import html
import http.client
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import (  # noqa: E402
    ROOT,
    Checks,
    Table,
    copy_sqlite,
    free_port,
    median,
    percentile,
    pg_copy,
    ratio,
    sqlite_snapshot,
    wait_for_port,
    write_json,
)

#: p95 goals at 10 clients in a closed loop, in ms. They hold on a machine whose bare view
#: serves at least ``REFERENCE_BARE_RPS``; on a slower machine only the cost goals are judged.
TARGETS_P95_MS = {
    "student_search": 150.0,
    "student_search_institution": 150.0,
    "programme_search": 150.0,
    "search_common_word": 300.0,
    "dashboard_institution": 300.0,
    "dashboard_province": 300.0,  # aggregate cache off: live figures
    "dashboard_national": 500.0,  # aggregate cache off: live figures
}
#: Cost goals: a page's cost as a multiple of the bare view's in the same run (bare req/s ÷
#: page req/s, closed loop). A ratio of the same run does not move with the machine.
TARGETS_COST_X = {
    "student_search": 12.0,
    "student_search_institution": 12.0,
    "programme_search": 12.0,
    "dashboard_institution": 15.0,
}
REFERENCE_BARE_RPS = 1300.0
#: Dashboards measured a second time with the aggregate cache on (the secondary figure).
CACHED_PAGES = ("dashboard_province", "dashboard_national")


def judge(
    key: str, p95: float, cost_x: float | None, bare_rps: float
) -> tuple[bool | None, bool | None, str]:
    """(p95 met, cost met, why not judged): None where a goal does not apply to this run."""
    target = TARGETS_P95_MS.get(key)
    cost_target = TARGETS_COST_X.get(key)
    note = ""
    p95_met: bool | None = None
    if target is not None:
        if bare_rps >= REFERENCE_BARE_RPS:
            p95_met = p95 <= target
        else:
            note = f"bare view {bare_rps:.0f} req/s < {REFERENCE_BARE_RPS:.0f}: p95 goal not judged"
    cost_met = None if cost_target is None or cost_x is None else cost_x <= cost_target
    return p95_met, cost_met, note


# --- database --------------------------------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def quick_database(base_url: str | None) -> tuple[str, Callable[[], None]]:
    """A scratch database filled at tiny scale; returns its URL and a function to drop it.

    It is a copy of the cached tiny snapshot (``common.pg_copy`` / ``common.sqlite_snapshot``):
    ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL, a file copy on SQLite.
    """
    if base_url and base_url.startswith("postgres"):
        import psycopg

        name = (urlsplit(base_url).path.lstrip("/") or "opentvet") + "_pages_quick"
        admin = _with_database(base_url, "postgres")
        url = pg_copy(base_url, "tiny", name)

        def drop() -> None:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    else:
        tmp = tempfile.mkdtemp(prefix="opentvet-pages-")
        copy_sqlite(sqlite_snapshot("tiny"), Path(tmp) / "pages.sqlite3")
        url = f"sqlite:///{tmp}/pages.sqlite3"
        os.environ["OPENTVET_VAR_DIR"] = tmp

        def drop() -> None:
            shutil.rmtree(tmp, ignore_errors=True)

    return url, drop


# --- sessions and pages ----------------------------------------------------------------------


def session_for(user: Any) -> str:
    """A logged-in session for ``user``, stored in the database: what ``force_login`` does."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@dataclass
class Page:
    key: str
    label: str
    login: str | None  # email of the user, None for a public page
    paths: list[tuple[str, str]]  # (path, text the response must contain); cycled over
    method: str = "GET"
    body: bytes = b""


@dataclass
class Plan:
    pages: list[Page] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _reverse(name: str, **kwargs: Any) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _largest_institution() -> Any:
    """The generated institution with the most teachers (held at it or at its faculties)."""
    from collections import Counter

    from opentvet.core.models import Membership, Organisation

    kinds = dict(
        Organisation.objects.filter(kind__in=["institution", "unit"]).values_list("id", "kind")
    )
    parents = dict(Organisation.objects.filter(kind="unit").values_list("id", "parent_id"))
    counts: Counter[int] = Counter()
    for org_id in Membership.objects.filter(
        role_id="teacher", user__email__endswith="bench.opentvet.vn"
    ).values_list("organisation_id", flat=True):
        counts[parents[org_id] if kinds.get(org_id) == "unit" else org_id] += 1
    return Organisation.objects.get(pk=counts.most_common(1)[0][0])


def build_plan(rng: random.Random, *, quick: bool) -> Plan:
    """The pages to measure, with users and search terms taken from the database."""

    from opentvet.core.models import Membership, Organisation, User
    from opentvet.core.scopes import scopes_disabled
    from opentvet.core.text import fold

    plan = Plan()
    with scopes_disabled():
        analyst = User.objects.filter(
            memberships__role_id="national_analyst", email__endswith="bench.opentvet.vn"
        ).first()
        if analyst is None:
            raise SystemExit(
                "no generated data: run `opentvet bench-data --scale national --seed 1` first"
            )
        # The largest province and the largest institution (by teachers) carry the most rows.
        departments = Membership.objects.filter(
            role_id="provincial_officer", user__email__endswith="bench.opentvet.vn"
        ).values_list("organisation_id", flat=True)
        province_org = max(
            Organisation.objects.filter(pk__in=list(departments)),
            key=lambda o: Organisation.objects.filter(
                path__startswith=o.path, kind="institution"
            ).count(),
        )
        officer = User.objects.filter(
            memberships__organisation=province_org, memberships__role_id="provincial_officer"
        ).first()
        institution = _largest_institution()
        rector = User.objects.filter(
            memberships__organisation=institution, memberships__role_id="rector"
        ).first()
        assert officer is not None and rector is not None
        plan.pages += [
            Page(
                "dashboard_institution",
                f"dashboard, institution ({institution.code})",
                rector.email,
                [("/", html.escape(institution.name))],
            ),
            Page(
                "dashboard_province",
                f"dashboard, province ({province_org.code})",
                officer.email,
                [("/", html.escape(province_org.name))],
            ),
            Page(
                "dashboard_national",
                "dashboard, national",
                analyst.email,
                [("/", html.escape(Organisation.objects.get(code="CUC-GDNN").name))],
            ),
        ]
        detail = _reverse("web:organisation_detail", org_id=str(institution.pk))
        if detail:
            plan.pages.append(
                Page(
                    "organisation_detail",
                    "organisation page, institution",
                    rector.email,
                    [(detail, html.escape(institution.name))],
                )
            )
        directory = _reverse("web:organisation_list")
        if directory:
            sample = list(
                Organisation.objects.filter(kind="institution", path__startswith="/")
                .order_by("?")
                .values_list("name", flat=True)[:20]
            )
            terms = []
            for name in sample:
                words = fold(name).split()
                terms.append(" ".join(words[-2:]))
            plan.pages.append(
                Page(
                    "organisation_search",
                    "organisation directory search",
                    analyst.email,
                    [(f"{directory}?{urlencode({'q': t})}", "") for t in terms],
                )
            )
    _learner_pages(plan, rng, institution, rector, analyst, quick=quick)
    _programme_pages(plan, rng, quick=quick)
    return plan


def _learner_pages(
    plan: Plan, rng: random.Random, institution: Any, rector: Any, analyst: Any, *, quick: bool
) -> None:
    """Student search by a name typed without diacritics, when the learners app has the page.

    Measured twice: by the national analyst (the search runs over every student in the
    country) and by a rector (one institution). Names are real generated students' names,
    folded (no diacritics, lower case), so each search finds at least that student.
    """
    from django.apps import apps

    try:
        student_model = apps.get_model("learners", "Student")
    except LookupError:
        plan.skipped.append(("student_search", "no learners.Student model yet"))
        return
    url = _reverse("learners:student_list") or _reverse("learners:search")
    if not url:
        plan.skipped.append(("student_search", "no student search page in learners.urls yet"))
        return
    from opentvet.core.scopes import scopes_disabled

    with scopes_disabled():
        ids = list(
            student_model.all_objects.filter(institution=institution).values_list("id", flat=True)
        )
        chosen = rng.sample(ids, min(len(ids), 40))
        names = list(
            student_model.all_objects.filter(id__in=chosen).values_list("full_name", "search_name")
        )
    if not names:
        plan.skipped.append(("student_search", "the generator made no students yet"))
        return
    paths = [(f"{url}?{urlencode({'q': folded})}", html.escape(full)) for full, folded in names]
    # Nationally a name matches more students than one page shows, and a folded word matches
    # other spellings ("huong": Hương, Hướng, Hưởng): only HTTP 200 is checked there.
    national = [(f"{url}?{urlencode({'q': folded})}", "") for _full, folded in names]
    plan.pages.append(
        Page(
            "student_search",
            "student search, national (no diacritics)",
            analyst.email,
            national,
        )
    )
    plan.pages.append(
        Page(
            "student_search_institution",
            "student search, one institution",
            rector.email,
            paths,
        )
    )
    _search_classes(plan, url, analyst, rng, chosen, student_model)


def _search_classes(
    plan: Plan, url: str, analyst: Any, rng: random.Random, chosen: list[int], student_model: Any
) -> None:
    """Searches as people type them, nationally, one page per class of query.

    A single common word (the commonest family names of the sample: "nguyen" is in about
    950,000 generated names), a half-typed given name, full names with diacritics, student
    codes, and words no name holds. Each class is timed and reported on its own.
    """
    from collections import Counter

    from opentvet.core.scopes import scopes_disabled

    with scopes_disabled():
        rows = list(
            student_model.all_objects.filter(id__in=chosen).values_list(
                "full_name", "search_name", "code"
            )
        )
    first_words = Counter(folded.split()[0] for _full, folded, _code in rows if folded.split())
    common = [word for word, _n in first_words.most_common(3)]
    half = sorted({folded.split()[-1][:3] for _f, folded, _c in rows if folded.split()})[:10]
    classes = [
        ("search_common_word", "student search, national, one common word", common, False),
        ("search_half_typed", "student search, national, half-typed word", half, False),
        (
            "search_diacritics",
            "student search, national, full name with diacritics",
            [full for full, _f, _c in rows[:20]],
            False,  # other spellings of the same letters may fill the first page
        ),
        (
            "search_code",
            "student search, national, student code",
            [c for *_x, c in rows[:20]],
            True,
        ),
        (
            "search_no_match",
            "student search, national, no match",
            ["zzxq wvkj", "qqqq", "xylophonz"],
            False,
        ),
    ]
    for key, label, typed, expect_term in classes:
        terms = [t for t in typed if t]
        if not terms:
            plan.skipped.append((key, "no terms in the sample"))
            continue
        rng.shuffle(terms)
        plan.pages.append(
            Page(
                key,
                label,
                analyst.email,
                [
                    (f"{url}?{urlencode({'q': t})}", html.escape(t) if expect_term else "")
                    for t in terms
                ],
            )
        )


def _programme_pages(plan: Plan, rng: random.Random, *, quick: bool) -> None:
    """The public programme search (no login), when an app has the page."""
    url = _reverse("admissions:portal") or _reverse("programmes:public_search")
    if not url:
        plan.skipped.append(("programme_search", "no public programme search page yet"))
        return
    terms = ["cong nghe thong tin", "ke toan", "dien cong nghiep", "han", "du lich", "dieu duong"]
    plan.pages.append(
        Page(
            "programme_search",
            "public programme search",
            None,
            [(f"{url}?{urlencode({'q': t})}", "") for t in terms],
        )
    )


# --- load generation -------------------------------------------------------------------------


@dataclass
class Run:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies_ms)


def hammer(
    port: int,
    page: Page,
    cookies: list[str],
    *,
    clients: int,
    duration: float,
    max_requests: int,
    check_body: bool,
    think: tuple[float, float] = (0.0, 0.0),
) -> Run:
    """``clients`` threads in a loop on ``page`` until time or requests run out.

    ``think`` (seconds, low and high): each client waits a uniformly drawn time after each
    response, as a person reads the page before the next click (locust's ``between``);
    ``(0, 0)`` is the closed loop, every client asking again at once.
    """
    run = Run()
    pause = random.Random(7)
    lock = threading.Lock()
    deadline = time.perf_counter() + duration
    remaining = [max_requests]

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Accept-Language": "vi"}
        if page.login:
            headers["Cookie"] = cookies[n % len(cookies)]
        if page.method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        i = n
        while time.perf_counter() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            path, expect = page.paths[i % len(page.paths)]
            i += clients
            t0 = time.perf_counter()
            try:
                conn.request(page.method, path, body=page.body or None, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    run.errors.append(f"{path}: {error!r}")
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            problem = ""
            if response.status != 200:
                problem = f"{path}: HTTP {response.status}"
            elif check_body and expect and expect.encode() not in body:
                problem = f"{path}: response lacks {expect!r}"
            with lock:
                run.latencies_ms.append(elapsed)
                if problem:
                    run.errors.append(problem)
                wait = pause.uniform(*think) if think[1] > 0 else 0.0
            if wait:
                time.sleep(min(wait, max(deadline - time.perf_counter(), 0)))
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.seconds = time.perf_counter() - started
    return run


# --- application submit ----------------------------------------------------------------------

SUBMIT_PREFIX = "bench-submit-"
CSRF_TOKEN = "benchcsrf" + "0" * 23  # 32 characters: a valid unmasked CSRF secret


@dataclass
class Submitter:
    cookie: str
    path: str
    body: bytes
    key: str


def prepare_submitters(count: int) -> list[Submitter]:
    """``count`` new applicants with a scored profile, each with a session, for one open round.

    Each submits once (an applicant applies to a round once): the run is bounded by ``count``.
    The round is the open round with the most quotas; each applicant ranks two of its quotas.
    """
    import uuid

    from django.db.models import Count
    from django.utils import timezone

    from opentvet.admissions.models import AdmissionRound, ApplicantProfile, Quota
    from opentvet.admissions.services import APPLICANT_ROLE, applicant_home
    from opentvet.core.models import Membership, User
    from opentvet.core.scopes import scopes_disabled

    with scopes_disabled():
        admission_round = (
            AdmissionRound.all_objects.filter(status="open", closes_on__gte=timezone.localdate())
            .annotate(n=Count("quotas"))
            .filter(n__gte=2)
            .order_by("-n", "pk")
            .first()
        )
        if admission_round is None:
            return []
        quota_ids = list(
            Quota.all_objects.filter(round=admission_round).values_list("pk", flat=True)[:20]
        )
        run = uuid.uuid4().hex[:8]
        users = User.objects.bulk_create(
            [
                User(
                    email=f"{SUBMIT_PREFIX}{run}-{n}@bench.opentvet.vn",
                    full_name=f"Thí sinh benchmark {n}",
                    search_name=f"thi sinh benchmark {n}",
                    password="!",
                )
                for n in range(count)
            ]
        )
        home = applicant_home()
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=home, role_id=APPLICANT_ROLE) for u in users]
        )
        ApplicantProfile.objects.bulk_create(
            [ApplicantProfile(user=u, gpa="7.50", exam_score="21.00") for u in users]
        )
    path = f"/api/v1/admissions/rounds/{admission_round.pk}/applications"
    rng = random.Random(2)
    submitters = []
    for n, user in enumerate(users):
        wishes = rng.sample(quota_ids, 2)
        submitters.append(
            Submitter(
                cookie=f"{session_for(user)}; csrftoken={CSRF_TOKEN}",
                path=path,
                body=f'{{"quota_ids": [{wishes[0]}, {wishes[1]}]}}'.encode(),
                key=f"bench-{run}-{n}",
            )
        )
    return submitters


def remove_submitters() -> int:
    """Delete the applicants made by ``prepare_submitters`` (and their applications)."""

    from opentvet.admissions.models import Application, Wish
    from opentvet.core.models import User
    from opentvet.core.scopes import scopes_disabled

    with scopes_disabled():
        users = User.objects.filter(email__startswith=SUBMIT_PREFIX)
        ids = list(users.values_list("pk", flat=True))
        Wish.all_objects.filter(application__user_id__in=ids).delete()
        Application.objects.filter(user_id__in=ids).delete()
        users.delete()
    return len(ids)


def hammer_submit(port: int, submitters: list[Submitter], *, clients: int, duration: float) -> Run:
    """Each request is a new applicant's first submission (HTTP 201 expected)."""
    run = Run()
    lock = threading.Lock()
    queue = list(reversed(submitters))
    deadline = time.perf_counter() + duration

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline:
            with lock:
                if not queue:
                    break
                s = queue.pop()
            headers = {
                "Cookie": s.cookie,
                "X-CSRFToken": CSRF_TOKEN,
                "Idempotency-Key": s.key,
                "Content-Type": "application/json",
                "Accept-Language": "vi",
            }
            t0 = time.perf_counter()
            try:
                conn.request("POST", s.path, body=s.body, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    run.errors.append(f"{s.path}: {error!r}")
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                run.latencies_ms.append(elapsed)
                if response.status != 201:
                    run.errors.append(f"HTTP {response.status}: {body[:200]!r}")
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.seconds = time.perf_counter() - started
    return run


# --- server ----------------------------------------------------------------------------------


def start_gunicorn(
    url: str, port: int, workers: int, threads: int, *, aggregate_seconds: int = 0
) -> subprocess.Popen[bytes]:
    """gunicorn serving the project; ``aggregate_seconds`` 0 computes every figure live."""
    env = {
        **os.environ,
        "OPENTVET_AGGREGATE_SECONDS": str(aggregate_seconds),
        # Sessions are made here with this process's key (session_for), so the server keeps the
        # same one: the built-in key, allowed on loopback as for the demo (opentvet.wsgi), and
        # password-only sign-in as in the demo (no second step for authority personas).
        "OPENTVET_DEMO": "1",
        "OPENTVET_REQUIRE_2FA": "0",
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "pages_site",
        "PYTHONPATH": os.pathsep.join([str(BENCH), os.environ.get("PYTHONPATH", "")]),
        "DB_CONN_MAX_AGE": "600",
        "DEBUG": "false",
    }
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "opentvet.wsgi:application",
    ]
    return subprocess.Popen(cmd, env=env, cwd=ROOT)


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small own data; checks only")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="(2 x cores) + 1"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per page")
    parser.add_argument("--requests", type=int, default=2000, help="at most, per page")
    parser.add_argument("--warmup", type=int, default=20, help="requests per page, not counted")
    parser.add_argument("--repeats", type=int, default=3, help="throughput runs (median)")
    parser.add_argument("--only", help="comma-separated page keys (application_submit too)")
    parser.add_argument(
        "--think",
        default="0,0",
        help="seconds each client pauses after a response, LOW,HIGH (default 0,0: closed loop)",
    )
    parser.add_argument(
        "--submitters", type=int, default=3000, help="applicants made for the submit run (at most)"
    )
    args = parser.parse_args(argv)
    low, _comma, high = args.think.partition(",")
    think = (float(low), float(high or low))
    if args.quick:
        args.duration, args.requests, args.warmup, args.repeats = 5.0, 40, 3, 1
        args.submitters = 30

    base_url = os.environ.get("DATABASE_URL")
    drop: Callable[[], None] = lambda: None  # noqa: E731
    if args.quick:
        url, drop = quick_database(base_url)
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
    from opentvet.core.models import User
    from opentvet.core.scopes import scopes_disabled

    checks = Checks()
    rng = random.Random(1)
    results: dict[str, Any] = {"pages": {}, "throughput": {}, "skipped": {}}
    proc = None
    try:
        plan = build_plan(rng, quick=args.quick)
        if args.only:
            keep = set(args.only.split(","))
            plan.pages = [p for p in plan.pages if p.key in keep]
        submitters: list[Submitter] = []
        submit_asked = not args.only or "application_submit" in args.only.split(",")
        if submit_asked:
            submitters = prepare_submitters(args.submitters)
        cookies: dict[str, list[str]] = {}
        for page in plan.pages:
            if page.login and page.login not in cookies:
                user = User.objects.get(email=page.login)
                cookies[page.login] = [session_for(user) for _ in range(args.clients)]
        connection.close()

        port = free_port()
        proc = start_gunicorn(url, port, args.workers, args.threads, aggregate_seconds=0)
        if not checks.check(wait_for_port(port), "gunicorn did not start"):
            return checks.exit_code()
        closed_loop = not think[1]
        print(
            f"gunicorn: {args.workers} workers x {args.threads} threads; {args.clients} clients"
            f"{' (closed loop)' if closed_loop else f' pausing {think[0]}-{think[1]} s'}; "
            f"{'quick' if args.quick else f'{args.duration:.0f} s or {args.requests} requests'}"
            " per page; aggregate cache off (live figures)"
        )
        # The anchor first, in the same run: every page's cost is read against it.
        bare = Page("bare", "bare Django view (anchor)", None, [("/__bench__/bare/", "ok")])
        # Every worker imports and connects on its first requests: warm them before timing.
        hammer(port, bare, [], clients=args.clients, duration=30,
               max_requests=max(args.warmup, 4 * args.workers), check_body=False)  # fmt: skip
        rates = []
        for _ in range(args.repeats):
            run = hammer(port, bare, [], clients=args.clients, duration=args.duration / 2,
                         max_requests=args.requests * 5, check_body=True)  # fmt: skip
            checks.check(not run.errors, f"bare view: {run.errors[:3]}")
            rates.append(run.count / run.seconds)
        bare_rate = median(rates)
        results["throughput"]["bare"] = {"requests_per_second": round(bare_rate, 1)}
        table = Table([("page", 44), ("requests", 8), ("p50 ms", 8), ("p95 ms", 8),
                       ("req/s", 8), ("cost x", 7), ("goal", 12), ("met", 5)])  # fmt: skip
        table.row("bare Django view (anchor)", "", float("nan"), float("nan"), bare_rate, 1.0,
                  "", "")  # fmt: skip

        def measure(page: Page, key: str, label: str) -> None:
            page_cookies = cookies.get(page.login or "", [])
            hammer(port, page, page_cookies, clients=min(args.clients, 4), duration=30,
                   max_requests=args.warmup, check_body=False)  # fmt: skip
            run = hammer(
                port,
                page,
                page_cookies,
                clients=args.clients,
                duration=args.duration,
                max_requests=args.requests,
                check_body=True,
                think=think,
            )
            checks.check(run.count > 0, f"{key}: no response")
            checks.check(
                not run.errors, f"{key}: {len(run.errors)} bad responses, e.g. {run.errors[:3]}"
            )
            p50, p95 = percentile(run.latencies_ms, 50), percentile(run.latencies_ms, 95)
            rate = run.count / run.seconds
            cost_x = bare_rate / rate if closed_loop and rate and bare_rate else None
            judged = not args.quick and closed_loop
            p95_met, cost_met, note = judge(key, p95, cost_x, bare_rate) if judged else (
                None, None, "")  # fmt: skip
            goals = "/".join(
                g for g in (
                    f"{TARGETS_P95_MS[key]:.0f}ms" if key in TARGETS_P95_MS else "",
                    f"{TARGETS_COST_X[key]:.0f}x" if key in TARGETS_COST_X else "",
                ) if g
            )  # fmt: skip
            verdicts = [v for v in (p95_met, cost_met) if v is not None]
            met = "" if not verdicts else "yes" if all(verdicts) else "NO"
            table.row(label, run.count, p50, p95, rate,
                      cost_x if cost_x is not None else float("nan"), goals, met)  # fmt: skip
            if note:
                print(f"{'':>44}  {note}")
            results["pages"][key] = {
                "label": label,
                "requests": run.count,
                "errors": len(run.errors),
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "mean_ms": round(sum(run.latencies_ms) / max(run.count, 1), 1),
                "requests_per_second": round(rate, 1),
                "cost_x_bare": None if cost_x is None else round(cost_x, 2),
                "target_p95_ms": TARGETS_P95_MS.get(key),
                "target_cost_x": TARGETS_COST_X.get(key),
                "p95_met": p95_met,
                "cost_met": cost_met,
                "note": note,
            }
            # A full run fails when a goal is missed (the quick run only checks answers).
            checks.check(p95_met is not False, f"{key}: p95 {p95:.0f} ms over its goal")
            checks.check(cost_met is not False, f"{key}: cost {cost_x or 0:.1f}x over its goal")

        for page in plan.pages:
            measure(page, page.key, page.label)
        for key, reason in plan.skipped:
            print(f"{key:>44}  not measured: {reason}")
            results["skipped"][key] = reason

        cached = [p for p in plan.pages if p.key in CACHED_PAGES]
        if cached:
            # The secondary figure: the same dashboards with the five-minute aggregate cache on.
            stop(proc)
            port = free_port()
            proc = start_gunicorn(url, port, args.workers, args.threads, aggregate_seconds=300)
            if not checks.check(wait_for_port(port), "gunicorn (cache on) did not start"):
                return checks.exit_code()
            for page in cached:
                measure(page, f"{page.key}_cached", f"{page.label}, aggregate cache on")
        if submitters:
            # Warm-up on a few applicants, then the rest against the clock (bounded by both).
            hammer_submit(port, submitters[:5], clients=min(args.clients, 5), duration=30)
            run = hammer_submit(
                port, submitters[5:], clients=args.clients, duration=args.duration / 2
            )
            checks.check(run.count > 0, "application submit: no response")
            checks.check(not run.errors, f"application submit: {run.errors[:3]}")
            with scopes_disabled():
                made = Application.objects.filter(user__email__startswith=SUBMIT_PREFIX).count()
            checks.check(
                made == run.count + min(5, len(submitters)) - len(run.errors),
                f"application submit: {made} applications for {run.count} requests",
            )
            rate = run.count / run.seconds
            share = ratio(rate, bare_rate)
            table.row("application submit (API, 2 wishes), req/s", run.count,
                      percentile(run.latencies_ms, 50), percentile(run.latencies_ms, 95), rate,
                      f"{share:.2f}x")  # fmt: skip
            results["throughput"]["application_submit"] = {
                "requests": run.count,
                "requests_per_second": round(rate, 1),
                "p50_ms": round(percentile(run.latencies_ms, 50), 1),
                "p95_ms": round(percentile(run.latencies_ms, 95), 1),
                "ratio_to_bare": round(share, 3),
            }
            results["throughput"]["application_submit_ratio"] = round(share, 3)
        elif submit_asked:
            reason = "no open admission round with quotas in the database"
            print(f"{'application submit':>44}  not measured: {reason}")
            results["skipped"]["application_submit"] = reason
    finally:
        if proc is not None:
            stop(proc)
        if not args.quick:
            remove_submitters()
        connection.close()
        drop()
    results["settings"] = {
        "clients": args.clients,
        "workers": args.workers,
        "threads": args.threads,
        "duration": args.duration,
        "requests": args.requests,
        "quick": args.quick,
        "think_seconds": list(think),
    }
    name = "pages-quick" if args.quick else "pages-think" if think[1] else "pages"
    write_json(name, results)
    return checks.exit_code()


if __name__ == "__main__":
    sys.exit(main())
