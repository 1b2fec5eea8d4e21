"""The benchmark generator at tiny scale, beside the demo world: consistent and accessible."""

from __future__ import annotations

import pytest

from opentvet.benchdata.generator import Summary, generate
from opentvet.core.access import Actor
from opentvet.core.models import Membership, Organisation, OrgKind, Role, User
from opentvet.core.text import fold


@pytest.fixture
def tiny(db) -> Summary:  # type: ignore[no-untyped-def]
    return generate("tiny", seed=7, log=lambda _message: None)


def _generated(summary: Summary) -> list[Organisation]:
    ids = [i.id for i in summary.world.institutions]
    ids += [u.id for i in summary.world.institutions for u in i.units]
    return list(Organisation.objects.filter(pk__in=ids).select_related("parent"))


def test_tree_paths_follow_parents(tiny: Summary) -> None:
    orgs = _generated(tiny)
    assert len(orgs) == tiny.counts["core.Organisation"]
    for org in orgs:
        assert org.parent is not None
        assert org.path == f"{org.parent.path}{org.pk}/"
        assert org.depth == org.path.count("/") - 2
        assert org.search_name == fold(f"{org.name} {org.short_name} {org.code}")


def test_institutions_sit_under_the_demo_province(tiny: Summary) -> None:
    department = Organisation.objects.get(code="SGDDT-96")  # made by the demo, reused
    institutions = Organisation.objects.filter(pk__in=[i.id for i in tiny.world.institutions])
    assert institutions.count() == 3
    assert {o.kind for o in institutions} == {OrgKind.INSTITUTION}
    assert {o.parent_id for o in institutions} == {department.pk}
    assert Organisation.objects.filter(code="SGDDT-96").count() == 1


def test_memberships_use_roles_held_at_the_right_kind(tiny: Summary) -> None:
    orgs = {o.pk: o for o in Organisation.objects.all()}
    roles = {r.pk: r for r in Role.objects.all()}
    generated = Membership.objects.filter(user__email__endswith="bench.opentvet.vn")
    assert generated.count() == tiny.counts["core.Membership"]
    for m in generated:
        assert orgs[m.organisation_id].kind in roles[m.role_id].holder_kinds


def test_users_are_folded_and_can_log_in(tiny: Summary) -> None:
    users = User.objects.filter(email__endswith="bench.opentvet.vn")
    assert users.count() == tiny.counts["core.User"]
    for user in users[:20]:
        assert user.search_name == fold(user.full_name)
    rector = users.get(memberships__role_id="rector", memberships__organisation__code="CD96-0001")
    assert rector.check_password("demo1234")
    actor = Actor.for_user(rector)
    college = Organisation.objects.get(code="CD96-0001")
    assert actor.can("org.view", college.path)
    assert not actor.can("org.view", Organisation.objects.get(code="CD96001").path)


def test_teachers_match_the_scale(tiny: Summary) -> None:
    teachers = Membership.objects.filter(
        role_id="teacher", user__email__endswith="bench.opentvet.vn"
    )
    assert teachers.count() == tiny.world.scale.staff


def test_programmes_are_consistent(tiny: Summary) -> None:
    from opentvet.programmes.models import (
        Programme,
        ProgrammeModule,
        ProgrammeVersion,
        RegistrationLine,
    )

    ids = [i.id for i in tiny.world.institutions]
    programmes = Programme.all_objects.filter(institution_id__in=ids)
    assert programmes.count() == tiny.counts["programmes.Programme"] >= 3
    for programme in programmes:
        assert programme.search_name == fold(
            f"{programme.name} {programme.code} {programme.occupation_id}"
        )
        versions = list(programme.versions.all())
        assert {v.institution_id for v in versions} == {programme.institution_id}
        assert sum(v.status == "published" for v in versions) == 1
        if programme.unit_id:
            assert Organisation.objects.get(pk=programme.unit_id).parent_id == (
                programme.institution_id
            )
    assert (
        ProgrammeModule.all_objects.filter(
            version__in=ProgrammeVersion.all_objects.filter(institution_id__in=ids)
        ).count()
        == tiny.counts["programmes.ProgrammeModule"]
    )
    lines = RegistrationLine.all_objects.filter(registration__institution_id__in=ids)
    assert lines.count() == programmes.count()


def test_new_rows_after_generation_get_fresh_ids(tiny: Summary) -> None:
    from opentvet.core.services import organisation_create

    department = Organisation.objects.get(code="SGDDT-96")
    created = organisation_create(
        actor=None, parent=department, kind=OrgKind.INSTITUTION, code="X-1", name="Mới"
    )
    assert created.pk > max(i.id for i in tiny.world.institutions)


