"""Demo rows of the reporting app: a report template with submissions, the invitation → working
session → report document flow, a college's key tasks, a national monthly briefing, drafting
projects and difficulties.

The flow follows the two seed stories (a college reporting to the provincial People's Committee;
the national department's monthly briefing), paraphrased, with fictional numbers and people.
Periods are placed relative to today so the dashboard has something due; the step is idempotent
(it stops when its template exists) and deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from opentvet.core.access import Actor
from opentvet.demo.builder import DemoWorld, demo_step
from opentvet.demo.names import person_name
from opentvet.regulations.authorities import authority_name
from opentvet.reporting import services
from opentvet.reporting.models import (
    DifficultyCategory,
    DocumentLink,
    DocumentType,
    DraftingProject,
    IndicatorDefinition,
    Meeting,
    Periodicity,
    Priority,
    ReportingPeriod,
    ReportTemplate,
    Submission,
)
from opentvet.reporting.services.submissions import template_items

TEMPLATE_NAME = "Báo cáo tình hình hoạt động"
ITEM_CODES = [
    ("dv.units", True),
    ("dv.faculties", True),
    ("dv.offices", True),
    ("dv.centres", True),
    ("cb.staff", True),
    ("cb.teachers", True),
    ("ts.total", True),
    ("ts.college", True),
    ("ts.intermediate", True),
    ("ts.elementary", True),
    ("hs.enrolled", False),
    ("hs.college", False),
    ("hs.intermediate", False),
    ("hs.elementary", False),
    ("tn.graduates", False),
    ("vl.rate", False),
    ("vl.response", False),
    ("ng.teachers", False),
    ("ng.standard", False),
    ("ct.programmes", False),
    ("ct.pilots", False),
    ("ts.applications", False),
    ("ts.quota", False),
    ("ts.admitted", False),
    ("qt.self_financing", False),
    ("tc.revenue", False),
]
KEY_TASKS = [
    (
        "Đổi mới tư vấn hướng nghiệp và tuyển sinh gắn với việc làm, khởi nghiệp của người học",
        [
            "Tổ chức tư vấn hướng nghiệp tại các trường THCS, THPT trong tỉnh",
            "Kết nối doanh nghiệp tuyển dụng người học ngay khi tốt nghiệp",
        ],
    ),
    (
        "Cải tiến, đa dạng hóa chương trình đào tạo gắn với tuyển sinh theo phương thức mới, "
        "làm nền tảng cho tự chủ",
        ["Rà soát, cập nhật chương trình đào tạo các nghề trọng điểm"],
    ),
    ("Kiện toàn đội ngũ nhà giáo, cán bộ quản lý và chuyên viên theo hướng tinh gọn, hiệu quả", []),
    (
        "Tăng cường quản trị nhà trường hiện đại, thực hiện tự chủ gắn với trách nhiệm giải trình",
        [],
    ),
    (
        "Đầu tư cơ sở vật chất, trang thiết bị cho các nghề trọng điểm quốc gia phục vụ phát triển "
        "kinh tế - xã hội của tỉnh",
        [],
    ),
]


def _actor(world: DemoWorld, key: str) -> Actor:
    return Actor.for_user(world.users[key])


def _month_before(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def save_admissions(
    rng: random.Random,
    submission: Submission,
    actor: Actor | None,
    ranges: tuple[tuple[int, int], tuple[int, int], tuple[int, int]],
    *,
    comments: dict[str, str],
    narrative: dict[str, str],
    extra: dict[str, int] | None = None,
) -> None:
    """Admissions by level (random within ``ranges``) and their total, with notes and text."""
    college, intermediate, elementary = (rng.randint(low, high) for low, high in ranges)
    services.submission_save(
        actor=actor,
        submission=submission,
        values={
            "ts.college": college,
            "ts.intermediate": intermediate,
            "ts.elementary": elementary,
            "ts.total": college + intermediate + elementary,
            **(extra or {}),
        },
        comments=comments,
        narrative=narrative,
    )


def _fill(rng: random.Random, submission: Submission, actor: Actor) -> None:
    save_admissions(
        rng,
        submission,
        actor,
        ((80, 200), (60, 150), (100, 300)),
        extra={"tc.revenue": rng.randint(800, 2500)},
        comments={
            code: "Theo số liệu của phòng Đào tạo trong kỳ."
            for code in ["ts.college", "ts.intermediate", "ts.elementary", "ts.total", "tc.revenue"]
        },
        narrative={
            "results": "Duy trì ổn định hoạt động đào tạo; hoàn thành kế hoạch tuyển sinh đợt "
            "trong kỳ; phối hợp doanh nghiệp tổ chức thực tập cho người học.",
            "key_tasks": "Tiếp tục đổi mới tư vấn hướng nghiệp; rà soát chương trình đào tạo; "
            "chuẩn bị kế hoạch năm học mới.",
            "difficulties": "Kinh phí đầu tư thiết bị cho nghề trọng điểm còn hạn chế.",
            "recommendations": "Đề nghị hỗ trợ kinh phí mua sắm thiết bị thực hành.",
        },
    )


def _submit(
    rng: random.Random, world: DemoWorld, period: ReportingPeriod, code: str, acknowledge: bool
) -> Submission:
    institution = world.org(code)
    # Other institutions of the demo have no personas: their reports are entered by the trusted
    # loader (actor None) and reviewed by the province's officer.
    preparer = _actor(world, "rector") if code == "CD96001" else None
    submission = services.submission_start(actor=preparer, period=period, institution=institution)
    _fill(rng, submission, preparer)  # type: ignore[arg-type]
    if code.startswith("CD"):
        # Story (a): the college's five key tasks of the year, as items of its report.
        services.submission_key_tasks_save(
            actor=preparer,
            submission=submission,
            items=[
                {
                    "title": title,
                    "target": "; ".join(actions) or "Theo kế hoạch năm của nhà trường",
                    "progress": rng.choice([20, 35, 50, 65]),
                    "result": "Đã triển khai, đang thực hiện theo kế hoạch.",
                }
                for title, actions in KEY_TASKS
            ],
        )
    services.submission_sign(actor=preparer, submission=submission)
    services.submission_submit(actor=preparer, submission=submission)
    if acknowledge:
        services.submission_acknowledge(
            actor=_actor(world, "provincial_officer"), submission=submission
        )
    return submission


def _reports(rng: random.Random, world: DemoWorld, today: dt.date) -> dict[str, object]:
    province = world.org("SGDDT-96")
    officer = _actor(world, "provincial_officer")
    template = services.template_create(
        actor=officer,
        organisation=province,
        name=TEMPLATE_NAME,
        periodicities=[Periodicity.MONTHLY, Periodicity.SIX_MONTH],
        due_days=5,
        recipients="UBND tỉnh (để báo cáo)\n" + authority_name("provincial", on=today),
        description="Báo cáo định kỳ của các cơ sở GDNN trên địa bàn tỉnh.",
    )
    latest = {d.code: d for d in IndicatorDefinition.objects.order_by("code", "version")}
    for code, required in ITEM_CODES:
        services.template_item_add(
            actor=officer, template=template, definition=latest[code], required=required
        )
    two_ago = _month_before(today, 2)
    one_ago = _month_before(today, 1)
    earlier = services.period_open(
        actor=officer,
        template=template,
        periodicity=Periodicity.MONTHLY,
        year=two_ago[0],
        number=two_ago[1],
    )
    last = services.period_open(
        actor=officer,
        template=template,
        periodicity=Periodicity.MONTHLY,
        year=one_ago[0],
        number=one_ago[1],
    )
    services.period_open(
        actor=officer,
        template=template,
        periodicity=Periodicity.MONTHLY,
        year=today.year,
        number=today.month,
    )
    half = 1 if today.month > 6 else 2
    services.period_open(
        actor=officer,
        template=template,
        periodicity=Periodicity.SIX_MONTH,
        year=today.year if half == 1 else today.year - 1,
        number=half,
    )
    submissions = {}
    for code in ["CD96001", "CD96002", "TC96001"]:
        _submit(rng, world, earlier, code, acknowledge=True)
    for code in ["CD96001", "CD96002"]:
        submissions[code] = _submit(rng, world, last, code, acknowledge=code == "CD96002")
    services.period_remind(actor=officer, period=last)
    return {"template": template, "last": last, "submission": submissions["CD96001"]}


def _documents_and_session(
    rng: random.Random, world: DemoWorld, today: dt.date, submission: Submission
) -> Meeting:
    committee = world.org("UBND-96")
    college = world.org("CD96001")
    province = world.org("SGDDT-96")
    rector = _actor(world, "rector")
    leader = _actor(world, "committee_leader")
    session_day = today - dt.timedelta(days=20)
    # The committee's office (văn thư) has no persona: its register is written by the loader.
    invitation = services.document_issue(
        actor=None,
        organisation=committee,
        doc_type=DocumentType.GIAY_MOI,
        issued_on=session_day - dt.timedelta(days=7),
        signer="Lâm Quốc Bảo",
        subject="Mời Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu báo cáo tình hình hoạt động, "
        "khó khăn, vướng mắc và công tác chuẩn bị cho năm tới",
    )
    received = services.document_register_incoming(
        actor=rector,
        organisation=college,
        doc_type=DocumentType.GIAY_MOI,
        symbol=invitation.symbol,
        issuing_body=committee.name,
        issued_on=invitation.issued_on,
        received_on=invitation.issued_on + dt.timedelta(days=1),
        subject=invitation.subject,
        signer=invitation.signer,
    )
    report = services.document_issue(
        actor=rector,
        organisation=college,
        doc_type=DocumentType.BAO_CAO,
        issued_on=session_day - dt.timedelta(days=2),
        signer="Tô Minh Khoa",
        subject="Báo cáo tình hình hoạt động của nhà trường, những khó khăn vướng mắc và "
        "nhiệm vụ trọng tâm năm tới",
    )
    services.document_link(
        actor=rector, source=report, target=received, kind=DocumentLink.Kind.ANSWERS
    )
    delegation = ["Tô Minh Khoa – Hiệu trưởng, trưởng đoàn", "Lạc Thị Ngọc Hân – Phó Hiệu trưởng"]
    for title in [
        "Trưởng phòng Đào tạo",
        "Trưởng phòng Tổ chức - Hành chính",
        "Trưởng phòng Kế hoạch - Tài chính",
    ]:
        delegation.append(f"{person_name(rng)[0]} – {title}")
    meeting = services.meeting_create(
        actor=leader,
        organisation=committee,
        kind=Meeting.Kind.WORKING_SESSION,
        title="Buổi làm việc của UBND tỉnh với Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu",
        held_on=session_day,
        place="Trụ sở UBND tỉnh",
        chair="Lâm Quốc Bảo – Phó Chủ tịch UBND tỉnh",
        participants="\n".join(delegation),
        minutes="Phó Hiệu trưởng báo cáo tình hình hoạt động, năm nhiệm vụ trọng tâm năm tới "
        "và những khó khăn, vướng mắc về đào tạo, tổ chức - cán bộ, tài chính và cơ sở vật chất.",
        guests=[college],
        invited_people=[rector.user],
        invitation=invitation,
        submissions=[submission],
        documents=[invitation],
    )
    services.meeting_conclusion_issue(
        actor=leader,
        meeting=meeting,
        issued_on=session_day + dt.timedelta(days=1),
        signer="Lâm Quốc Bảo",
        conclusions="Ghi nhận kết quả hoạt động của nhà trường. Giao Sở Giáo dục và Đào tạo chủ "
        "trì tháo gỡ khó khăn về đào tạo và tổ chức - cán bộ; Sở Tài chính phối hợp "
        "xem xét kinh phí đầu tư cơ sở vật chất cho các nghề trọng điểm.",
        directions=[
            services.Direction(
                owner=province,
                title="Rà soát, đề xuất kinh phí đầu tư thiết bị cho các nghề trọng điểm của "
                "trường",
                deadline=today - dt.timedelta(days=3),
                priority=Priority.HIGH,
            ),
            services.Direction(
                owner=college,
                title="Xây dựng đề án tự chủ của nhà trường, trình UBND tỉnh",
                deadline=today + dt.timedelta(days=60),
            ),
        ],
    )
    year = today.year
    for index, (title, actions) in enumerate(KEY_TASKS):
        key = services.task_assign(
            actor=rector,
            assigned_by=college,
            owner=college,
            title=title,
            key_year=year,
            priority=Priority.HIGH,
            deadline=dt.date(year, 12, 31),
        )
        for action_title in actions:
            action = services.task_assign(
                actor=rector,
                assigned_by=college,
                owner=college,
                title=action_title,
                parent=key,
                deadline=dt.date(year, 6 + index, 30),
            )
            services.task_update_progress(
                actor=rector,
                task=action,
                progress=rng.choice([30, 50, 70]),
                note="Đã triển khai theo kế hoạch.",
            )
    return meeting


def _national(world: DemoWorld, today: dt.date) -> None:
    authority = world.org("CUC-GDNN")
    analyst = _actor(world, "national_analyst")
    directive = services.document_register_incoming(
        actor=analyst,
        organisation=authority,
        doc_type=DocumentType.CHI_THI,
        symbol="31/CT-TTg",
        issuing_body="Thủ tướng Chính phủ",
        issued_on=today - dt.timedelta(days=120),
        subject="Về giải pháp phát triển nguồn nhân lực có kỹ năng nghề (văn bản minh họa)",
    )
    briefing = services.meeting_create(
        actor=analyst,
        organisation=authority,
        kind=Meeting.Kind.BRIEFING,
        title=f"Họp giao ban tháng {today.month}/{today.year}",
        held_on=today - dt.timedelta(days=5),
        chair="Lãnh đạo Cục",
        participants="Lãnh đạo Cục; lãnh đạo các phòng, đơn vị thuộc Cục",
        conclusions="Các đơn vị tập trung thực hiện nhiệm vụ trọng tâm những tháng cuối năm; "
        "bám sát thực tiễn các cơ sở GDNN để tham mưu chính sách tháo gỡ vướng mắc.",
        documents=[directive],
    )
    for title, days, priority in [
        ("Tổng hợp, đề xuất chính sách tháo gỡ vướng mắc của các cơ sở GDNN", 25, Priority.HIGH),
        ("Hoàn thiện hồ sơ đề án theo ý kiến của Văn phòng Chính phủ", -4, Priority.HIGH),
        ("Hướng dẫn tuyển sinh, đào tạo trực tuyến bảo đảm chất lượng", 40, Priority.NORMAL),
    ]:
        services.task_assign(
            actor=analyst,
            assigned_by=authority,
            owner=authority,
            meeting=briefing,
            title=title,
            priority=priority,
            deadline=today + dt.timedelta(days=days),
        )
    for kind, title, moves in [
        (
            DraftingProject.Kind.SCHEME,
            "Đề án đào tạo, đào tạo lại người lao động đáp ứng yêu "
            "cầu của cách mạng công nghiệp lần thứ tư",
            ["submitted", "revising"],
        ),
        (
            DraftingProject.Kind.DECISION,
            "Quyết định phê duyệt đề án sắp xếp mạng lưới cơ sở GDNN",
            ["consulting"],
        ),
        (DraftingProject.Kind.STRATEGY, "Chiến lược phát triển GDNN giai đoạn mới", []),
    ]:
        project = services.drafting_create(
            actor=analyst,
            organisation=authority,
            kind=kind,
            title=title,
            owner_unit="Phòng Chính sách",
            due_date=today + dt.timedelta(days=45),
        )
        for step in moves:
            services.drafting_transition(actor=analyst, project=project, to=step)


def _difficulties(world: DemoWorld, submission: Submission) -> None:
    rector = _actor(world, "rector")
    officer = _actor(world, "provincial_officer")
    college = world.org("CD96001")
    services.difficulty_raise(
        actor=rector,
        organisation=college,
        submission=submission,
        category=DifficultyCategory.FINANCE,
        title="Thiếu kinh phí đầu tư thiết bị thực hành cho nghề trọng điểm",
        description="Đề nghị bố trí vốn đầu tư công cho xưởng thực hành.",
    )
    staff = services.difficulty_raise(
        actor=rector,
        organisation=college,
        category=DifficultyCategory.PERSONNEL,
        title="Thiếu nhà giáo đạt chuẩn kỹ năng nghề ở một số nghề mới",
    )
    services.difficulty_answer(
        actor=officer,
        difficulty=staff,
        answer="Sở sẽ phối hợp tổ chức bồi dưỡng kỹ năng nghề cho nhà giáo trong quý tới.",
    )
    services.difficulty_raise(
        actor=rector,
        organisation=college,
        category=DifficultyCategory.POLICY,
        title="Chưa có hướng dẫn cụ thể về giao quyền tự chủ cho trường cao đẳng công lập",
    )
    services.difficulty_raise(
        actor=None,
        organisation=world.org("CD96002"),
        category=DifficultyCategory.TRAINING,
        title="Tuyển sinh trình độ trung cấp giảm so với cùng kỳ",
    )


@demo_step(order=60, name="reporting")
def build_reporting_demo(rng: random.Random, world: DemoWorld) -> None:
    if ReportTemplate.objects.filter(
        name=TEMPLATE_NAME, organisation=world.org("SGDDT-96")
    ).exists():
        return
    services.standard_definitions_ensure()
    today = timezone.localdate()
    reports = _reports(rng, world, today)
    submission = reports["submission"]
    assert isinstance(submission, Submission)
    _documents_and_session(rng, world, today, submission)
    _national(world, today)
    _difficulties(world, submission)
    assert template_items(reports["last"])  # type: ignore[arg-type]
