"""Staff pages: outsiders get 404 everywhere, teachers see only themselves, personal data only
for HR roles, and the forms keep what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from opentvet.core.models import AuditEntry
from opentvet.staff.models import AssessmentCycle, Qualification, StaffMember

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


def _college_pages(college_a, teacher_record):
    q = Qualification.all_objects.filter(staff=teacher_record).first()
    cycle = AssessmentCycle.all_objects.filter(institution=college_a).first()
    assessment = teacher_record.assessments.first()
    return [
        ("staff:list", [college_a.pk]),
        ("staff:create", [college_a.pk]),
        ("staff:cycles", [college_a.pk]),
        ("staff:lean", [college_a.pk]),
        ("staff:export", [college_a.pk, "ho-so"]),
        ("staff:export", [college_a.pk, "van-bang"]),
        ("staff:import", [college_a.pk, "staff"]),
        ("staff:cycle_detail", [cycle.pk]),
        ("staff:assessment", [assessment.pk]),
        ("staff:detail", [teacher_record.pk]),
        ("staff:edit", [teacher_record.pk]),
        ("staff:qualification_add", [teacher_record.pk]),
        ("staff:qualification_file", [teacher_record.pk, q.pk]),
        ("staff:development_add", [teacher_record.pk]),
    ]


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_staff_page(login, college_a, teacher_record, key):
    client = login(key)
    for name, args in _college_pages(college_a, teacher_record):
        url = reverse(name, args=args)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"full_name": "x"}).status_code in {404, 405}, url


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_cannot_write(login, teacher_record, key):
    client = login(key)
    before = Qualification.all_objects.filter(staff=teacher_record).count()
    client.post(
        reverse("staff:qualification_add", args=[teacher_record.pk]),
        {"kind": "it", "rank": 1, "name": "Chiếm quyền"},
    )
    client.post(reverse("staff:edit", args=[teacher_record.pk]), {"full_name": "Chiếm quyền"})
    assert Qualification.all_objects.filter(staff=teacher_record).count() == before
    teacher_record.refresh_from_db()
    assert teacher_record.full_name != "Chiếm quyền"


@pytest.mark.parametrize(
    "url", ["/nhan-su/abc/", "/nhan-su/0/", "/nhan-su/co-so/-1/", "/nhan-su/thang-hang/x/"]
)
def test_malformed_ids_are_404(login, url):
    assert login("hr_officer").get(url).status_code == 404


def test_teacher_sees_only_their_own_record(login, teacher_record, senior_record, college_a):
    client = login("teacher")
    assert client.get(reverse("staff:me")).status_code == 302
    own = client.get(reverse("staff:detail", args=[teacher_record.pk]))
    assert own.status_code == 200
    body = own.content.decode()
    assert teacher_record.full_name in body
    assert 'data-testid="unit-figures"' in body  # the unit's aggregates, not its people
    assert client.get(reverse("staff:detail", args=[senior_record.pk])).status_code == 404
    assert client.get(reverse("staff:list", args=[college_a.pk])).status_code == 404
    assert client.get(reverse("staff:edit", args=[teacher_record.pk])).status_code == 404


def test_personal_data_only_for_hr_roles(login, teacher_record):
    url = reverse("staff:detail", args=[teacher_record.pk])
    hr = login("hr_officer").get(url).content.decode()
    assert teacher_record.citizen_id in hr and "personal-coefficient" in hr
    for key in ["teacher", "unit_head", "provincial_officer"]:
        body = login(key).get(url).content.decode()
        assert teacher_record.citizen_id not in body, key
        assert "personal-coefficient" not in body, key


def test_export_has_personal_columns_only_for_hr(login, college_a):
    import io

    from openpyxl import load_workbook

    url = reverse("staff:export", args=[college_a.pk, "ho-so"])
    hr = load_workbook(io.BytesIO(login("hr_officer").get(url).content))
    headers = [c.value for c in next(hr.active.iter_rows(max_row=1))]
    assert "Số CCCD" in headers
    analyst = load_workbook(io.BytesIO(login("national_analyst").get(url).content))
    headers = [c.value for c in next(analyst.active.iter_rows(max_row=1))]
    assert "Số CCCD" not in headers and "Họ và tên" in headers


def test_hr_adds_a_teacher_keeping_input_on_errors(login, college_a, org):
    client = login("hr_officer")
    url = reverse("staff:create", args=[college_a.pk])
    data = {
        "code": "GV-MOI",
        "full_name": "Phạm Thị Mới",
        "category": "teacher",
        "contract_type": "vien_chuc",
        "unit": org("CD96001-KCNTT").pk,
        "teaching_level": "",
        "citizen_id": "123",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nhà giáo cần có trình độ giảng dạy." in body
    assert "Số CCCD gồm đúng 12 chữ số." in body
    assert "Phạm Thị Mới" in body
    data.update(teaching_level="cao_dang", citizen_id="096190001111")
    response = client.post(url, data)
    assert response.status_code == 302
    created = StaffMember.all_objects.get(institution=college_a, code="GV-MOI")
    assert AuditEntry.objects.filter(verb="staff_member_create", object_id=str(created.pk)).exists()


def test_qualification_with_evidence_and_alert(login, teacher_record, persona_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("hr_officer")
    soon = timezone.localdate() + dt.timedelta(days=20)
    response = client.post(
        reverse("staff:qualification_add", args=[teacher_record.pk]),
        {
            "kind": "licence",
            "rank": 1,
            "name": "Giấy chứng nhận huấn luyện an toàn",
            "expires_on": soon.isoformat(),
            "evidence": SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Giấy chứng nhận huấn luyện an toàn" in home
    teacher_home = login("teacher").get("/").content.decode()
    assert "Giấy chứng nhận huấn luyện an toàn" in teacher_home
    q = Qualification.all_objects.get(name="Giấy chứng nhận huấn luyện an toàn")
    download = login("teacher").get(
        reverse("staff:qualification_file", args=[teacher_record.pk, q.pk])
    )
    assert download.status_code == 200


def test_rank_must_fit_the_kind(login, teacher_record):
    response = login("hr_officer").post(
        reverse("staff:qualification_add", args=[teacher_record.pk]),
        {"kind": "it", "rank": 5, "name": "Tin học"},
    )
    assert response.status_code == 400
    assert "Mức này không có" in response.content.decode()


def test_gap_list_names_the_missing_certificate(login, teacher_record):
    body = login("teacher").get(reverse("staff:detail", args=[teacher_record.pk])).content
    text = body.decode()
    assert "Chứng chỉ ứng dụng công nghệ thông tin cơ bản" in text
    assert "Chưa có" in text


@pytest.mark.parametrize("name", ["staff:home", "staff:rounds", "staff:standardisation"])
def test_overview_pages_load(login, name):
    assert login("provincial_officer").get(reverse(name)).status_code == 200


def test_home_is_404_for_people_without_staff_access(login):
    assert login("student").get(reverse("staff:home")).status_code == 404
    assert login("student").get(reverse("staff:standardisation")).status_code == 404


def test_lean_page(login, college_a):
    response = login("rector").get(reverse("staff:lean", args=[college_a.pk]))
    assert response.status_code == 200
    assert "Cơ cấu nhân sự" in response.content.decode()
