"""Services: profile rules, lifecycle, results entry and lock, graduation, tracer, attendance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opentvet.core.access import Actor
from opentvet.core.models import AuditEntry
from opentvet.learners import selectors, services
from opentvet.learners.lifecycle import Status
from opentvet.learners.models import DiplomaEntry, ModuleResult, Student, TracerSurvey

from .conftest import make_version, pass_all, student_data

pytestmark = pytest.mark.django_db


def test_citizen_id_is_validated_and_unique_nationwide_without_saying_where(
    officer, college_a, college_b, persona_user
):
    with pytest.raises(ValidationError) as bad:
        services.student_create(
            actor=officer, institution=college_a, data=student_data(1, citizen_id="12345")
        )
    assert "12 chữ số" in str(bad.value)
    with pytest.raises(ValidationError):
        services.student_create(
            actor=officer, institution=college_a, data=student_data(1, citizen_id="099012345678")
        )
    services.student_create(actor=officer, institution=college_a, data=student_data(1))
    other = Actor.for_user(persona_user("other_rector"))
    with pytest.raises(ValidationError) as clash:
        services.student_create(
            actor=other, institution=college_b, data=student_data(1, code="HN-1")
        )
    message = str(clash.value)
    assert "đã được dùng" in message
    assert college_a.name not in message and college_a.code not in message


def test_outsider_cannot_create_students(persona_user, college_a):
    with pytest.raises(PermissionError):
        services.student_create(
            actor=Actor.for_user(persona_user("other_rector")),
            institution=college_a,
            data=student_data(7),
        )


def test_status_lifecycle_with_dated_decisions(officer, students_a):
    student = students_a[0]
    services.student_change_status(
        actor=officer,
        student=student,
        to_status=Status.PAUSED,
        effective_date=dt.date(2026, 2, 1),
        reason="Nghĩa vụ quân sự",
        decision_number="15/QĐ-CĐBL",
    )
    assert Student.all_objects.get(pk=student.pk).status == Status.PAUSED
    with pytest.raises(ValidationError, match="quyết định công nhận tốt nghiệp"):
        services.student_change_status(
            actor=officer,
            student=student,
            to_status=Status.GRADUATED,
            effective_date=dt.date(2026, 3, 1),
            decision_number="x",
        )
    services.student_change_status(
        actor=officer,
        student=student,
        to_status=Status.DROPPED_OUT,
        effective_date=dt.date(2026, 3, 1),
        decision_number="20/QĐ-CĐBL",
    )
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.student_change_status(
            actor=officer,
            student=student,
            to_status=Status.STUDYING,
            effective_date=dt.date(2026, 4, 1),
        )
    history = list(student.status_changes.values_list("to_status", "decision_number"))
    assert history == [("dropped_out", "20/QĐ-CĐBL"), ("paused", "15/QĐ-CĐBL")]


def test_teacher_enters_grades_only_for_own_modules(
    persona_user, offerings_a, students_a, teacher_user
):
    teacher = Actor.for_user(teacher_user)
    own, _own2, not_own = offerings_a
    services.results_enter(
        actor=teacher, offering=own, rows={students_a[0].pk: {"cc": "7", "thi": "8,5"}}
    )
    result = ModuleResult.all_objects.get(offering=own, student=students_a[0])
    assert result.final_score == Decimal("7.9")
    assert (result.letter, result.grade_point, result.passed) == ("B", Decimal("3.0"), True)
    with pytest.raises(PermissionError):
        services.results_enter(
            actor=teacher, offering=not_own, rows={students_a[0].pk: {"cc": "7", "thi": "7"}}
        )
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        services.results_enter(
            actor=teacher, offering=own, rows={students_a[1].pk: {"cc": "11", "thi": "7"}}
        )


def test_lock_then_change_needs_an_audited_approval(officer, offerings_a, students_a, teacher_user):
    teacher = Actor.for_user(teacher_user)
    offering = offerings_a[0]
    services.results_enter(
        actor=teacher, offering=offering, rows={students_a[0].pk: {"cc": "5", "thi": "5"}}
    )
    services.offering_lock(actor=officer, offering=offering)
    with pytest.raises(ValidationError, match="khóa điểm"):
        services.results_enter(
            actor=teacher, offering=offering, rows={students_a[0].pk: {"cc": "9", "thi": "9"}}
        )
    result = ModuleResult.all_objects.get(offering=offering, student=students_a[0])
    change = services.grade_change_request(
        actor=teacher, result=result, new_scores={"cc": "6", "thi": "5"}, reason="Cộng sai điểm"
    )
    assert ModuleResult.all_objects.get(pk=result.pk).final_score == Decimal("5.0")
    with pytest.raises(PermissionError):
        services.grade_change_decide(actor=teacher, change=change, approve=True)
    services.grade_change_decide(actor=officer, change=change, approve=True)
    assert ModuleResult.all_objects.get(pk=result.pk).final_score == Decimal("5.4")
    verbs = set(
        AuditEntry.all_objects.filter(organisation=offering.institution).values_list(
            "verb", flat=True
        )
    )
    assert {
        "offering_lock",
        "grade_change_request",
        "grade_change_decide",
        "result_change_approved",
    } <= verbs
    with pytest.raises(ValidationError):
        services.grade_change_decide(actor=officer, change=change, approve=False)


def test_deadline_closes_entry(officer, offerings_a, students_a):
    offering = offerings_a[0]
    offering.grade_deadline = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.results_enter(
            actor=officer, offering=offering, rows={students_a[0].pk: {"cc": "5", "thi": "5"}}
        )


def test_resit_only_after_failing(officer, offerings_a, students_a):
    offering = offerings_a[0]
    services.results_enter(
        actor=officer,
        offering=offering,
        rows={students_a[0].pk: {"cc": "5", "thi": "2", "resit": "6"}},
    )
    result = ModuleResult.all_objects.get(offering=offering, student=students_a[0])
    assert result.final_score == Decimal("5.6") and result.had_resit
    with pytest.raises(ValidationError, match="thi lại"):
        services.results_enter(
            actor=officer,
            offering=offering,
            rows={students_a[1].pk: {"cc": "8", "thi": "8", "resit": "9"}},
        )


def test_eligibility_says_exactly_what_is_missing(officer, offerings_a, students_a, class_a):
    student = students_a[0]
    services.results_enter(
        actor=officer, offering=offerings_a[0], rows={student.pk: {"cc": "8", "thi": "8"}}
    )
    services.results_enter(
        actor=officer, offering=offerings_a[1], rows={student.pk: {"cc": "2", "thi": "3"}}
    )
    class_a.required_certificates = ["foreign_language"]
    class_a.save(update_fields=["required_certificates"])
    services.conduct_rate(
        actor=officer, student=student, school_year="2025-2026", term=1, points=40
    )
    check = selectors.graduation_eligibility(Student.all_objects.get(pk=student.pk))
    assert not check.eligible
    text = "\n".join(check.missing)
    assert "Chưa đạt mô-đun MĐ02" in text
    assert "Chưa có điểm mô-đun MĐ03" in text
    assert "4/12 tín chỉ" in text
    assert "rèn luyện" in text
    assert "chứng chỉ ngoại ngữ" in text


def test_graduation_decision_allocates_serials_that_never_repeat(
    officer, offerings_a, students_a, college_a, persona_user
):
    pass_all(officer, offerings_a, students_a)
    rector = Actor.for_user(persona_user("rector"))
    decision = services.graduation_decide(
        actor=rector,
        institution=college_a,
        number="101/QĐ-CĐBL",
        decided_on=dt.date(2026, 7, 15),
        students=students_a[:2],
    )
    entries = list(DiplomaEntry.all_objects.filter(decision=decision).order_by("register_number"))
    assert [e.register_number for e in entries] == ["00001/2026/CĐ", "00002/2026/CĐ"]
    assert len({e.serial for e in entries}) == 2
    assert entries[0].classification == "very_good"  # 8.0 everywhere: 3.5 → giỏi
    assert Student.all_objects.get(pk=students_a[0].pk).status == Status.GRADUATED
    services.graduation_decide(
        actor=rector,
        institution=college_a,
        number="102/QĐ-CĐBL",
        decided_on=dt.date(2026, 7, 20),
        students=students_a[2:],
    )
    assert DiplomaEntry.all_objects.get(student=students_a[2]).register_number == "00003/2026/CĐ"
    with pytest.raises(ValidationError):  # already graduated: not eligible again
        services.graduation_decide(
            actor=rector,
            institution=college_a,
            number="103/QĐ-CĐBL",
            decided_on=dt.date(2026, 7, 21),
            students=students_a[:1],
        )


def test_graduation_refuses_the_ineligible_and_writes_nothing(
    officer, offerings_a, students_a, college_a
):
    with pytest.raises(ValidationError) as error:
        services.graduation_decide(
            actor=officer,
            institution=college_a,
            number="9/QĐ",
            decided_on=dt.date(2026, 7, 1),
            students=students_a,
        )
    assert "Chưa có điểm mô-đun" in str(error.value)
    assert not DiplomaEntry.all_objects.filter(student__in=students_a).exists()


@pytest.fixture
def graduates(officer, offerings_a, students_a, college_a):
    pass_all(officer, offerings_a, students_a)
    services.graduation_decide(
        actor=officer,
        institution=college_a,
        number="55/QĐ-CĐBL",
        decided_on=dt.date(2025, 6, 30),
        students=students_a,
    )
    return [Student.all_objects.get(pk=s.pk) for s in students_a]


def test_tracer_link_answers_once_expires_and_rates_come_with_response_rate(officer, graduates):
    surveys = [services.tracer_create(actor=officer, student=g, wave=12) for g in graduates]
    (first, _raw), (second, raw2), (third, _raw3) = surveys
    services.tracer_answer(
        survey=first, answer={"employed": True, "in_field": True, "employer": "FPT"}
    )
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.tracer_answer(survey=first, answer={"employed": False})
    TracerSurvey.all_objects.filter(pk=second.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    second.refresh_from_db()
    with pytest.raises(ValidationError, match="hết hạn"):
        services.tracer_answer(survey=second, answer={"employed": True})
    fresh = services.tracer_remind(actor=officer, survey=second)
    assert fresh != raw2
    second.refresh_from_db()
    services.tracer_answer(survey=second, answer={"employed": False, "further_study": True})
    programme_id = first.programme_id
    outcome = selectors.employment_outcomes([programme_id])[programme_id]
    assert outcome["surveyed"] == 3 and outcome["responded"] == 2
    assert outcome["employment_rate"] == Decimal("50.0")
    assert outcome["response_rate"] == Decimal("66.7")
    assert third.responded_at is None


def test_attendance_flags_absences_over_the_threshold(offerings_a, students_a, teacher_user):
    teacher = Actor.for_user(teacher_user)
    offering = offerings_a[0]
    for day in range(1, 6):
        services.session_record(
            actor=teacher,
            offering=offering,
            held_on=dt.date(2025, 10, day),
            hours=4,
            online=day == 5,
            marks={students_a[0].pk: "absent"} if day <= 2 else {students_a[1].pk: "late"},
        )
    flags = selectors.absence_flags([offering])
    assert [(f.student.pk, f.share, f.over_limit) for f in flags] == [
        (students_a[0].pk, Decimal("0.40"), True)
    ]
    assert selectors.online_share([offering]) == Decimal("20.0")
    with pytest.raises(PermissionError):
        services.session_record(
            actor=teacher, offering=offerings_a[2], held_on=dt.date(2025, 10, 9), hours=4, marks={}
        )


def test_enrolment_warns_when_the_registered_scale_would_be_exceeded(officer, college_a, class_a):
    from opentvet.programmes.models import RegistrationLine, TrainingRegistration

    registration = TrainingRegistration.all_objects.create(
        institution=college_a,
        certificate_number="01/GCN",
        issued_on=dt.date(2024, 6, 1),
        issued_by="Sở",
    )
    RegistrationLine.all_objects.create(
        registration=registration,
        occupation_id="6480201",
        training_level_id="cao_dang",
        annual_scale=1,
    )
    rows = [
        services.student_create(actor=officer, institution=college_a, data=student_data(i))
        for i in (11, 12)
    ]
    outcome = services.student_enrol(actor=officer, class_group=class_a, students=rows)
    assert outcome.enrolled == 2
    assert "Vượt quy mô" in outcome.warnings[0]


def test_transcripts_compute_term_and_cumulative_gpa(officer, offerings_a, students_a):
    pass_all(officer, offerings_a[:2], students_a[:1], Decimal("9.0"))
    services.results_enter(
        actor=officer, offering=offerings_a[2], rows={students_a[0].pk: {"cc": "6", "thi": "6"}}
    )
    (transcript,) = selectors.transcripts([students_a[0]])
    assert [t.gpa for t in transcript.terms] == [Decimal("4.00"), Decimal("2.00")]
    assert transcript.gpa == Decimal("3.33")
    assert transcript.credits_earned == 12


def test_class_create_rejects_another_institutions_version(officer, college_a, college_b):
    version_b = make_version(college_b, code="HN-CNTT")
    with pytest.raises(ValidationError):
        services.class_create(
            actor=officer,
            institution=college_a,
            data={"code": "X", "name": "X", "intake_year": 2025, "programme_version": version_b},
        )
