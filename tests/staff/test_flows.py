"""The standards cycle and the promotion round, end to end through the pages and services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from opentvet.core.models import AuditEntry
from opentvet.staff import services
from opentvet.staff.models import (
    Assessment,
    Criterion,
    ProfessionalTitle,
    PromotionApplication,
    PromotionRound,
    StaffMember,
    TitleHistory,
)

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


def _current(teacher_record):
    return Assessment.all_objects.get(staff=teacher_record, cycle__year=timezone.localdate().year)


def test_self_then_unit_head_then_institution(login, teacher_record):
    assessment = _current(teacher_record)
    criteria = list(Criterion.objects.filter(standard__framework=assessment.cycle.framework))
    url = reverse("staff:assessment", args=[assessment.pk])

    # The unit head cannot rate before the teacher has self-assessed.
    assert "submit-unit" not in login("unit_head").get(url).content.decode()

    teacher = login("teacher")
    incomplete = {"action": "self", f"met_{criteria[0].pk}": "1"}
    response = teacher.post(url, incomplete)
    assert response.status_code == 400
    assert "Cần tự đánh giá tất cả" in response.content.decode()
    data = {"action": "self", "note": "Đã hoàn thành"}
    for c in criteria:
        data[f"met_{c.pk}"] = "1"
        data[f"evidence_{c.pk}"] = "Giáo án 2025"
    assert teacher.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SELF_DONE

    head = login("unit_head")
    unit = {"action": "unit"}
    for c in criteria:
        unit[f"unit_{c.pk}"] = "1"
    assert head.post(url, unit).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.UNIT_RATED
    # The teacher can no longer change the self-assessment.
    assert teacher.post(url, data).status_code == 404

    rector = login("rector")
    assert rector.post(url, {"action": "rate", "meets": ""}).status_code == 302
    assessment.refresh_from_db()
    # The teacher lacks the IT certificate the level requires: proposed "not met".
    assert assessment.status == Assessment.Status.RATED
    assert assessment.meets_standard is False
    assert AuditEntry.objects.filter(
        verb="assessment_institution_rate", object_id=str(assessment.pk)
    ).exists()
    # This year's verdict is now the teacher's standing, which the dashboards count.
    teacher_record.refresh_from_db()
    assert teacher_record.meets_standard is False
    assert rector.post(url, {"action": "rate", "meets": "1"}).status_code == 302
    teacher_record.refresh_from_db()
    assert teacher_record.meets_standard is True


@pytest.mark.parametrize("key", ["hr_officer", "teacher"])
def test_only_the_right_people_can_rate(login, teacher_record, key):
    assessment = _current(teacher_record)
    url = reverse("staff:assessment", args=[assessment.pk])
    assert login(key).post(url, {"action": "rate"}).status_code == 404
    assert login(key).post(url, {"action": "unit"}).status_code == 404


def test_unit_head_sees_only_their_faculty(login, member):
    client = login("unit_head")
    other = member("CD96001", "GV-KDDT-1")
    assert client.get(reverse("staff:detail", args=[other.pk])).status_code == 404
    own = member("CD96001", "GV-KCNTT-2")
    assert client.get(reverse("staff:detail", args=[own.pk])).status_code == 200


def _round(login, org, target="V.09.02.02"):
    client = login("provincial_officer")
    title = ProfessionalTitle.objects.get(code=target)
    response = client.post(
        reverse("staff:round_create", args=[org("SGDDT-96").pk]),
        {
            "name": "Xét thăng hạng giảng viên chính 2025",
            "method": "xet",
            "target_title": title.pk,
            "reference_date": "2025-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client, response["Location"]


def test_round_eligibility_application_and_decision(login, org, senior_record, teacher_record):
    client, round_url = _round(login, org)
    page = client.get(round_url).content.decode()
    assert senior_record.full_name in page
    assert teacher_record.full_name in page
    assert "cần đủ 9 năm" in page  # the teacher persona: since 2019
    round_id = round_url.rstrip("/").rsplit("/", 1)[-1]

    hr = login("hr_officer")
    hr_page = hr.get(round_url).content.decode()
    assert "Nộp hồ sơ" in hr_page
    assert (
        hr.post(
            reverse("staff:round_apply", args=[round_id]),
            {"staff": senior_record.pk, "evidence_note": "Hồ sơ đầy đủ"},
        ).status_code
        == 302
    )
    application = PromotionApplication.all_objects.get(staff=senior_record)
    assert application.eligible, [r for r in application.explanation if not r["passed"]]

    # The HR officer cannot decide; the authority can.
    decide = reverse("staff:application_decide", args=[round_id, application.pk])
    form = {"passed": "1", "decision": "123/QĐ-SGDĐT", "effective_date": "2026-01-01"}
    assert hr.post(decide, form).status_code == 404
    assert login("provincial_officer").post(decide, form).status_code == 302
    senior_record.refresh_from_db()
    assert senior_record.title.code == "V.09.02.02"
    assert senior_record.title_since == dt.date(2026, 1, 1)
    history = list(TitleHistory.all_objects.filter(staff=senior_record).order_by("effective_date"))
    assert [h.title.code for h in history] == ["V.09.02.03", "V.09.02.02"]
    assert history[-1].decision == "123/QĐ-SGDĐT"


def test_an_ineligible_candidate_cannot_pass(login, org, teacher_record, persona_user, actor_of):
    _client, round_url = _round(login, org)
    round_id = round_url.rstrip("/").rsplit("/", 1)[-1]

    promotion_round = PromotionRound.objects.get(pk=round_id)
    hr = actor_of(persona_user("hr_officer"))
    application = services.application_submit(
        actor=hr, promotion_round=promotion_round, member=teacher_record
    )
    assert not application.eligible
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=actor_of(persona_user("provincial_officer")),
            application=application,
            passed=True,
            decision="1/QĐ",
            effective_date=dt.date(2026, 1, 1),
        )


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_round_of_another_province_is_404(login, org, key):
    _client, round_url = _round(login, org)
    assert login(key).get(round_url).status_code == 404


def test_institutions_cannot_open_rounds(login, college_a, org):
    assert (
        login("rector").get(reverse("staff:round_create", args=[college_a.pk])).status_code == 404
    )
    assert (
        login("hr_officer")
        .get(reverse("staff:round_create", args=[org("SGDDT-96").pk]))
        .status_code
        == 404
    )


def test_dashboard_panels_show_standardisation(login):
    body = login("provincial_officer").get("/").content.decode()
    assert "Nhà giáo đạt chuẩn theo cơ sở" in body
    assert "Trường Cao đẳng Kinh tế - Kỹ thuật Bạc Liêu" in body
    assert "Cà Mau" in body
    national = login("national_analyst").get("/").content.decode()
    assert "Hà Nội" in national and "Cà Mau" in national
    other = login("other_provincial_officer").get("/").content.decode()
    assert "Bạc Liêu" not in other


def test_panel_lists_the_lowest_institutions_first_and_links_to_all(
    monkeypatch, actor_of, persona_user
):
    from opentvet.staff import selectors

    actor = actor_of(persona_user("national_analyst"))
    everything = selectors.standardisation_for_actor(actor)["by_institution"]
    assert len(everything) > 2
    monkeypatch.setattr(selectors, "PANEL_INSTITUTIONS", 2)
    panel = selectors.standardisation_panel(actor)
    assert panel["more_institutions"] is True
    shown = panel["by_institution"]
    lowest = sorted(r["met"] / r["total"] for r in everything)[:2]
    assert [r["met"] / r["total"] for r in shown] == lowest
    assert len(panel["by_province"]) > 1


def test_teacher_dashboard_shows_own_gaps_and_expiry(login):
    body = login("teacher").get("/").content.decode()
    assert "Hồ sơ nhà giáo của tôi" in body
    assert "Chứng chỉ tiếng Anh bậc 2" in body  # expires in 45 days


def test_expiry_command_records_alerts_once_a_day(capsys):
    call_command("staff_expiry_alerts", "--days", "60")
    call_command("staff_expiry_alerts", "--days", "60")
    out = capsys.readouterr().out
    assert "Nguyễn Văn An" in out
    assert "tochuc@cdbaclieu.demo.opentvet.vn" in out
    entries = AuditEntry.all_objects.filter(verb="qualification_expiry_alert")
    assert entries.count() == entries.values("object_id").distinct().count() > 0


def test_demo_step_is_idempotent():
    import random

    from opentvet.demo.builder import build_core_world
    from opentvet.staff.demo import build_staff
    from opentvet.staff.models import (
        DevelopmentActivity,
        DevelopmentPlan,
        DevelopmentPlanItem,
        EmploymentRecord,
        TeachingAssignment,
    )

    def counts() -> tuple[int, ...]:
        return tuple(
            model.all_objects.count()
            for model in [
                StaffMember,
                Assessment,
                TeachingAssignment,
                EmploymentRecord,
                DevelopmentPlan,
                DevelopmentPlanItem,
                DevelopmentActivity,
            ]
        )

    before = counts()
    world = build_core_world(random.Random(2026))
    build_staff(random.Random("2026-staff"), world)
    assert counts() == before
