"""Employment history, teaching assignments with the workload indicator, and the account link:
HR officers write (audited), forms keep typed values with Vietnamese errors, outsiders get 404."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from opentvet.core.access import Actor
from opentvet.core.models import AuditEntry, Membership, User
from opentvet.staff import selectors
from opentvet.staff.models import EmploymentRecord, TeachingAssignment

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


def _pages(teacher_record):
    record = EmploymentRecord.all_objects.filter(staff=teacher_record).first()
    assignment = TeachingAssignment.all_objects.filter(staff=teacher_record).first()
    return [
        reverse("staff:employment_add", args=[teacher_record.pk]),
        reverse("staff:employment_edit", args=[teacher_record.pk, record.pk]),
        reverse("staff:assignment_add", args=[teacher_record.pk]),
        reverse("staff:assignment_edit", args=[teacher_record.pk, assignment.pk]),
        reverse("staff:account", args=[teacher_record.pk]),
    ]


def _endpoints(teacher_record):
    return [
        f"/api/v1/staff/staff/{teacher_record.pk}/employment",
        f"/api/v1/staff/staff/{teacher_record.pk}/assignments",
        f"/api/v1/staff/staff/{teacher_record.pk}/workload",
    ]


@pytest.mark.parametrize("key", [*OUTSIDERS_OF_COLLEGE_A, "teacher", "unit_head"])
def test_outsiders_and_readers_get_404_on_record_writes(login, teacher_record, key):
    client = login(key)
    before = EmploymentRecord.all_objects.filter(staff=teacher_record).count()
    for url in _pages(teacher_record):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"organisation_name": "x"}).status_code == 404, url
    assignment = TeachingAssignment.all_objects.filter(staff=teacher_record).first()
    delete = reverse("staff:assignment_delete", args=[teacher_record.pk, assignment.pk])
    assert client.post(delete).status_code == 404
    assert EmploymentRecord.all_objects.filter(staff=teacher_record).count() == before
    assert TeachingAssignment.all_objects.filter(pk=assignment.pk).exists()


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_record_endpoints(client, token_for, teacher_record, key):
    headers = token_for(key)
    for url in _endpoints(teacher_record):
        assert client.get(url, **headers).status_code == 404, url
    post = client.post(
        f"/api/v1/staff/staff/{teacher_record.pk}/account",
        data=json.dumps({"identifier": "x@example.com"}),
        content_type="application/json",
        **headers,
    )
    assert post.status_code == 404


def test_hr_adds_and_edits_employment_history(login, teacher_record):
    client = login("hr_officer")
    url = reverse("staff:employment_add", args=[teacher_record.pk])
    bad = client.post(
        url,
        {
            "start_date": "2020-05-01",
            "end_date": "2019-01-01",
            "organisation_name": "Phòng Đào tạo",
            "position": "Chuyên viên",
            "decision": "12/QĐ-CĐ",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Ngày kết thúc trước ngày bắt đầu." in body
    assert 'value="12/QĐ-CĐ"' in body  # typed values kept
    ok = client.post(
        url,
        {
            "start_date": "2019-01-01",
            "end_date": "2020-05-01",
            "organisation_name": "Phòng Đào tạo",
            "position": "Chuyên viên",
            "contract_type": "vien_chuc",
            "decision": "12/QĐ-CĐ",
        },
    )
    assert ok.status_code == 302
    record = EmploymentRecord.all_objects.get(staff=teacher_record, decision="12/QĐ-CĐ")
    assert AuditEntry.objects.filter(
        verb="employment_record_add", object_id=str(record.pk)
    ).exists()
    edit = reverse("staff:employment_edit", args=[teacher_record.pk, record.pk])
    assert client.get(edit).status_code == 200
    client.post(
        edit,
        {
            "start_date": "2019-01-01",
            "end_date": "2020-05-01",
            "organisation_name": "Phòng Đào tạo",
            "position": "Phó trưởng phòng",
            "decision": "15/QĐ-CĐ",
        },
    )
    record.refresh_from_db()
    assert record.position == "Phó trưởng phòng"
    entry = AuditEntry.objects.get(verb="employment_record_update", object_id=str(record.pk))
    assert entry.changes["decision"] == ["12/QĐ-CĐ", "15/QĐ-CĐ"]
    page = client.get(reverse("staff:detail", args=[teacher_record.pk])).content.decode()
    assert "15/QĐ-CĐ" in page


def test_workload_shows_over_and_under_the_norm(login, teacher_record):
    client = login("hr_officer")
    year = timezone.localdate().year
    url = reverse("staff:assignment_add", args=[teacher_record.pk])
    bad = client.post(url, {"school_year": year, "subject": "Mạng máy tính", "hours": 0})
    assert bad.status_code == 400
    assert "Số giờ phải từ 1 đến" in bad.content.decode()
    assert 'value="Mạng máy tính"' in bad.content.decode()
    client.post(
        url,
        {"school_year": year, "subject": "Mạng máy tính", "class_name": "CĐ25A", "hours": 300},
    )
    rows = {r["school_year"]: r for r in selectors.workload(teacher_record)}
    assert rows[year]["status"] == "under"  # 300 of the 450-hour cao đẳng norm
    assert rows[year]["difference"] == 150
    page = client.get(reverse("staff:detail", args=[teacher_record.pk])).content.decode()
    assert 'data-status="under"' in page
    assert "Thiếu 150 giờ" in page
    assignment = TeachingAssignment.all_objects.get(staff=teacher_record, school_year=year)
    client.post(
        reverse("staff:assignment_edit", args=[teacher_record.pk, assignment.pk]),
        {"school_year": year, "subject": "Mạng máy tính", "hours": 500},
    )
    assert selectors.workload(teacher_record)[0]["status"] == "over"
    assert AuditEntry.objects.filter(
        verb="teaching_assignment_update", object_id=str(assignment.pk)
    ).exists()
    client.post(reverse("staff:assignment_delete", args=[teacher_record.pk, assignment.pk]))
    assert not TeachingAssignment.all_objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(verb="teaching_assignment_delete").exists()


def test_workload_api(client, token_for, teacher_record):
    headers = token_for("hr_officer")
    response = client.post(
        f"/api/v1/staff/staff/{teacher_record.pk}/assignments",
        data=json.dumps({"school_year": 2020, "subject": "Lập trình", "hours": 460}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    workload = client.get(f"/api/v1/staff/staff/{teacher_record.pk}/workload", **headers).json()
    assert {"school_year": 2020, "status": "over", "difference": 10}.items() <= {
        k: v for r in workload if r["school_year"] == 2020 for k, v in r.items()
    }.items()
    invalid = client.post(
        f"/api/v1/staff/staff/{teacher_record.pk}/employment",
        data=json.dumps(
            {"start_date": "2020-01-01", "end_date": "2019-01-01", "organisation_name": "x"}
        ),
        content_type="application/json",
        **headers,
    )
    assert invalid.status_code == 422


def test_hr_creates_an_account_and_the_teacher_sees_their_record(
    client, login, member, persona_user
):
    senior = member("CD96001", "GV-CU-1")  # a former teacher: no account
    senior.user = None
    hr = login("hr_officer")
    url = reverse("staff:account", args=[senior.pk])
    missing = hr.post(url, {"action": "link", "identifier": "khongco@example.com"})
    assert missing.status_code == 400
    assert "Không tìm thấy tài khoản" in missing.content.decode()
    assert 'value="khongco@example.com"' in missing.content.decode()
    taken = persona_user("rector").email
    clash = hr.post(url, {"action": "create", "email": taken})
    assert clash.status_code == 400
    assert "Đã có tài khoản với thông tin này" in clash.content.decode()
    created = hr.post(url, {"action": "create", "email": "gv.moi@cdcamau.example.vn"})
    assert created.status_code == 302
    senior.refresh_from_db()
    user = User.objects.get(email="gv.moi@cdcamau.example.vn")
    assert senior.user_id == user.pk
    assert Membership.objects.filter(
        user=user, organisation=senior.unit, role_id="teacher", is_active=True
    ).exists()
    assert AuditEntry.objects.filter(verb="staff_member_link_user", object_id=str(senior.pk))
    assert AuditEntry.objects.filter(verb="staff_member_grant_teacher_role").exists()
    client.force_login(user)
    assert client.get(reverse("staff:me")).url == reverse("staff:detail", args=[senior.pk])
    assert client.get(reverse("staff:detail", args=[senior.pk])).status_code == 200


def test_hr_links_an_existing_account_once(login, member, persona_user, teacher_record):
    hr = login("hr_officer")
    other = member("CD96001", "GV-CU-2")
    taken = teacher_record.user
    response = hr.post(
        reverse("staff:account", args=[other.pk]),
        {"action": "link", "identifier": taken.email},
    )
    assert response.status_code == 400
    assert "Tài khoản này đã gắn với hồ sơ khác." in response.content.decode()
    free = persona_user("training_officer")
    ok = hr.post(
        reverse("staff:account", args=[other.pk]), {"action": "link", "identifier": free.email}
    )
    assert ok.status_code == 302
    other.refresh_from_db()
    assert other.user_id == free.pk
    hr.post(reverse("staff:account", args=[other.pk]), {"action": "unlink"})
    other.refresh_from_db()
    assert other.user_id is None


def test_account_service_refuses_a_reader(actor_of, persona_user, member):
    from opentvet.staff import services_records

    reader = actor_of(persona_user("unit_head"))
    assert isinstance(reader, Actor)
    with pytest.raises(PermissionError):
        services_records.staff_member_account_link(
            actor=reader, member=member("CD96001", "GV-CU-3"), identifier="x@example.com"
        )