def test_students_classes_and_results_agree(tiny: Summary) -> None:
    from opentvet.learners.models import ModuleResult, Student
    from opentvet.learners.models.students import validate_citizen_id

    ids = [i.id for i in tiny.world.institutions]
    students = list(
        Student.all_objects.filter(institution_id__in=ids).select_related("class_group")
    )
    assert len(students) == tiny.world.scale.students
    assert len({s.citizen_id for s in students}) == len(students)
    for s in students:
        validate_citizen_id(s.citizen_id)
        assert s.search_name == fold(s.full_name)
        assert s.class_group.institution_id == s.institution_id
        assert s.class_group.programme_version_id == s.programme_version_id
    results = ModuleResult.all_objects.filter(institution_id__in=ids).select_related(
        "offering__module", "offering__class_group", "student"
    )
    assert results.count() == tiny.counts["learners.ModuleResult"] > 0
    for r in results:
        assert r.student.class_group_id == r.offering.class_group_id
        assert r.credits == r.offering.module.credits
        assert r.offering.module.version_id == r.student.programme_version_id


def test_graduates_have_diplomas_that_match(tiny: Summary) -> None:
    from decimal import Decimal

    from opentvet.learners.models import DiplomaEntry, ModuleResult, Student, TracerSurvey

    ids = [i.id for i in tiny.world.institutions]
    graduates = Student.all_objects.filter(institution_id__in=ids, status="graduated")
    assert graduates.exists()
    diplomas = {d.student_id: d for d in DiplomaEntry.all_objects.filter(institution_id__in=ids)}
    assert set(diplomas) == set(graduates.values_list("id", flat=True))
    for student in graduates:
        diploma = diplomas[student.pk]
        assert (diploma.full_name, diploma.date_of_birth) == (
            student.full_name,
            student.date_of_birth,
        )
        results = list(
            ModuleResult.all_objects.filter(student=student).select_related("offering__module")
        )
        if results:
            credits = sum(r.credits for r in results)
            # Physical and defence education stay out of the GPA (khoản 4 Điều 16 TT 04/2022).
            counted = [r for r in results if not r.offering.module.is_conditional]
            weights = sum(r.credits for r in counted)
            expected = sum(r.grade_point * r.credits for r in counted) / weights
            assert abs(diploma.gpa - expected) <= Decimal("0.01")
            assert diploma.credits == credits
            assert TracerSurvey.all_objects.filter(student=student).count() == 2


def test_staff_records_match_teacher_logins(tiny: Summary) -> None:
    from opentvet.staff.models import Qualification, StaffMember

    ids = [i.id for i in tiny.world.institutions]
    records = list(StaffMember.all_objects.filter(institution_id__in=ids).select_related("user"))
    assert len(records) == tiny.counts["staff.StaffMember"]
    teachers = [r for r in records if r.category == "teacher"]
    assert len(teachers) == tiny.world.scale.staff
    units = {u.id: i.id for i in tiny.world.institutions for u in i.units}
    codes = set()
    for r in records:
        assert r.user is not None and r.user.full_name == r.full_name
        assert r.email == r.user.email
        assert r.search_name == fold(f"{r.full_name} {r.code}")
        assert (r.institution_id, r.code) not in codes
        codes.add((r.institution_id, r.code))
        membership = Membership.objects.get(user=r.user)
        expected_org = r.unit_id or r.institution_id
        assert membership.organisation_id == expected_org
        if r.unit_id:
            assert units[r.unit_id] == r.institution_id
        if r.title_id and r.salary_coefficient is not None:
            assert not r.title.coefficient_out_of_range(r.salary_coefficient)
        if r.category == "teacher":
            assert membership.role_id == "teacher"
            assert r.teaching_level
    quals = Qualification.all_objects.filter(staff__institution_id__in=ids)
    assert quals.count() == tiny.counts["staff.Qualification"]
    assert set(quals.values_list("staff_id", flat=True)) == {r.pk for r in records}
    assert not quals.filter(kind="licence", expires_on__isnull=True).exists()


def test_teachers_are_rated_and_carry_their_latest_verdict(tiny: Summary) -> None:
    from opentvet.staff.models import Assessment, StaffMember
    from opentvet.staff.services import staff_standard_refresh

    institution_ids = [i.id for i in tiny.world.institutions]
    teachers = list(
        StaffMember.all_objects.filter(institution_id__in=institution_ids, category="teacher")
    )
    assert teachers
    rated = Assessment.all_objects.filter(staff__in=teachers, status="rated")
    assert rated.count() == 2 * len(teachers)
    assert {a.cycle.institution_id for a in rated.select_related("cycle")} <= set(institution_ids)
    as_generated = {t.pk: t.meets_standard for t in teachers}
    assert set(as_generated.values()) == {True, False}
    staff_standard_refresh(*teachers)  # what the rating service would have written
    refreshed = dict(
        StaffMember.all_objects.filter(pk__in=as_generated).values_list("pk", "meets_standard")
    )
    assert refreshed == as_generated


