"""Learners with known results, graded under the dated rules of Thông tư 04/2022/TT-BLĐTBXH in
both training modes: transcripts, graduation checks, the diploma register, the recompute dry run,
the API's rules and basis, outsiders. Each test names the article it checks."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.urls import reverse

from opentvet.core.access import Actor
from opentvet.core.models import AuditEntry
from opentvet.core.services import api_token_create
from opentvet.learners import grading, grading_services, selectors, services
from opentvet.learners.models import ClassGroup, DiplomaEntry, ModuleResult, Student
from opentvet.learners.recompute import grading_recompute_apply, grading_recompute_plan
from opentvet.programmes.models import ProgrammeModule

from .conftest import make_version, student_data
from support import OUTSIDERS_OF_COLLEGE_A

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 6, 30)


@pytest.fixture
def token_for(persona_user):
    def make(key):
        _t, raw = api_token_create(actor=Actor.for_user(persona_user(key)), name="t")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def _cohort(officer, institution, mode, code, students=3):
    """A class of ``mode`` started 05/09/2023 with four 3-credit modules and physical education
    (2 credits, conditional), every module offered in term 1 of 2023-2024."""
    version = make_version(institution, code=f"V-{code}", modules=4, credits=3)
    ProgrammeModule.all_objects.create(
        version=version, code="MH90", name="Giáo dục thể chất", credits=2, order=90
    )
    version.total_credits = 14
    version.save(update_fields=["total_credits"])
    group = services.class_create(
        actor=officer,
        institution=institution,
        data={
            "code": code,
            "name": f"Lớp {code}",
            "intake_year": 2023,
            "programme_version": version,
            "training_mode": mode,
            "start_date": dt.date(2023, 9, 5),
        },
    )
    rows = [
        services.student_create(
            actor=officer, institution=institution, data=student_data(700 + i + len(code) * 10)
        )
        for i in range(students)
    ]
    services.student_enrol(actor=officer, class_group=group, students=rows)
    offerings = {
        m.code: services.offering_create(
            actor=officer, class_group=group, module=m, teacher=None, school_year="2023-2024"
        )
        for m in version.modules.all()
    }
    return group, rows, offerings


def _enter(officer, offering, student, cc, thi, resit=None):
    row = {"cc": str(cc), "thi": str(thi)}
    if resit is not None:
        row["resit"] = str(resit)
    services.results_enter(actor=officer, offering=offering, rows={student.pk: row})


def _refresh(student):
    return Student.all_objects.select_related("class_group", "institution").get(pk=student.pk)


def test_credit_learner_gpa_letters_standing_without_physical_education(officer, college_a):
    """Khoản 4 Điều 16 (physical education outside every GPA) and the credit-based scale and
    bands (A/B/C/D/F → 4/3/2/1/0; 3.50/3.00/2.50/2.00)."""
    _group, (s, *_rest), offerings = _cohort(officer, college_a, grading.CREDIT, "TC-A")
    # MĐ01 9.0 → A 4; MĐ02 8.0 → B 3; MĐ03 7.0 → B 3; MĐ04 8.5 → A 4; GDTC 6.0 → C 2 (excluded)
    for code, value in (("MĐ01", 9), ("MĐ02", 8), ("MĐ03", 7), ("MĐ04", "8.5"), ("MH90", 6)):
        _enter(officer, offerings[code], s, value, value)
    (t,) = selectors.transcripts([_refresh(s)])
    letters = {r.offering.module.code: (r.letter, r.grade_point) for r in t.results}
    assert letters["MĐ02"] == ("B", D("3"))
    assert letters["MH90"] == ("C", D("2"))
    gdtc = next(r for r in t.results if r.offering.module.code == "MH90")
    assert gdtc.conditional
    assert t.gpa == D("3.50")  # (4+3+3+4)·3/12; with GDTC it would be 46/14 = 3.29
    assert t.standing_code == "excellent" and t.standing == "Xuất sắc"
    assert "khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH" in t.gpa_basis
    assert "(chưa xác minh)" not in t.gpa_basis


def test_credit_graduation_class_drop_and_register(officer, college_a):
    """Điều 21 drop rule on the credit graduation class (one resit drops xuất sắc, a resit of a
    conditional subject does not count), graduation GPA ≥ 2.00; the register keeps the basis."""
    group, (s1, s2, s3), offerings = _cohort(officer, college_a, grading.CREDIT, "TC-B")
    for code in ("MĐ01", "MĐ02", "MĐ03", "MĐ04"):
        _enter(officer, offerings[code], s1, 9, 9)
        _enter(officer, offerings[code], s3, 6, 6)  # C → 2.00: trung bình
    _enter(officer, offerings["MH90"], s1, 6, 2, resit=6)  # resit of physical education only
    for code in ("MĐ01", "MĐ02", "MĐ03"):
        _enter(officer, offerings[code], s2, 9, 9)
    _enter(officer, offerings["MĐ04"], s2, 6, 2, resit=9)  # one resit: 6·0.4+9·0.6 = 7.8 → B
    _enter(officer, offerings["MH90"], s2, 7, 7)
    _enter(officer, offerings["MH90"], s3, 7, 7)
    c1 = selectors.graduation_eligibility(_refresh(s1), on=DECIDED)
    c2 = selectors.graduation_eligibility(_refresh(s2), on=DECIDED)
    c3 = selectors.graduation_eligibility(_refresh(s3), on=DECIDED)
    assert c1.eligible and c1.gpa == D("4.00") and c1.classification == "excellent"
    assert c1.resits == 0  # physical education's resit is not counted
    assert c2.gpa == D("3.75") and c2.class_before_drop == "excellent"
    assert c2.classification == "very_good" and c2.dropped_because
    assert c3.gpa == D("2.00") and c3.classification == "average" and c3.eligible
    assert "Căn cứ:" in c2.basis and "Điều 21" in c2.basis
    services.graduation_decide(
        actor=officer,
        institution=college_a,
        number="99/QĐ-TEST",
        decided_on=DECIDED,
        students=[_refresh(s1), _refresh(s2)],
    )
    entry = DiplomaEntry.all_objects.get(student=s2)
    assert entry.classification == "very_good"
    assert entry.gpa == D("3.75")
    assert entry.classification_basis.startswith("Căn cứ:")
    assert group.training_mode == grading.CREDIT


def test_year_based_learner_gpa_progress_graduation_score_and_drop(officer, college_a):
    """Điều 21 (10-point standings, drop rule), Điều 22 (progress), Điều 27 (graduation score
    (3·ĐTB + 2·practical + theory)/6, each graduation exam ≥ 5.0), khoản 4 Điều 16."""
    _group, (s1, s2, _s3), offerings = _cohort(officer, college_a, grading.YEAR, "NC-A")
    for code in ("MĐ01", "MĐ02", "MĐ03", "MĐ04"):
        _enter(officer, offerings[code], s1, 9, 9)
    _enter(officer, offerings["MH90"], s1, 5, 5)  # would pull the mean down if counted
    for code, value in (("MĐ01", 4), ("MĐ02", 4), ("MĐ03", 5), ("MĐ04", 5)):
        _enter(officer, offerings[code], s2, value, value)
    (t1, t2) = selectors.transcripts([_refresh(s1), _refresh(s2)])
    assert t1.mode == grading.YEAR and t1.gpa == D("9.00")
    assert t1.standing_code == "excellent"
    assert t1.results[0].letter == "" and t1.results[0].grade_point is None
    assert t2.gpa == D("4.50")
    assert [y.progress for y in t2.years] == ["adjusted"]
    assert not next(r for r in t2.results if r.offering.module.code == "MĐ01").passed
    check = selectors.graduation_eligibility(_refresh(s1), on=DECIDED)
    assert not check.eligible and any("thi tốt nghiệp" in m for m in check.missing)
    grading_services.graduation_exam_record(
        actor=officer, student=_refresh(s1), practical="9,0", theory="8.0"
    )
    check = selectors.graduation_eligibility(_refresh(s1), on=DECIDED)
    assert check.eligible
    assert check.graduation_score == D("8.83")  # (27 + 18 + 8) / 6
    assert check.classification == "very_good"
    assert "Điều 27 Thông tư 04/2022/TT-BLĐTBXH" in check.basis
    grading_services.graduation_exam_record(actor=officer, student=_refresh(s1), thesis="10")
    check = selectors.graduation_eligibility(_refresh(s1), on=DECIDED)
    assert check.graduation_score == D("9.40")  # (27 + 20) / 5
    assert check.classification == "excellent"
    Student.all_objects.filter(pk=s1.pk).update(disciplined=True)
    check = selectors.graduation_eligibility(_refresh(s1), on=DECIDED)
    assert check.classification == "very_good" and check.class_before_drop == "excellent"
    assert AuditEntry.all_objects.filter(verb="graduation_exam_record").count() == 2


def test_graduation_exam_below_minimum_blocks(officer, college_a):
    """Điều 27: each graduation subject must reach 5.0."""
    _group, (s, *_r), offerings = _cohort(officer, college_a, grading.YEAR, "NC-B", students=1)
    for code in ("MĐ01", "MĐ02", "MĐ03", "MĐ04", "MH90"):
        _enter(officer, offerings[code], s, 7, 7)
    grading_services.graduation_exam_record(
        actor=officer, student=_refresh(s), practical="4.5", theory="8"
    )
    check = selectors.graduation_eligibility(_refresh(s), on=DECIDED)
    assert not check.eligible and any("4,5 dưới 5,0" in m for m in check.missing)


def test_institution_letter_scale_by_the_principals_decision(officer, persona_user, college_a):
    """Thông tư 04/2022: more letter levels only by the principal's decision (an institution
    setting within the national rule); the basis names the decision."""
    _group, (s, *_r), offerings = _cohort(officer, college_a, grading.CREDIT, "TC-C", students=1)
    _enter(officer, offerings["MĐ01"], s, 8, 8)
    rector = Actor.for_user(persona_user("rector"))
    grading_services.letter_scale_choose(
        actor=rector,
        institution=college_a,
        levels_text="8,5 A 4\n8,0 B+ 3,5\n7,0 B 3\n6,5 C+ 2,5\n5,5 C 2\n5,0 D+ 1,5\n4,0 D 1\n0 F 0",
        valid_from=dt.date(2023, 9, 1),
        decision="15/QĐ-CĐKTKT",
    )
    (t,) = selectors.transcripts([_refresh(s)])
    assert (t.results[0].letter, t.results[0].grade_point) == ("B+", D("3.5"))
    assert "15/QĐ-CĐKTKT" in t.letter_basis
    with pytest.raises(Exception, match="cao xuống thấp"):
        grading_services.parse_levels("5 A 4\n8 B 3\n0 F 0")


def test_demo_transcript_excludes_physical_and_defence_education(persona_user):
    """Khoản 4 Điều 16: the demo learner's transcript lists "Giáo dục thể chất" but leaves it out
    of the GPA (the demo used to average it in)."""
    student = Student.all_objects.select_related("class_group", "institution").get(
        user=persona_user("student")
    )
    (t,) = selectors.transcripts([student])
    conditional = [r for r in t.results if r.conditional]
    assert [r.offering.module.name for r in conditional] == ["Giáo dục thể chất"]
    counted = [r for r in t.results if not r.conditional]
    expected = grading.gpa((r.credits, r.grade_point) for r in counted)
    assert t.gpa == expected
    everything = grading.gpa((r.credits, r.grade_point) for r in t.results)
    assert len(counted) < len(t.results) and everything is not None
    # Both conditional subjects of the demo programmes are flagged on the module (programmes 0004).
    names = set(
        ProgrammeModule.all_objects.filter(
            version=student.programme_version, is_conditional=True
        ).values_list("name", flat=True)
    )
    assert names == {"Giáo dục thể chất", "Giáo dục quốc phòng và an ninh"}


def test_api_reports_rules_and_basis(client, token_for, officer, college_a):
    """The API's transcript and graduation check name the rules they applied and their basis
    (Điều 16, khoản 4 Điều 16, Điều 21 Thông tư 04/2022/TT-BLĐTBXH)."""
    _group, (s, *_r), offerings = _cohort(officer, college_a, grading.CREDIT, "TC-D", students=1)
    for code in ("MĐ01", "MĐ02", "MĐ03", "MĐ04", "MH90"):
        _enter(officer, offerings[code], s, 9, 9)
    headers = token_for("training_officer")
    body = client.get(f"/api/v1/learners/students/{s.pk}/transcript", **headers).json()
    assert body["gpa"] == "4.00" and body["gpa_scale"] == 4
    assert body["training_mode"] == "credit" and body["rules_on"] == "2023-09-05"
    rules = {r["key"]: r for r in body["rules"]}
    assert rules["grading.module_score"]["basis"] == "Căn cứ: Điều 16 Thông tư 04/2022/TT-BLĐTBXH"
    assert rules["grading.conditional_subjects"]["article"] == "khoản 4 Điều 16"
    assert rules["grading.credit.letter_scale"]["verification"] == "probable"
    assert next(r for r in body["results"] if r["module_code"] == "MH90")["conditional"] is True
    check = client.get(f"/api/v1/learners/students/{s.pk}/graduation-check", **headers).json()
    assert check["classification"] == "excellent" and check["classification_label"] == "Xuất sắc"
    assert check["basis"].startswith("Căn cứ:")
    keys = {r["key"] for r in check["rules"]}
    assert {"grading.credit.graduation", "grading.credit.class_drop"} <= keys
    assert all(r["legal_document"] == "04/2022/TT-BLĐTBXH" for r in check["rules"])


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_grading_pages_and_endpoints(client, login, token_for, college_a, key):
    """Tenancy: the recompute, the letter scale and the API's rule-reporting endpoints answer
    404 outside college A."""
    student = Student.all_objects.filter(institution=college_a).first()
    web = login(key)
    for url in (
        reverse("learners:grading_recompute", args=[college_a.pk]),
        reverse("learners:letter_scale", args=[college_a.pk]),
    ):
        assert web.get(url).status_code == 404, url
        assert web.post(url, {"levels": "x"}).status_code == 404, url
    headers = token_for(key)
    for url in (
        f"/api/v1/learners/students/{student.pk}/transcript",
        f"/api/v1/learners/students/{student.pk}/graduation-check",
    ):
        assert client.get(url, **headers).status_code == 404, url


def _stale(officer, college_a):
    """A learner graded with the old university scale: letters B+ and a GPA with GDTC in it."""
    group, (s, *_r), offerings = _cohort(officer, college_a, grading.CREDIT, "TC-E", students=1)
    for code in ("MĐ01", "MĐ02", "MĐ03", "MĐ04", "MH90"):
        _enter(officer, offerings[code], s, 8, 8)
    ModuleResult.all_objects.filter(student=s).update(letter="B+", grade_point=D("3.5"))
    return group, s


def test_dry_run_lists_changes_and_apply_audits(officer, college_a):
    """Thông tư 04/2022 replacing the 8-level scale: the dry run lists each stored letter that
    changes (B+ → B) and writes nothing; applying writes and audits."""
    _group, s = _stale(officer, college_a)
    plan = grading_recompute_plan(actor=officer, institution=college_a, students=[s])
    (learner,) = plan.learners
    assert len(learner.results) == 5
    first = {c.field: (c.before, c.after) for c in learner.results[0].changes}
    assert first["letter"] == ("B+", "B") and first["grade_point"] == (D("3.5"), D("3"))
    assert ModuleResult.all_objects.filter(student=s, letter="B+").count() == 5
    out = io.StringIO()
    call_command("grading_recompute", "--dry-run", "--institution", college_a.code, stdout=out)
    text = out.getvalue()
    assert s.code in text and "letter: B+ → B" in text and "Chạy thử" in text
    assert ModuleResult.all_objects.filter(student=s, letter="B+").count() == 5
    grading_recompute_apply(actor=officer, institution=college_a)
    assert not ModuleResult.all_objects.filter(student=s, letter="B+").exists()
    assert AuditEntry.all_objects.filter(verb="grading_recompute").count() >= 6
    again = grading_recompute_plan(actor=officer, institution=college_a, students=[s])
    assert again.learners == []


def test_recompute_page_shows_the_dry_run_and_applies(login, officer, college_a):
    """The training officer's page lists the changes first (dry run), applies on POST."""
    _group, s = _stale(officer, college_a)
    client = login("training_officer")
    url = reverse("learners:grading_recompute", args=[college_a.pk])
    html = client.get(url).content.decode()
    assert s.full_name in html and "B+" in html and "Chạy thử" in html
    assert client.post(url).status_code == 302
    assert not ModuleResult.all_objects.filter(student=s, letter="B+").exists()
    rules_page = client.get(reverse("learners:grading_rules")).content.decode()
    assert "Căn cứ: Điều 21 Thông tư 04/2022/TT-BLĐTBXH" in rules_page
    assert "(chưa xác minh)" in rules_page  # the year-based pass mark


