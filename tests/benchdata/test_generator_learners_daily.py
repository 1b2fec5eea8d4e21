"""The learners' daily records at tiny scale: sessions and attendance, conduct, grade changes,
certificates and programme consultations, as the app's services would have written them."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import pytest
from django.http import Http404

from opentvet.benchdata import steps_learners_daily as daily
from opentvet.benchdata.generator import Summary, generate
from opentvet.core.access import Actor
from opentvet.core.models import User
from opentvet.learners import grading
from opentvet.learners.lifecycle import ACTIVE


@pytest.fixture
def tiny(db) -> Summary:  # type: ignore[no-untyped-def]
    return generate("tiny", seed=7, log=lambda _message: None)


def _ids(summary: Summary) -> list[int]:
    return [i.id for i in summary.world.institutions]


def _actor(summary: Summary, role: str, organisation_id: int) -> Actor:
    person = next(
        p
        for p in summary.world.extra["people"]
        if p.role == role and p.organisation_id == organisation_id
    )
    return Actor.for_user(User.objects.get(pk=person.user_id))


def _scores(result) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
    stored = json.loads(result.scores) if isinstance(result.scores, str) else result.scores
    return {k: grading.score(Decimal(str(v))) for k, v in stored.items()}


def test_sessions_mark_every_active_learner_of_open_offerings(tiny: Summary) -> None:
    from opentvet.learners.models import Attendance, AttendanceStatus, Student, TeachingSession

    sessions = list(
        TeachingSession.all_objects.filter(institution_id__in=_ids(tiny)).select_related(
            "offering__class_group"
        )
    )
    assert len(sessions) == tiny.counts["learners.TeachingSession"] > 0
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    for a in Attendance.all_objects.filter(institution_id__in=_ids(tiny)).select_related("session"):
        assert a.session.institution_id == a.institution_id
        assert a.status in AttendanceStatus.values
        marks[a.session_id][a.student_id] = a.status
    assert sum(len(m) for m in marks.values()) == tiny.counts["learners.Attendance"]
    students: dict[int | None, dict[int, str]] = defaultdict(dict)
    for s in Student.all_objects.filter(institution_id__in=_ids(tiny), status__in=ACTIVE):
        students[s.class_group_id][s.pk] = s.status
    topics: dict[int, list[tuple[object, str]]] = defaultdict(list)
    for session in sessions:
        offering = session.offering
        assert offering.institution_id == session.institution_id
        assert offering.class_group.institution_id == session.institution_id
        assert offering.locked_at is None and offering.school_year == daily.SCHOOL_YEAR
        assert daily.TERM_START <= session.held_on <= daily.AS_OF
        assert any(session.held_on.weekday() in days for days in daily.STREAM_DAYS)
        assert 1 <= session.hours <= 12  # what session_record accepts
        topics[offering.pk].append((session.held_on, session.topic))
        # session_record marks every studying or paused learner of the class, no one else.
        active = students[offering.class_group_id]
        assert set(marks[session.pk]) == set(active)
        for student_id, status in active.items():
            if status == "paused":
                assert marks[session.pk][student_id] == AttendanceStatus.EXCUSED
    # Each offering's sessions are its lessons in order, no more than its planned hours hold.
    for offering_id, held in topics.items():
        held.sort()
        assert [t for _d, t in held] == [f"Bài {k + 1}" for k in range(len(held))]
        offering = next(s.offering for s in sessions if s.offering_id == offering_id)
        assert len(held) <= offering.planned_hours // 4 + 1


def test_absences_are_realistic_and_flag_a_minority(tiny: Summary) -> None:
    from opentvet.learners.models import Attendance, ModuleOffering
    from opentvet.learners.selectors import ABSENCE_WARNING, absence_flags

    statuses = list(
        Attendance.all_objects.filter(institution_id__in=_ids(tiny)).values_list(
            "status", flat=True
        )
    )
    absent = statuses.count("absent") / len(statuses)
    assert 0.01 < absent < 0.12
    assert statuses.count("present") / len(statuses) > 0.8
    offerings = list(
        ModuleOffering.all_objects.filter(
            institution_id__in=_ids(tiny), sessions__isnull=False
        ).distinct()
    )
    flags = absence_flags(offerings)
    pairs = (
        Attendance.all_objects.filter(institution_id__in=_ids(tiny))
        .values_list("session__offering_id", "student_id")
        .distinct()
        .count()
    )
    assert 0 < len(flags) < pairs / 3
    assert all(f.share >= ABSENCE_WARNING and f.absent_hours <= f.total_hours for f in flags)


def test_conduct_is_rated_for_every_term_with_results(tiny: Summary) -> None:
    from opentvet.learners.models import ConductRating, ModuleResult, Student

    ratings = list(
        ConductRating.all_objects.filter(institution_id__in=_ids(tiny)).select_related("student")
    )
    assert len(ratings) == tiny.counts["learners.ConductRating"] > 0
    rated: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for r in ratings:
        assert r.student.institution_id == r.institution_id
        assert r.rating == grading.conduct_rating(r.points)  # what conduct_rate stores
        if r.student.status == "graduated":  # graduation_eligibility would have refused
            assert r.points >= grading.MIN_CONDUCT_FOR_GRADUATION
        rated[r.student_id].add((r.school_year, r.term))
    terms: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for student_id, year, term in ModuleResult.all_objects.filter(
        institution_id__in=_ids(tiny)
    ).values_list("student_id", "offering__school_year", "offering__term"):
        terms[student_id].add((year, term))
    assert rated == terms
    short = Student.all_objects.filter(
        institution_id__in=_ids(tiny), programme_version__programme__training_level_id="so_cap"
    )
    assert short.exists()
    assert not ConductRating.all_objects.filter(student__in=short).exists()
    bands = {r.rating for r in ratings}
    assert {"very_good", "good"} <= bands


def test_grade_changes_agree_with_their_results(tiny: Summary) -> None:
    from opentvet.learners.access import access_grade_change_by_id
    from opentvet.learners.models import GradeChange, ModuleResult
    from opentvet.learners.services import offering_closed

    changes = list(
        GradeChange.all_objects.filter(institution_id__in=_ids(tiny)).select_related(
            "result__offering__class_group", "institution"
        )
    )
    assert len(changes) == tiny.counts["learners.GradeChange"] > 0
    results = ModuleResult.all_objects.filter(institution_id__in=_ids(tiny)).count()
    assert len(changes) <= max(3, round(results * daily.GRADE_CHANGE_SHARE))
    outsider_of = {i: next(j for j in _ids(tiny) if j != i) for i in _ids(tiny)}
    for change in changes:
        result = change.result
        offering = result.offering
        assert result.institution_id == offering.institution_id == change.institution_id
        new = {k: grading.score(Decimal(v)) for k, v in change.new_scores.items()}
        assert set(new) == {"cc", "thi"}
        final = grading.weighted_score(offering.components, new)
        if change.state == "approved":  # applied: the result holds the requested scores
            assert new == _scores(result) and final == result.final_score
        else:
            assert new != _scores(result)
        # Requested by the offering's teacher once grade entry had closed; decided by an
        # officer who manages results there.
        assert change.requested_by_id == offering.teacher_id
        assert offering.grade_deadline is not None
        assert offering.grade_deadline < change.requested_at.date()
        assert offering_closed(offering, today=change.requested_at.date())
        assert change.requested_at.date() <= daily.AS_OF
        if change.state == "pending":
            assert change.decided_by_id is None and change.decided_at is None
            continue
        assert change.decided_at is not None and change.decided_by_id is not None
        assert change.decided_at > change.requested_at
        officer = Actor.for_user(User.objects.get(pk=change.decided_by_id))
        assert officer.can("results.manage", change.institution.path)
        assert access_grade_change_by_id(officer, change.pk) == change
        outsider = _actor(tiny, "training_officer", outsider_of[change.institution_id])
        with pytest.raises(Http404):
            access_grade_change_by_id(outsider, change.pk)


def test_certificates_go_to_those_who_completed(tiny: Summary) -> None:
    from opentvet.learners.models import DiplomaEntry, StudentCertificate
    from opentvet.learners.models.students import CertificateKind

    certificates = list(
        StudentCertificate.all_objects.filter(institution_id__in=_ids(tiny)).select_related(
            "student"
        )
    )
    assert len(certificates) == tiny.counts["learners.StudentCertificate"] > 0
    diplomas = {
        d.student_id: d for d in DiplomaEntry.all_objects.filter(institution_id__in=_ids(tiny))
    }
    graduates = len(diplomas)
    assert len(certificates) < 2 * graduates
    held = set()
    for c in certificates:
        assert c.student.institution_id == c.institution_id
        assert c.student.status == "graduated"
        assert c.kind in CertificateKind.values
        assert (c.student_id, c.kind) not in held
        held.add((c.student_id, c.kind))
        diploma = diplomas[c.student_id]
        assert c.issued_on is not None
        if diploma.kind == "elementary":
            assert c.kind == "skill"
            assert diploma.issued_on <= c.issued_on <= daily.AS_OF
        else:
            assert c.issued_on < diploma.issued_on


def test_every_approved_version_was_consulted(tiny: Summary) -> None:
    from opentvet.programmes.access import access_version_by_id
    from opentvet.programmes.models import ConsultationRecord, ProgrammeVersion
    from opentvet.programmes.selectors import version_consultations

    versions = list(
        ProgrammeVersion.all_objects.filter(institution_id__in=_ids(tiny)).select_related(
            "institution"
        )
    )
    records = ConsultationRecord.all_objects.filter(version__in=versions)
    assert records.count() == tiny.counts["programmes.ConsultationRecord"] > 0
    outsider_of = {i: next(j for j in _ids(tiny) if j != i) for i in _ids(tiny)}
    for version in versions:
        consulted = list(version_consultations(version=version))
        if version.status == "draft":
            assert not consulted
            continue
        # version_approve refuses a version that nobody was consulted on.
        assert 1 <= len(consulted) <= 4
        assert "employer" in {r.kind for r in consulted}
        assert version.decision_date is not None
        for record in consulted:
            assert record.kind in ConsultationRecord.Kind.values
            assert record.held_on < version.decision_date
            assert record.requests and record.organisation_name
        officer = _actor(tiny, "training_officer", version.institution_id)
        assert access_version_by_id(officer, version.pk) == version
        with pytest.raises(Http404):
            access_version_by_id(
                _actor(tiny, "training_officer", outsider_of[version.institution_id]), version.pk
            )


def test_replanned_classes_are_the_stored_ones_and_rerun_alike(tiny: Summary) -> None:
    from opentvet.learners.models import Attendance, ClassGroup, ConductRating, TeachingSession

    ids = _ids(tiny)
    plans = daily.replan(tiny.world)
    stored = dict(ClassGroup.all_objects.filter(institution_id__in=ids).values_list("pk", "code"))
    assert {c.id: c.code for c in plans} == stored
    assert sum(c.size for c in plans) == tiny.world.scale.students

    def rows() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        marks = Attendance.all_objects.filter(institution_id__in=ids).order_by(
            "session__offering_id", "session__held_on", "student_id"
        )
        ratings = ConductRating.all_objects.filter(institution_id__in=ids).order_by(
            "student_id", "school_year", "term"
        )
        return (
            list(
                marks.values_list(
                    "session__offering_id", "session__held_on", "student_id", "status"
                )
            ),
            list(ratings.values_list("student_id", "school_year", "term", "points")),
        )

    before = rows()
    Attendance.all_objects.filter(institution_id__in=ids).delete()
    TeachingSession.all_objects.filter(institution_id__in=ids).delete()
    ConductRating.all_objects.filter(institution_id__in=ids).delete()
    daily._sessions(tiny.world, plans)
    daily._conduct(tiny.world, plans)
    assert rows() == before