def test_applications_wish_quotas_of_their_round(tiny: Summary) -> None:
    from decimal import Decimal

    from opentvet.admissions.models import (
        AdmissionRound,
        ApplicantProfile,
        Application,
        Quota,
        Wish,
    )
    from opentvet.admissions.scoring import admission_score
    from opentvet.programmes.models import ProgrammeVersion

    info = tiny.world.extra["admissions"]
    rounds = AdmissionRound.all_objects.filter(
        pk__gte=info["first_round"], pk__lt=info["first_round"] + info["rounds"]
    )
    assert rounds.count() == info["rounds"]
    quotas = Quota.all_objects.filter(round__in=rounds).select_related("programme_version")
    assert quotas.count() == tiny.counts["admissions.Quota"]
    for q in quotas:
        assert q.programme_version.status == "published"
        assert q.institution_id == q.programme_version.institution_id
        if q.round.kind == "rolling":
            assert q.round.organisation_id == q.institution_id
    profiles = ApplicantProfile.objects.filter(user__email__endswith="thisinh.bench.opentvet.vn")
    assert profiles.count() == tiny.world.scale.applicants
    applications = Application.objects.filter(round__in=rounds).select_related("round", "user")
    assert applications.count() == info["applications"] == tiny.counts["admissions.Application"]
    for app in applications:
        assert Membership.objects.filter(user=app.user, role_id="applicant").exists()
        score = admission_score(app.user.applicant_profile, app.round)
        assert (app.base_score, app.priority_score, app.score) == (
            score.base,
            score.priority,
            score.total,
        )
        wishes = list(Wish.all_objects.filter(application=app).select_related("quota"))
        assert 1 <= len(wishes) <= app.round.max_wishes
        assert [w.rank for w in sorted(wishes, key=lambda w: w.rank)] == list(
            range(1, len(wishes) + 1)
        )
        for w in wishes:
            assert w.quota.round_id == app.round_id
            assert w.institution_id == w.quota.institution_id
    assert Wish.all_objects.filter(application__round__in=rounds).count() == info["wishes"]
    assert ProgrammeVersion.all_objects.filter(admission_quotas__in=quotas).exists()
    assert all(a.score <= Decimal("32.75") for a in applications)
    assert rounds.filter(kind="rolling", status="open").exists()


def test_reports_hold_one_value_per_indicator(tiny: Summary) -> None:
    from opentvet.reporting.models import (
        ReportingPeriod,
        Submission,
        SubmissionValue,
        SubmissionVersion,
    )
    from opentvet.reporting.services.submissions import live_values, template_items

    info = tiny.world.extra["reporting"]
    insts = tiny.world.institutions
    for period_id in info["periods"]:
        period = ReportingPeriod.objects.get(pk=period_id)
        items = template_items(period)
        subs = Submission.all_objects.filter(period=period)
        assert subs.count() == len(insts)
        assert set(subs.values_list("institution_id", flat=True)) == {i.id for i in insts}
        for s in subs:
            assert s.institution_path == s.institution.path and s.was_submitted
            values = SubmissionValue.all_objects.filter(submission=s)
            assert sorted(values.values_list("code", flat=True)) == sorted(
                i.definition.code for i in items
            )
            assert all(v.submitted and v.period_id == period.pk for v in values)
            version = SubmissionVersion.objects.get(submission=s)
            assert len(version.snapshot["values"]) == len(items)
    latest = ReportingPeriod.objects.get(pk=info["periods"][-1])
    items = template_items(latest)
    live = live_values(items, [insts[0].id], latest.start, latest.end)[insts[0].id]
    stored = {
        v.code: v.computed_value
        for v in SubmissionValue.all_objects.filter(period=latest, institution_id=insts[0].id)
    }
    assert {code: value for code, (value, _source) in live.items()} == stored


def test_inventory_results_are_scored_and_demand_is_for_taught_occupations(
    tiny: Summary,
) -> None:
    from opentvet.guidance.models import DemandSignal, InventoryResult
    from opentvet.guidance.scoring import holland_code, score

    applicants = tiny.world.extra["applicant_users"]
    results = InventoryResult.objects.filter(user_id__in=list(applicants))
    assert results.count() == tiny.counts["guidance.InventoryResult"] == len(applicants[::10])
    assert len({r.token for r in results}) == results.count()
    for r in results:
        assert r.scores == score(r.answers)
        assert r.code == holland_code(r.scores)
    taught = {(i.id, p.occupation) for i in tiny.world.institutions for p in i.programmes}
    signals = DemandSignal.all_objects.filter(
        organisation_id__in=[i.id for i in tiny.world.institutions]
    )
    assert signals.count() == tiny.counts["guidance.DemandSignal"] > 0
    assert all((s.organisation_id, s.occupation_id) in taught for s in signals)