def test_student_page_and_register_show_the_basis(login, officer, college_a):
    """Every rule-driven page shows "Căn cứ: …" next to what it decided (issue 14 item 6)."""
    _group, s = _stale(officer, college_a)
    client = login("training_officer")
    html = client.get(reverse("learners:student_detail", args=[s.pk])).content.decode()
    assert "Căn cứ: Điều 16 Thông tư 04/2022/TT-BLĐTBXH" in html
    assert "Căn cứ: khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH" in html
    assert "môn học điều kiện" in html
    register = client.get(reverse("learners:register")).content.decode()
    assert "Căn cứ:" in register  # the demo's graduates were classified under the rules


def test_pre_circular_cohort_page_says_which_rules_it_applied(login, officer, college_a):
    """A cohort started before 15/05/2022 (Thông tư 09/2017, not loaded) is graded with a note."""
    group, s = _stale(officer, college_a)
    ClassGroup.all_objects.filter(pk=group.pk).update(start_date=dt.date(2021, 9, 6))
    html = (
        login("training_officer")
        .get(reverse("learners:student_detail", args=[s.pk]))
        .content.decode()
    )
    assert "06/09/2021" in html and "15/05/2022" in html


def test_graduation_exam_form_records_the_scores(login, officer, college_a):
    """Điều 27: the niên chế graduation exams are entered on the learner's page (audited)."""
    _group, (s, *_r), _o = _cohort(officer, college_a, grading.YEAR, "NC-C", students=1)
    client = login("training_officer")
    url = reverse("learners:student_detail", args=[s.pk])
    assert "Điểm thi tốt nghiệp" in client.get(url).content.decode()
    post = reverse("learners:graduation_exam", args=[s.pk])
    assert client.post(post, {"practical": "8,5", "theory": "7"}).status_code == 302
    assert _refresh(s).graduation_exam == {"practical": "8.5", "theory": "7.0"}


@pytest.mark.parametrize("key", OUTSIDERS_OF_COLLEGE_A)
def test_outsiders_get_404_on_the_graduation_exam(login, officer, college_a, key):
    """Tenancy: the graduation exam entry answers 404 outside college A and writes nothing."""
    _group, (s, *_r), _o = _cohort(officer, college_a, grading.YEAR, "NC-D", students=1)
    post = reverse("learners:graduation_exam", args=[s.pk])
    assert login(key).post(post, {"thesis": "9"}).status_code == 404
    assert _refresh(s).graduation_exam == {}
