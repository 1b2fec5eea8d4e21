"""Staff API: outsiders get 404 in the one error format; personal fields only for HR roles."""

from __future__ import annotations

import json

import pytest

from opentvet.staff.models import StaffMember

from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


def _endpoints(college_a, teacher_record):
    return [
        f"/api/v1/staff/institutions/{college_a.pk}/staff",
        f"/api/v1/staff/staff/{teacher_record.pk}",
        f"/api/v1/staff/staff/{teacher_record.pk}/qualifications",
        f"/api/v1/staff/staff/{teacher_record.pk}/gaps",
    ]


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404(client, token_for, college_a, teacher_record, key):
    headers = token_for(key)
    for url in _endpoints(college_a, teacher_record):
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    post = client.post(
        f"/api/v1/staff/staff/{teacher_record.pk}/qualifications",
        data=json.dumps({"kind": "it", "rank": 1, "name": "x"}),
        content_type="application/json",
        **headers,
    )
    assert post.status_code == 404
    create = client.post(
        f"/api/v1/staff/institutions/{college_a.pk}/staff",
        data=json.dumps(
            {"code": "X", "full_name": "X", "category": "support", "contract_type": "vien_chuc"}
        ),
        content_type="application/json",
        **headers,
    )
    assert create.status_code == 404


def test_personal_fields_only_for_hr(client, token_for, teacher_record):
    url = f"/api/v1/staff/staff/{teacher_record.pk}"
    hr = client.get(url, **token_for("hr_officer")).json()
    assert hr["citizen_id"] == teacher_record.citizen_id
    assert "salary_coefficient" in hr
    for key in ["teacher", "unit_head", "national_analyst", "provincial_officer"]:
        body = client.get(url, **token_for(key)).json()
        assert "citizen_id" not in body and "salary_coefficient" not in body, key


def test_teacher_reaches_only_self(client, token_for, teacher_record, senior_record):
    headers = token_for("teacher")
    assert client.get(f"/api/v1/staff/staff/{teacher_record.pk}", **headers).status_code == 200
    gaps = client.get(f"/api/v1/staff/staff/{teacher_record.pk}/gaps", **headers).json()
    assert any("công nghệ thông tin" in g["requirement"] for g in gaps)
    assert client.get(f"/api/v1/staff/staff/{senior_record.pk}", **headers).status_code == 404


def test_hr_creates_with_validation_errors_in_the_one_format(client, token_for, college_a):
    headers = token_for("hr_officer")
    url = f"/api/v1/staff/institutions/{college_a.pk}/staff"
    bad = client.post(
        url,
        data=json.dumps(
            {
                "code": "GV-API",
                "full_name": "A",
                "category": "teacher",
                "contract_type": "vien_chuc",
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422
    assert "teaching_level" in bad.json()["error"]["details"]
    good = client.post(
        url,
        data=json.dumps(
            {
                "code": "GV-API",
                "full_name": "Lê Văn API",
                "category": "teacher",
                "contract_type": "vien_chuc",
                "teaching_level": "cao_dang",
                "title_code": "V.09.02.03",
                "title_since": "2020-09-01",
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert good.status_code == 201, good.content
    assert StaffMember.all_objects.filter(institution=college_a, code="GV-API").exists()


def test_standardisation_and_rounds(client, token_for):
    body = client.get("/api/v1/staff/standardisation", **token_for("national_analyst")).json()
    provinces = {row["label"] for row in body["by_province"]}
    assert {"Tỉnh Cà Mau", "Thành phố Hà Nội"} & provinces or len(provinces) >= 2
    other = client.get("/api/v1/staff/standardisation", **token_for("other_provincial_officer"))
    names = {row["label"] for row in other.json()["by_institution"]}
    assert not any("Bạc Liêu" in (n or "") for n in names)
    assert client.get("/api/v1/staff/rounds", **token_for("hr_officer")).status_code == 200


def test_round_candidates_outsider_404(client, token_for, org, persona_user, actor_of):
    import datetime as dt

    from opentvet.staff import services
    from opentvet.staff.models import ProfessionalTitle

    promotion_round = services.round_create(
        actor=actor_of(persona_user("provincial_officer")),
        organisation=org("SGDDT-96"),
        name="Xét thăng hạng",
        method="xet",
        target_title=ProfessionalTitle.objects.get(code="V.09.02.02"),
        reference_date=dt.date(2025, 12, 31),
    )
    url = f"/api/v1/staff/rounds/{promotion_round.pk}/candidates"
    ok = client.get(url, **token_for("provincial_officer"))
    assert ok.status_code == 200
    assert any(c["eligible"] for c in ok.json())
    for key in OUTSIDERS_OF_COLLEGE_A:
        assert client.get(url, **token_for(key)).status_code == 404
