"""Demo admissions: a coordinated round in Cà Mau, a rolling round at CD96001, applicants.

Idempotent (rounds found by name, applicants by phone) and deterministic for the seed. Runs after
the programmes demo (order 10), using its published programmes.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import Decimal

from django.utils import timezone

from opentvet.admissions import services
from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantProfile,
    Application,
    Quota,
    RoundKind,
    RoundStatus,
    Wish,
    WishStatus,
)
from opentvet.core.access import Actor
from opentvet.core.models import User
from opentvet.demo.builder import DemoWorld, demo_step
from opentvet.demo.names import person_name
from opentvet.programmes.models import ProgrammeVersion

COORDINATED_NAME = "Xét tuyển chung cao đẳng, trung cấp tỉnh Cà Mau năm 2026"
ROLLING_NAME = "Xét tuyển quanh năm 2026 - Trường CĐ KT-KT Bạc Liêu"
# (institution, occupation, seats): CNTT is the sought-after programme with few seats.
COORDINATED_QUOTAS = [
    ("CD96001", "6480201", 3),
    ("CD96001", "6340301", 40),
    ("CD96001", "5520227", 10),
    ("CD96002", "6720301", 5),
    ("CD96002", "6480209", 8),
]
ROLLING_QUOTAS = [("CD96001", "6340301", 20), ("CD96001", "5520227", 15)]
DEMO_APPLICANTS = 30


def _version(world: DemoWorld, institution: str, occupation: str) -> ProgrammeVersion | None:
    from opentvet.admissions.integration import published_versions

    return (
        published_versions()
        .filter(institution=world.org(institution), programme__occupation_id=occupation)
        .order_by("-number")
        .first()
    )


def _round(
    world: DemoWorld, name: str, org: str, kind: str, quotas: list[tuple[str, str, int]]
) -> AdmissionRound:
    today = timezone.localdate()
    admission_round = AdmissionRound.all_objects.filter(name=name).first()
    if admission_round is None:
        admission_round = services.round_create(
            actor=None,
            organisation=world.org(org),
            kind=kind,
            name=name,
            year=today.year,
            opens_on=today - dt.timedelta(days=20),
            closes_on=today + dt.timedelta(days=40),
            confirm_by=today + dt.timedelta(days=60),
            status=RoundStatus.OPEN,
            max_wishes=5,
            how_to_apply="Đăng ký trực tuyến tại cổng tuyển sinh; nộp học bạ và CCCD bản scan.",
        )
    for institution, occupation, seats in quotas:
        version = _version(world, institution, occupation)
        if (
            version is not None
            and not Quota.all_objects.filter(
                round=admission_round, programme_version=version
            ).exists()
        ):
            services.quota_set(
                actor=None, admission_round=admission_round, version=version, seats=seats
            )
    return admission_round


def _applicant(phone: str, full_name: str, rng: random.Random) -> User:
    user = User.objects.filter(phone=phone).first()
    if user is None:
        user = services.applicant_register(identifier=phone, full_name=full_name)
    ApplicantProfile.objects.filter(user=user, gpa__isnull=True).update(
        date_of_birth=dt.date(2008, rng.randint(1, 12), rng.randint(1, 28)),
        education_level="thpt",
        province_id=96,
        school_name="Trường THPT Bạc Liêu",
        graduation_year=2026,
        gpa=Decimal(rng.randint(600, 960)) / 100,
        exam_score=Decimal(rng.randint(1500, 2800)) / 100,
        priority_area=rng.choice(["KV1", "KV2-NT", "KV2", "KV3"]),
    )
    return user


def _apply(user: User, admission_round: AdmissionRound, quota_ids: list[int]) -> None:
    if Application.objects.filter(round=admission_round, user=user).exists():
        return
    services.application_submit(
        actor=Actor.for_user(user),
        admission_round=admission_round,
        quota_ids=quota_ids,
        idempotency_key=secrets.token_hex(16),
    )


@demo_step(order=40, name="admissions")
def build_admissions(rng: random.Random, world: DemoWorld) -> None:
    if not ProgrammeVersion.all_objects.exists():
        return  # programmes demo did not run
    coordinated = _round(
        world, COORDINATED_NAME, "SGDDT-96", RoundKind.COORDINATED, COORDINATED_QUOTAS
    )
    rolling = _round(world, ROLLING_NAME, "CD96001", RoundKind.ROLLING, ROLLING_QUOTAS)
    quotas = list(Quota.all_objects.filter(round=coordinated).order_by("pk"))
    popular = [q.pk for q in quotas if q.seats <= 5]
    others = [q.pk for q in quotas if q.seats > 5]
    for n in range(1, DEMO_APPLICANTS + 1):
        name, _gender = person_name(rng)
        user = _applicant(f"0980{n:06d}", name, rng)
        first = popular[:] if rng.random() < 0.75 else []
        rng.shuffle(first)
        rest = others[:]
        rng.shuffle(rest)
        _apply(user, coordinated, (first + rest)[: rng.randint(2, 4)] or rest[:2])
    # Demo officers have reviewed the coordinated round's applications.
    Wish.all_objects.filter(application__round=coordinated, status=WishStatus.SUBMITTED).update(
        status=WishStatus.ELIGIBLE
    )
    # The applicant persona has a profile and an application in the rolling round.
    persona = world.users.get("applicant")
    if persona is not None:
        profile = services.profile_of(persona)
        if profile.gpa is None:
            ApplicantProfile.objects.filter(pk=profile.pk).update(
                education_level="thpt",
                province_id=96,
                gpa=Decimal("7.80"),
                exam_score=Decimal("21.50"),
                priority_area="KV2-NT",
                school_name="Trường THPT Phan Ngọc Hiển",
                graduation_year=2026,
                date_of_birth=dt.date(2008, 5, 14),
            )
        rolling_quotas = list(
            Quota.all_objects.filter(round=rolling).order_by("pk").values_list("pk", flat=True)
        )
        if rolling_quotas:
            _apply(persona, rolling, rolling_quotas[:2])
