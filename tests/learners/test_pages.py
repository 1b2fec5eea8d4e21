"""Pages and endpoints: outsiders get 404 everywhere, insiders see them, teachers only their
modules, the public tracer link works without login, documents render."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from opentvet.core.access import Actor
from opentvet.core.services import api_token_create
from opentvet.learners import services
from opentvet.learners.models import (
    ClassGroup,
    DiplomaEntry,
    ModuleOffering,
    ModuleResult,
    Student,
    TracerSurvey,
)

from .conftest import pass_all
from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def world_a(college_a, persona_user):
    """Demo rows of college A: a graduated class, a current class, one of its offerings."""
    graduated = ClassGroup.all_objects.get(institution=college_a, code="CD22CNTT1")
    current = ClassGroup.all_objects.get(institution=college_a, code="CD25CNTT1")
    teacher = persona_user("teacher")
    own = ModuleOffering.all_objects.filter(class_group=current, teacher=teacher).first()
    other = ModuleOffering.all_objects.filter(class_group=current).exclude(teacher=teacher).first()
    student = Student.all_objects.get(user=persona_user("student"))
    diploma = DiplomaEntry.all_objects.filter(institution=college_a).first()
    survey = TracerSurvey.all_objects.filter(institution=college_a).first()
    return {
        "graduated": graduated,
        "current": current,
        "own": own,
        "other": other,
        "student": student,
        "diploma": diploma,
        "survey": survey,
    }


def scoped_urls(w):
    return [
        reverse("learners:student_detail", args=[w["student"].pk]),
        reverse("learners:student_transcript", args=[w["student"].pk, "pdf"]),
        reverse("learners:student_transcript", args=[w["student"].pk, "docx"]),
        reverse("learners:class_detail", args=[w["current"].pk]),
        reverse("learners:class_transcripts", args=[w["graduated"].pk]),
        reverse("learners:offering_detail", args=[w["own"].pk]),
        reverse("learners:diploma", args=[w["diploma"].pk, "pdf"]),
        reverse("learners:diploma", args=[w["diploma"].pk, "docx"]),
        reverse("learners:student_create", args=[w["current"].institution_id]),
        reverse("learners:class_create", args=[w["current"].institution_id]),
        reverse("learners:import", args=[w["current"].institution_id, "nguoi-hoc"]),
        reverse("learners:tracer_enter", args=[w["survey"].pk]),
    ]


def scoped_posts(w):
    student, current, own = w["student"], w["current"], w["own"]
    return [
        (
            reverse("learners:student_status", args=[student.pk]),
            {"to_status": "paused", "effective_date": "2026-01-01", "decision_number": "1"},
        ),
        (reverse("learners:class_enrol", args=[current.pk]), {"students": [student.pk]}),
        (reverse("learners:class_offering", args=[current.pk]), {"module": "1"}),
        (
            reverse("learners:class_graduate", args=[current.pk]),
            {"number": "1", "decided_on": "2026-01-01", "students": [student.pk]},
        ),
        (reverse("learners:tracer_open", args=[w["graduated"].pk]), {"wave": "6"}),
        (reverse("learners:offering_grade", args=[own.pk, student.pk]), {"cc": "9", "thi": "9"}),
        (reverse("learners:offering_lock", args=[own.pk]), {}),
        (
            reverse("learners:offering_session", args=[own.pk]),
            {"held_on": "2026-01-01", "hours": "4"},
        ),
        (reverse("learners:tracer_remind", args=[w["survey"].pk]), {}),
    ]


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_page(login, world_a, key):
    client = login(key)
    for url in scoped_urls(world_a):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_post_and_nothing_changes(login, world_a, key):
    client = login(key)
    before = Student.all_objects.get(pk=world_a["student"].pk).status
    for url, data in scoped_posts(world_a):
        assert client.post(url, data).status_code == 404, url
    assert Student.all_objects.get(pk=world_a["student"].pk).status == before


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_lists_do_not_show_college_a(login, world_a, key):
    client = login(key)
    for name in [
        "learners:student_list",
        "learners:class_list",
        "learners:register",
        "learners:tracer_list",
    ]:
        html = client.get(reverse(name)).content.decode()
        assert world_a["student"].full_name not in html
        assert "CD22CNTT1" not in html and "CD25CNTT1" not in html


@pytest.fixture
def token_for(persona_user):
    def make(key):
        _t, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="t")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_every_endpoint(client, token_for, world_a, key):
    headers = token_for(key)
    w = world_a
    for path in [
        f"/api/v1/learners/students/{w['student'].pk}",
        f"/api/v1/learners/students/{w['student'].pk}/transcript",
        f"/api/v1/learners/students/{w['student'].pk}/graduation-check",
        f"/api/v1/learners/classes/{w['current'].pk}",
        f"/api/v1/learners/offerings/{w['own'].pk}/results",
        f"/api/v1/learners/institutions/{w['current'].institution_id}/outcomes",
    ]:
        response = client.get(path, **headers)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"
    put = client.put(
        f"/api/v1/learners/offerings/{w['own'].pk}/results",
        data=json.dumps([{"student_id": w["student"].pk, "scores": {"cc": 9, "thi": 9}}]),
        content_type="application/json",
        **headers,
    )
    assert put.status_code == 404
    for path in [
        "/api/v1/learners/students",
        "/api/v1/learners/classes",
        "/api/v1/learners/diplomas",
    ]:
        body = client.get(path + "?limit=500", **headers).json()
        assert all(
            item.get("institution_id") != w["current"].institution_id for item in body["items"]
        )
        assert "CD25CNTT1" not in json.dumps(body, ensure_ascii=False)


def test_insiders_see_pages_and_documents_render(login, world_a):
    client = login("training_officer")
    for url in scoped_urls(world_a):
        response = client.get(url)
        assert response.status_code == 200, url
    pdf = client.get(reverse("learners:class_transcripts", args=[world_a["graduated"].pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("learners:student_transcript", args=[world_a["student"].pk, "docx"]))
    assert docx.content.startswith(b"PK")
    for name in [
        "learners:student_list",
        "learners:class_list",
        "learners:register",
        "learners:tracer_list",
    ]:
        assert client.get(reverse(name)).status_code == 200
    xlsx = client.get(reverse("learners:student_list") + "?format=xlsx")
    assert xlsx.content.startswith(b"PK")
    assert client.get(reverse("learners:register") + "?format=xlsx").content.startswith(b"PK")


def test_teacher_cannot_edit_grades_of_a_module_they_do_not_teach(
    login, world_a, persona_user, client, token_for
):
    w = world_a
    teacher = login("teacher")
    # Own module: saves through htmx and answers the row.
    ok = teacher.post(
        reverse("learners:offering_grade", args=[w["own"].pk, w["student"].pk]),
        {"cc": "8", "thi": "9"},
        HTTP_HX_REQUEST="true",
    )
    assert ok.status_code == 200
    assert ModuleResult.all_objects.get(offering=w["own"], student=w["student"]).final_score
    # Another teacher's module: 404, nothing written.
    before = list(ModuleResult.all_objects.filter(offering=w["other"]).values_list("scores"))
    bad = teacher.post(
        reverse("learners:offering_grade", args=[w["other"].pk, w["student"].pk]),
        {"cc": "1", "thi": "1"},
    )
    assert bad.status_code == 404
    assert teacher.post(reverse("learners:offering_lock", args=[w["own"].pk])).status_code == 404
    api = client.put(
        f"/api/v1/learners/offerings/{w['other'].pk}/results",
        data=json.dumps([{"student_id": w["student"].pk, "scores": {"cc": 1, "thi": 1}}]),
        content_type="application/json",
        **token_for("teacher"),
    )
    assert api.status_code == 404
    assert (
        list(ModuleResult.all_objects.filter(offering=w["other"]).values_list("scores")) == before
    )
    # The teacher sees their teaching page and the class they teach, not the student directory.
    assert w["own"].module.code in teacher.get(reverse("learners:teaching")).content.decode()
    assert teacher.get(reverse("learners:class_detail", args=[w["current"].pk])).status_code == 200
    assert (
        teacher.get(reverse("learners:student_detail", args=[w["student"].pk])).status_code == 404
    )


def test_grade_entry_error_keeps_what_was_typed(login, world_a):
    response = login("teacher").post(
        reverse("learners:offering_grade", args=[world_a["own"].pk, world_a["student"].pk]),
        {"cc": "12,5", "thi": "7"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "từ 0 đến 10" in html and 'value="12,5"' in html


def test_student_sees_only_their_own_record(login, world_a, college_a):
    client = login("student")
    own = world_a["student"]
    assert client.get(reverse("learners:my_record")).status_code == 302
    assert client.get(reverse("learners:student_detail", args=[own.pk])).status_code == 200
    other = Student.all_objects.filter(institution=college_a).exclude(pk=own.pk).first()
    assert client.get(reverse("learners:student_detail", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse("learners:class_detail", args=[own.class_group_id])).status_code == 404
    )
    home = client.get("/").content.decode()
    assert 'data-testid="panel-my-results"' in home


def test_teacher_dashboard_shows_classes_and_absence_flags(login):
    home = login("teacher").get("/").content.decode()
    assert 'data-testid="panel-teaching"' in home
    assert 'data-testid="absence-flags"' in home


def test_public_tracer_link_needs_no_login_and_answers_once(client, persona_user, college_a):
    officer = Actor.for_user(persona_user("training_officer"))
    graduate = (
        Student.all_objects.filter(institution=college_a, status="graduated")
        .exclude(tracer_surveys__wave=6)
        .first()
        or Student.all_objects.filter(institution=college_a, status="graduated").first()
    )
    TracerSurvey.all_objects.filter(student=graduate).delete()
    _survey, raw = services.tracer_create(actor=officer, student=graduate, wave=6)
    url = reverse("learners:tracer_public", args=[raw])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"employed": "yes"})
    assert bad.status_code == 400 and "đúng ngành" in bad.content.decode()
    done = client.post(url, {"employed": "yes", "in_field": "no", "employer": "Cty A"})
    assert "Cảm ơn" in done.content.decode()
    again = client.post(url, {"employed": "no"})
    assert "đã được trả lời" in again.content.decode()
    assert client.get(reverse("learners:tracer_public", args=["khong-co"])).status_code == 404


def test_public_outcomes_show_the_response_rate(client, college_a):
    html = client.get(reverse("learners:outcomes_public", args=[college_a.pk])).content.decode()
    assert 'data-testid="employment-rate"' in html and "tỷ lệ phản hồi" in html


def test_forms_keep_typed_values_with_vietnamese_errors(login, college_a):
    response = login("training_officer").post(
        reverse("learners:student_create", args=[college_a.pk]),
        {
            "code": "X1",
            "full_name": "Lê Văn Tám",
            "date_of_birth": "2006-01-02",
            "gender": "male",
            "ethnicity": "Kinh",
            "citizen_id": "12345",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "12 chữ số" in html and "Lê Văn Tám" in html


def test_graduation_through_the_class_page(
    login, college_a, officer, offerings_a, students_a, class_a
):
    pass_all(officer, offerings_a, students_a)
    client = login("training_officer")
    response = client.post(
        reverse("learners:class_graduate", args=[class_a.pk]),
        {
            "number": "77/QĐ-CĐBL",
            "decided_on": "2026-07-01",
            "students": [s.pk for s in students_a],
        },
    )
    assert response.status_code == 302
    assert DiplomaEntry.all_objects.filter(student__in=students_a).count() == 3
    assert (
        dt.date(2026, 7, 1)
        == DiplomaEntry.all_objects.filter(student=students_a[0]).get().issued_on
    )
    pdf = client.get(reverse("learners:class_transcripts", args=[class_a.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert io.BytesIO(pdf.content).getbuffer().nbytes > 1000


def test_unit_staff_see_the_status_history(login, college_a):
    graduate = Student.all_objects.filter(institution=college_a, status="graduated").first()
    html = (
        login("training_officer")
        .get(reverse("learners:student_detail", args=[graduate.pk]))
        .content.decode()
    )
    assert "412/QĐ-CĐKTKT" in html


def test_api_for_insiders_and_the_teacher(client, token_for, world_a):
    w = world_a
    officer = token_for("training_officer")
    body = client.get("/api/v1/learners/students?q=CD25CNTT&limit=100", **officer).json()
    assert body["count"] >= 20
    detail = client.get(f"/api/v1/learners/students/{w['student'].pk}/transcript", **officer)
    assert detail.status_code == 200 and detail.json()["results"]
    check = client.get(f"/api/v1/learners/students/{w['student'].pk}/graduation-check", **officer)
    assert check.json()["eligible"] is False and check.json()["missing"]
    put = client.put(
        f"/api/v1/learners/offerings/{w['own'].pk}/results",
        data=json.dumps([{"student_id": w["student"].pk, "scores": {"cc": "6,5", "thi": 7}}]),
        content_type="application/json",
        **token_for("teacher"),
    )
    assert put.status_code == 200
    row = next(r for r in put.json() if r["student_id"] == w["student"].pk)
    assert row["final_score"] == "6.8"
    bad = client.put(
        f"/api/v1/learners/offerings/{w['own'].pk}/results",
        data=json.dumps([{"student_id": w["student"].pk, "scores": {"cc": 12, "thi": 7}}]),
        content_type="application/json",
        **token_for("teacher"),
    )
    assert bad.status_code == 422
    outcome = client.get(
        f"/api/v1/learners/institutions/{w['current'].institution_id}/outcomes", **officer
    ).json()
    assert outcome["response_rate"] is not None


def test_every_list_exports(login):
    client = login("training_officer")
    for name in [
        "learners:student_list",
        "learners:class_list",
        "learners:register",
        "learners:tracer_list",
    ]:
        response = client.get(reverse(name) + "?format=xlsx")
        assert response.content.startswith(b"PK"), name
