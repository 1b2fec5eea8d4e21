"""Demo guidance: interest codes per occupation group, job demand, an event, a session."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from opentvet.catalogue.models import Occupation
from opentvet.demo.builder import DemoWorld, demo_step
from opentvet.guidance import services
from opentvet.guidance.models import CounsellingSession, DemandSignal, GuidanceEvent

# (recording organisation, occupation, openings, employer)
DEMAND = [
    ("CD96001", "6480201", 120, "Khu công nghiệp Trà Kha"),
    ("CD96001", "6340301", 45, "Các doanh nghiệp tỉnh Cà Mau"),
    ("DN01001", "6520227", 80, "Công ty Cổ phần Cơ khí Đông Anh"),
    ("DN01001", "5520123", 60, "Công ty Cổ phần Cơ khí Đông Anh"),
    ("CD96002", "6720301", 90, "Bệnh viện đa khoa tỉnh Cà Mau"),
]


@demo_step(order=41, name="guidance")
def build_guidance(rng: random.Random, world: DemoWorld) -> None:
    services.interest_codes_seed()
    year = timezone.localdate().year
    for org, occupation, openings, employer in DEMAND:
        if not Occupation.objects.filter(pk=occupation).exists():
            continue
        DemandSignal.all_objects.get_or_create(
            organisation=world.org(org),
            occupation_id=occupation,
            year=year,
            defaults={
                "openings": openings,
                "employer": employer,
                "province": world.org(org).province,
            },
        )
    college = world.org("CD96001")
    title = "Ngày hội tư vấn tuyển sinh - hướng nghiệp 2026"
    if not GuidanceEvent.all_objects.filter(institution=college, title=title).exists():
        starts = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(
            days=14
        )
        services.event_create(
            actor=None,
            institution=college,
            data={
                "title": title,
                "starts_at": starts,
                "place": "Hội trường A, Trường CĐ KT-KT Bạc Liêu",
                "capacity": 200,
                "description": "Giới thiệu ngành nghề, tham quan xưởng thực hành.",
            },
        )
    if not CounsellingSession.all_objects.filter(institution=college).exists():
        CounsellingSession.all_objects.create(
            institution=college,
            person_name="Lê Hoàng Phúc",
            person_user=world.users.get("applicant"),
            held_on=timezone.localdate() - dt.timedelta(days=3),
            topic="Chọn ngành CNTT hay Kế toán",
            counsellor=world.users.get("admissions_officer"),
        )
