"""Demo rows "between the levels": learners at every demo institution of the three provinces,
and the national department's periodic report (the seed's monthly and 5-month reports) with
submissions from institutions of all three provinces, so each authority persona sees live
figures and roll-ups with a real drill-down (nation → province → institution).

Story (a) (a college reports its key tasks of the year) is in every college's report: the five
key tasks of the seed, with targets and progress. Story (b) (the national 5-month report): the
national template's 5-month period this year and last year, the last two months, and the
current month still open with no report yet (its figures are live only).

Idempotent (stops when the national template exists) and deterministic for a seed; the learners
are few per school so the demo builds fast.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from opentvet.core.models import Organisation, OrgKind
from opentvet.demo.builder import INSTITUTIONS, DemoWorld, demo_step
from opentvet.demo.names import person_name
from opentvet.learners import services as learner_services
from opentvet.learners.models import Student
from opentvet.programmes.models import ProgrammeVersion
from opentvet.reporting import services
from opentvet.reporting.demo import KEY_TASKS, _month_before, save_admissions
from opentvet.reporting.models import (
    IndicatorDefinition,
    Periodicity,
    ReportingPeriod,
    ReportTemplate,
    Submission,
)

NATIONAL_TEMPLATE = "Báo cáo tình hình thực hiện nhiệm vụ giáo dục nghề nghiệp"
NATIONAL_ITEMS = [
    ("hs.enrolled", True),
    ("hs.college", False),
    ("hs.intermediate", False),
    ("hs.elementary", False),
    ("ts.total", True),
    ("ts.college", True),
    ("ts.intermediate", True),
    ("ts.elementary", True),
    ("tn.graduates", False),
    ("cb.teachers", False),
    ("ct.programmes", False),
    ("ct.pilots", False),
    ("vl.rate", False),
]
# Learners per demo institution (besides those the learners step made at CD96001 and CD01001).
LEARNERS = {
    "CD96002": 14,
    "TC96001": 9,
    "TT96001": 6,
    "TC01001": 8,
    "DN01001": 5,
    "CD79001": 12,
    "CD79002": 10,
    "TT79001": 7,
}
# Who reports in which national period: one school missing from the previous month and one new
# this month, so the like-for-like comparison has something to leave out.
EARLIER_MONTH = ["CD96001", "CD96002", "TC96001", "CD01001", "TC01001", "CD79001", "CD79002"]
LAST_MONTH = ["CD96001", "CD96002", "CD01001", "TC01001", "CD79001", "CD79002", "TT79001"]
FIVE_MONTHS = ["CD96001", "CD96002", "TC96001", "CD01001", "TC01001", "CD79001", "CD79002"]
FIVE_MONTHS_LAST_YEAR = ["CD96001", "CD96002", "CD01001", "CD79001"]
TARGETS = [
    "Tư vấn hướng nghiệp tại 20 trường THCS, THPT; tỷ lệ người học có việc làm sau tốt nghiệp "
    "từ 85% trở lên",
    "Rà soát, cập nhật 100% chương trình đào tạo các nghề trọng điểm; mở 2 nghề mới",
    "100% nhà giáo đạt chuẩn; giảm 1 đầu mối phòng, khoa",
    "Hoàn thiện quy chế tổ chức và hoạt động, quy chế chi tiêu nội bộ theo cơ chế tự chủ",
    "Đầu tư thiết bị xưởng thực hành cho 3 nghề trọng điểm quốc gia",
]


def _learners(rng: random.Random, world: DemoWorld) -> None:
    """A class of active learners at each demo institution that has none yet."""
    for code, count in LEARNERS.items():
        institution = world.org(code)
        if Student.all_objects.filter(institution=institution).exists():
            continue
        version = (
            ProgrammeVersion.all_objects.filter(
                programme__institution=institution, status="published"
            )
            .order_by("pk")
            .first()
        )
        students = []
        for n in range(1, count + 1):
            name, gender = person_name(rng)
            birth = dt.date(rng.randint(2003, 2008), rng.randint(1, 12), rng.randint(1, 28))
            century = (0 if birth.year < 2000 else 2) + (1 if gender == "female" else 0)
            province = institution.province_id or 1
            students.append(
                learner_services.student_create(
                    actor=None,
                    institution=institution,
                    data={
                        "code": f"LT{code[-5:]}{n:03d}",
                        "full_name": name,
                        "date_of_birth": birth,
                        "gender": "female" if gender == "female" else "male",
                        "citizen_id": f"{province:03d}{century}{birth.year % 100:02d}"
                        f"{rng.randint(0, 999999):06d}",
                        "province": institution.province,
                    },
                )
            )
        if version is None:
            continue
        class_group = learner_services.class_create(
            actor=None,
            institution=institution,
            data={
                "code": f"{code}-K25",
                "name": f"Lớp {version.programme.name} K25",
                "intake_year": 2025,
                "programme_version": version,
                "start_date": dt.date(2025, 9, 5),
            },
        )
        learner_services.student_enrol(
            actor=None, class_group=class_group, students=students, enrolled_on=dt.date(2025, 9, 5)
        )


def _report(
    rng: random.Random, period: ReportingPeriod, institution: Organisation, key_tasks: bool
) -> Submission:
    """An institution's report entered by the trusted loader: admissions by level, the five key
    tasks for colleges, signed and submitted."""
    submission = services.submission_start(actor=None, period=period, institution=institution)
    save_admissions(
        rng,
        submission,
        None,
        ((40, 160), (20, 90), (30, 150)),
        # Demo schools are small, so figures swing between periods; each carries its note.
        comments={
            code: "Theo số liệu của nhà trường trong kỳ; biến động do quy mô nhỏ."
            for code, _required in NATIONAL_ITEMS
        },
        narrative={
            "results": "Hoàn thành kế hoạch đào tạo, tuyển sinh trong kỳ; tăng cường tuyển sinh, "
            "đào tạo trực tuyến bảo đảm chất lượng.",
            "key_tasks": "Tập trung thực hiện các nhiệm vụ trọng tâm năm.",
        },
    )
    if key_tasks and not submission.key_tasks.exists():
        services.submission_key_tasks_save(
            actor=None,
            submission=submission,
            items=[
                {
                    "title": title,
                    "target": TARGETS[index],
                    "progress": min(100, rng.randint(20, 60) + period.number * 5),
                    "result": "Đang triển khai theo kế hoạch.",
                }
                for index, (title, _actions) in enumerate(KEY_TASKS)
            ],
        )
    services.submission_sign(actor=None, submission=submission)
    services.submission_submit(actor=None, submission=submission)
    return submission


def _is_college(institution: Organisation) -> bool:
    return institution.code.startswith("CD")


@demo_step(order=58, name="reporting.network")
def build_network_demo(rng: random.Random, world: DemoWorld) -> None:
    authority = world.org("CUC-GDNN")
    if ReportTemplate.objects.filter(name=NATIONAL_TEMPLATE, organisation=authority).exists():
        return
    _learners(rng, world)
    services.standard_definitions_ensure()
    template = services.template_create(
        actor=None,
        organisation=authority,
        name=NATIONAL_TEMPLATE,
        periodicities=[Periodicity.MONTHLY, Periodicity.FIVE_MONTH],
        due_days=5,
        recipients="Bộ Giáo dục và Đào tạo (để báo cáo)\nCác Sở Giáo dục và Đào tạo",
        description="Báo cáo định kỳ hằng tháng và 5 tháng đầu năm của các cơ sở GDNN gửi Cục "
        "GDNN&GDTX, tổng hợp theo tỉnh và theo cơ sở.",
    )
    latest = {d.code: d for d in IndicatorDefinition.objects.order_by("code", "version")}
    for code, required in NATIONAL_ITEMS:
        services.template_item_add(
            actor=None, template=template, definition=latest[code], required=required
        )
    today = timezone.localdate()

    def open_period(periodicity: str, year: int, number: int) -> ReportingPeriod:
        return services.period_open(
            actor=None, template=template, periodicity=periodicity, year=year, number=number
        )

    two_ago, one_ago = _month_before(today, 2), _month_before(today, 1)
    five_year = today.year if today.month > 5 else today.year - 1
    plan = [
        (open_period(Periodicity.FIVE_MONTH, five_year - 1, 1), FIVE_MONTHS_LAST_YEAR),
        (open_period(Periodicity.FIVE_MONTH, five_year, 1), FIVE_MONTHS),
        (open_period(Periodicity.MONTHLY, *two_ago), EARLIER_MONTH),
        (open_period(Periodicity.MONTHLY, *one_ago), LAST_MONTH),
    ]
    # The current month is open and nobody has reported yet: the page shows live figures.
    open_period(Periodicity.MONTHLY, today.year, today.month)
    codes = {spec["code"] for spec in INSTITUTIONS}
    for period, reporters in plan:
        for code in reporters:
            assert code in codes
            institution = world.org(code)
            assert institution.kind == OrgKind.INSTITUTION
            _report(rng, period, institution, key_tasks=_is_college(institution))
