"""Generator step for ``admissions``: rounds, quotas, applicants and their ranked wishes.

Each province's Sở runs one coordinated round of the year (closed: applications are in, not yet
allocated) with a quota for every published programme of the institutions under it; every
college and intermediate school also runs its own rolling round, open today, with a quota per
programme. Applicants (``scale.applicants``) are users with the ``applicant`` role at the national
authority (as ``admissions.services.applicant_register`` makes them) and a profile with scores;
about nine in ten apply to their province's coordinated round with ranked wishes drawn by
programme popularity (Zipf-like), the rest to one school's rolling round. Scores follow
``admissions.scoring`` (best of GPA × 3 and exam, plus priority points).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from opentvet.benchdata.generator import World
from opentvet.core.models import InstitutionType, Membership, User
from opentvet.core.text import fold
from opentvet.demo.names import person_name

APPLICANT_ROLE = "applicant"
TWO = Decimal("0.01")
AREAS = (["KV1", "KV2-NT", "KV2", "KV3"], [20, 35, 25, 20])
CATEGORIES = (["", "UT2", "UT1"], [88, 8, 4])
SCHOOLS = ["THPT", "THCS", "THPT Chuyên", "Trung tâm GDTX"]


def _points() -> dict[str, float]:
    from opentvet.admissions.models import DEFAULT_PRIORITY_POINTS

    return dict(DEFAULT_PRIORITY_POINTS)


def admissions(world: World) -> None:
    from opentvet.admissions.models import (
        AdmissionRound,
        ApplicantProfile,
        Application,
        Quota,
        RoundKind,
        RoundStatus,
        Wish,
    )

    scale = world.scale
    rng = world.rng("admissions")
    today = world.loader.now.date()
    year = today.year
    points = _points()

    # --- rounds ------------------------------------------------------------------------------
    rounds: list[tuple[Any, ...]] = []
    coordinated: dict[int, int] = {}  # province → round index
    rolling: dict[int, int] = {}  # institution index → round index
    for code in world.provinces:
        coordinated[code] = len(rounds)
        department_id, _path = world.departments[code]
        rounds.append(
            (
                RoundKind.COORDINATED,
                department_id,
                f"Xét tuyển chung năm {year} - đợt 1 (tỉnh mã {code:02d})",
                year,
                today - dt.timedelta(days=120),
                today - dt.timedelta(days=30),
                today + dt.timedelta(days=20),
                RoundStatus.CLOSED,
                5,
            )
        )
    for index, inst in enumerate(world.institutions):
        if inst.type not in {InstitutionType.COLLEGE, InstitutionType.INTERMEDIATE}:
            continue
        if not inst.programmes:
            continue
        rolling[index] = len(rounds)
        rounds.append(
            (
                RoundKind.ROLLING,
                inst.id,
                f"Tuyển sinh quanh năm {year} - {inst.code}",
                year,
                today - dt.timedelta(days=60),
                today + dt.timedelta(days=300),
                None,
                RoundStatus.OPEN,
                3,
            )
        )
    first_round = world.loader.reserve_ids(AdmissionRound, len(rounds))

    def round_rows() -> Iterator[tuple[Any, ...]]:
        for n, (kind, org, name, yr, opens, closes, confirm, status, wishes) in enumerate(rounds):
            yield (
                first_round + n,
                kind,
                org,
                name,
                yr,
                opens,
                closes,
                confirm,
                status,
                wishes,
                "best",
                points,
                "Nộp hồ sơ sớm hơn, sau đó mã hồ sơ nhỏ hơn",
                "Nộp hồ sơ trực tuyến và nộp bản sao học bạ khi nhập học.",
                {},
            )

    world.write(
        AdmissionRound,
        [
            "id",
            "kind",
            "organisation_id",
            "name",
            "year",
            "opens_on",
            "closes_on",
            "confirm_by",
            "status",
            "max_wishes",
            "score_formula",
            "priority_points",
            "tie_break",
            "how_to_apply",
            "allocation_summary",
        ],
        round_rows(),
        expected=len(rounds),
    )

    # --- quotas: popularity (Zipf-like) decides seats and how often a programme is wished ----
    quotas: list[tuple[int, int, int, int]] = []  # (round index, version id, institution, seats)
    by_round: dict[int, list[int]] = {}  # round index → quota indexes
    popularity: list[float] = []
    seats_per_applicant = 0.85
    province_insts: dict[int, list[int]] = {}
    for index, inst in enumerate(world.institutions):
        province_insts.setdefault(inst.province, []).append(index)
    applicants_by_province = _apportion_applicants(world)
    for code in world.provinces:
        entries = []
        for index in province_insts.get(code, []):
            inst = world.institutions[index]
            entries += [(inst.id, info.version_id) for info in inst.programmes]
        rng.shuffle(entries)
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(entries))]
        total = sum(weights) or 1
        seats_total = applicants_by_province.get(code, 0) * seats_per_applicant * 0.9
        r = coordinated[code]
        for (inst_id, version_id), w in zip(entries, weights, strict=True):
            seats = max(5, int(seats_total * w / total))
            by_round.setdefault(r, []).append(len(quotas))
            quotas.append((r, version_id, inst_id, seats))
            popularity.append(w)
    for index, r in rolling.items():
        inst = world.institutions[index]
        for info in inst.programmes:
            by_round.setdefault(r, []).append(len(quotas))
            quotas.append((r, info.version_id, inst.id, rng.choice([30, 50, 70, 100])))
            popularity.append(1.0)
    first_quota = world.loader.reserve_ids(Quota, len(quotas))

    def quota_rows() -> Iterator[tuple[Any, ...]]:
        for n, (r, version_id, inst_id, seats) in enumerate(quotas):
            yield (first_quota + n, first_round + r, version_id, inst_id, seats)

    world.write(
        Quota,
        ["id", "round_id", "programme_version_id", "institution_id", "seats"],
        quota_rows(),
        expected=len(quotas),
    )

    # --- applicants: users, memberships, profiles --------------------------------------------
    count = scale.applicants
    first_user = world.loader.reserve_ids(User, count)
    first_membership = world.loader.reserve_ids(Membership, count)
    from django.contrib.auth.hashers import make_password

    unusable = make_password(None)  # applicants sign in with one-time codes only
    home_id = world.authority_id
    province_of: list[int] = []
    for code, n in applicants_by_province.items():
        province_of += [code] * n
    rng.shuffle(province_of)
    joined = world.loader.now

    profiles: list[tuple[Any, ...]] = []  # (user id, province, gpa, exam, area, category)

    def user_rows() -> Iterator[tuple[Any, ...]]:
        for n in range(count):
            full_name = person_name(rng)[0]
            yield (
                first_user + n,
                unusable,
                f"ts{n + 1:07d}@thisinh.bench.opentvet.vn",
                full_name,
                fold(full_name),
                joined,
            )

    world.write(
        User,
        ["id", "password", "email", "full_name", "search_name", "date_joined"],
        user_rows(),
        expected=count,
    )
    world.write(
        Membership,
        ["id", "user_id", "organisation_id", "role_id", "title", "valid_from"],
        (
            (first_membership + n, first_user + n, home_id, APPLICANT_ROLE, "", today)
            for n in range(count)
        ),
        expected=count,
    )

    def profile_rows() -> Iterator[tuple[Any, ...]]:
        for n in range(count):
            upper = rng.random() < 0.7
            gpa = Decimal(rng.randint(500, 980)) / 100
            exam = Decimal(rng.randint(30, 108)) / 4 if upper and rng.random() < 0.8 else None
            area = rng.choices(*AREAS)[0]
            category = rng.choices(*CATEGORIES)[0]
            profiles.append((gpa, exam, area, category))
            born = dt.date(year - rng.randint(15, 22), rng.randint(1, 12), rng.randint(1, 28))
            yield (
                first_profile + n,
                first_user + n,
                born,
                f"0{province_of[n]:02d}{rng.choice('0123')}{born.year % 100:02d}"
                f"{rng.randint(0, 999_999):06d}",
                province_of[n],
                "thpt" if upper else "thcs",
                f"Trường {rng.choice(SCHOOLS)} số {rng.randint(1, 40)}",
                year - rng.randint(0, 3),
                gpa,
                exam,
                area,
                category,
            )

    first_profile = world.loader.reserve_ids(ApplicantProfile, count)
    world.write(
        ApplicantProfile,
        [
            "id",
            "user_id",
            "date_of_birth",
            "national_id",
            "province_id",
            "education_level",
            "school_name",
            "graduation_year",
            "gpa",
            "exam_score",
            "priority_area",
            "priority_category",
        ],
        profile_rows(),
        expected=count,
    )

    # --- applications and ranked wishes ------------------------------------------------------
    cumulative: dict[int, list[float]] = {}
    for r, indexes in by_round.items():
        cumulative[r] = list(itertools.accumulate(popularity[q] for q in indexes))
    rolling_rounds = list(rolling.values())
    province_rounds = {code: coordinated[code] for code in world.provinces}
    plan: list[tuple[int, int, Decimal, Decimal]] = []  # (user n, round index, base, priority)
    wish_lists: list[list[int]] = []
    for n in range(count):
        if rng.random() < 0.1 and rolling_rounds:
            r = rng.choice(rolling_rounds)
            wanted = 1 if rng.random() < 0.7 else 2
        else:
            r = province_rounds[province_of[n]]
            wanted = max(1, min(5, round(rng.gauss(scale.wishes_per_applicant, 1.2))))
        indexes = by_round.get(r, [])
        if not indexes:
            continue
        chosen: list[int] = []
        cum = cumulative[r]
        tries = 0
        while len(chosen) < min(wanted, len(indexes)) and tries < 20:
            tries += 1
            pick = indexes[bisect.bisect_left(cum, rng.random() * cum[-1])]
            if pick not in chosen:
                chosen.append(pick)
        gpa, exam, area, category = profiles[n]
        base = max(gpa * 3, exam) if exam is not None else gpa * 3
        priority = Decimal(str(points.get(area, 0))) + Decimal(
            str(points.get(category, 0) if category else 0)
        )
        plan.append(
            (n, r, base.quantize(TWO, ROUND_HALF_UP), priority.quantize(TWO, ROUND_HALF_UP))
        )
        wish_lists.append(chosen)
    first_app = world.loader.reserve_ids(Application, len(plan))
    round_open = {n: rounds[n][4] for n in range(len(rounds))}

    def application_rows() -> Iterator[tuple[Any, ...]]:
        for k, (n, r, base, priority) in enumerate(plan):
            submitted = dt.datetime.combine(
                round_open[r] + dt.timedelta(days=rng.randint(0, 60)),
                dt.time(rng.randint(7, 22), rng.randint(0, 59)),
                tzinfo=dt.UTC,
            )
            yield (
                first_app + k,
                first_round + r,
                first_user + n,
                f"bench-{first_app + k}",
                submitted,
                (base + priority).quantize(TWO),
                base,
                priority,
            )

    world.write(
        Application,
        [
            "id",
            "round_id",
            "user_id",
            "idempotency_key",
            "submitted_at",
            "score",
            "base_score",
            "priority_score",
        ],
        application_rows(),
        expected=len(plan),
    )
    total_wishes = sum(len(w) for w in wish_lists)
    first_wish = world.loader.reserve_ids(Wish, total_wishes)

    def wish_rows() -> Iterator[tuple[Any, ...]]:
        pk = itertools.count(first_wish)
        for k, chosen in enumerate(wish_lists):
            for rank, q in enumerate(chosen, start=1):
                status = "submitted" if rng.random() < 0.6 else "eligible"
                yield (next(pk), first_app + k, rank, first_quota + q, quotas[q][2], status)

    world.write(
        Wish,
        ["id", "application_id", "rank", "quota_id", "institution_id", "status"],
        wish_rows(),
        expected=total_wishes,
    )
    world.extra["applicant_users"] = range(first_user, first_user + count)
    world.extra["admissions"] = {
        "first_round": first_round,
        "rounds": len(rounds),
        "applications": len(plan),
        "wishes": total_wishes,
    }


def _apportion_applicants(world: World) -> dict[int, int]:
    from opentvet.benchdata.scales import PROVINCE_POPULATION
    from opentvet.benchdata.steps_core import apportion

    return apportion(world.scale.applicants, {p: PROVINCE_POPULATION[p] for p in world.provinces})
