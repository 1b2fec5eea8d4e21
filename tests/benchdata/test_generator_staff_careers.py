"""The staff careers step at tiny scale: scores that reproduce each verdict, teaching load from
the module offerings, ordered employment and title histories, promotions as the eligibility
engine decides them, development plans and what was attended, each within one institution."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

import pytest
from django.http import Http404
from django.utils import timezone

from opentvet.benchdata.generator import Summary, generate
from opentvet.benchdata.steps_staff_careers import ASSIGNMENT_YEARS, PLAN_YEARS, ROUNDS
from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind, UnitKind, User


@pytest.fixture
def tiny(db) -> Summary:  # type: ignore[no-untyped-def]
    return generate("tiny", seed=7, log=lambda _message: None)


@pytest.fixture
def tiny_promoted(db) -> Summary:  # type: ignore[no-untyped-def]
    """Tiny scale with a seed whose staff include a civil servant eligible for promotion (most
    tiny seeds have none: see the step's docstring), so that both rounds are held."""
    return generate("tiny", seed=12, log=lambda _message: None)


def _institution_ids(summary: Summary) -> list[int]:
    return [i.id for i in summary.world.institutions]


def _members(summary: Summary):  # type: ignore[no-untyped-def]
    from opentvet.staff.models import StaffMember

    return StaffMember.all_objects.filter(institution_id__in=_institution_ids(summary))


def _actor(role: str, code: str) -> Actor:
    user = User.objects.get(memberships__role_id=role, memberships__organisation__code=code)
    return Actor.for_user(user)


def test_criterion_scores_reproduce_each_verdict(tiny: Summary) -> None:
    from opentvet.staff.models import Assessment, CriterionScore
    from opentvet.staff.selectors import criteria_for
    from opentvet.staff.services import proposed_rating

    assessments = list(
        Assessment.all_objects.filter(staff__in=_members(tiny)).select_related(
            "cycle", "staff", "staff__institution"
        )
    )
    assert {a.meets_standard for a in assessments} == {True, False}
    # The tiêu chuẩn of each teacher's level (sơ cấp has no research item).
    criteria = {
        (a.cycle.framework_id, a.staff.teaching_level): {
            c.pk for c in criteria_for(a.cycle.framework, a.staff.teaching_level)
        }
        for a in assessments
    }
    scores = defaultdict(list)
    for score in CriterionScore.all_objects.filter(assessment__in=assessments):
        scores[score.assessment_id].append(score)
    assert sum(len(s) for s in scores.values()) == tiny.counts["staff.CriterionScore"]
    for assessment in assessments:
        given = scores[assessment.pk]
        key = (assessment.cycle.framework_id, assessment.staff.teaching_level)
        assert {s.criterion_id for s in given} == criteria[key]
        assert all(s.self_met is not None and s.unit_met is not None for s in given)
        # The institution's recorded rating is the one the rating service proposes.
        assert proposed_rating(assessment) is assessment.meets_standard
        if assessment.meets_standard:
            assert all(s.unit_met and s.self_met for s in given)
        else:
            assert any(s.unit_met is False for s in given)


def test_teaching_load_follows_the_module_offerings(tiny: Summary) -> None:
    from opentvet.learners.models import ModuleOffering
    from opentvet.staff.models import StaffMember, TeachingAssignment
    from opentvet.staff.selectors import workload
    from opentvet.staff.services import validate_assignment

    members = {m.pk: m for m in _members(tiny)}
    assignments = list(TeachingAssignment.all_objects.filter(staff_id__in=members))
    assert len(assignments) == tiny.counts["staff.TeachingAssignment"]
    taught: dict[tuple[int, int], list[tuple[str, str, int, str | None]]] = defaultdict(list)
    for a in assignments:
        member = members[a.staff_id]
        validate_assignment(
            member, {"school_year": a.school_year, "hours": a.hours}
        )  # teachers only, sane years and hours
        assert a.school_year in ASSIGNMENT_YEARS
        assert member.start_date <= dt.date(a.school_year, 12, 31)
        taught[(a.staff_id, a.school_year)].append(
            (a.subject, a.class_name, a.hours, a.occupation_id)
        )
    teachers = [m for m in members.values() if m.category == "teacher"]
    for member in teachers:  # every teacher in post has a load in every year
        for year in ASSIGNMENT_YEARS:
            assert bool(taught.get((member.pk, year))) == (
                member.start_date <= dt.date(year, 12, 31)
            )
    by_user = {m.user_id: m for m in teachers}
    offerings = ModuleOffering.all_objects.filter(
        institution_id__in=_institution_ids(tiny),
        teacher__isnull=False,
        school_year__in=[f"{y}-{y + 1}" for y in ASSIGNMENT_YEARS],
        planned_hours__gt=0,
    ).select_related("module__version__programme", "class_group")
    checked = 0
    for offering in offerings:
        member = by_user[offering.teacher_id]
        year = int(offering.school_year[:4])
        assert member.institution_id == offering.institution_id
        if member.start_date > dt.date(year, 12, 31):
            continue  # not yet in post on the staff record (see the report)
        entry = (
            offering.module.name,
            offering.class_group.code,
            offering.planned_hours,
            offering.module.version.programme.occupation_id,
        )
        assert entry in taught[(member.pk, year)]
        checked += 1
    assert checked
    sample = StaffMember.all_objects.get(pk=teachers[0].pk)
    rows = workload(sample)
    assert rows and all(r["norm"] and r["hours"] > 0 for r in rows)


def test_employment_periods_are_ordered_and_end_at_the_post(tiny: Summary) -> None:
    from opentvet.staff.models import ContractType, EmploymentRecord
    from opentvet.staff.services import validate_employment

    members = {m.pk: m for m in _members(tiny)}
    periods = defaultdict(list)
    for record in EmploymentRecord.all_objects.filter(staff_id__in=members).order_by("start_date"):
        periods[record.staff_id].append(record)
    assert set(periods) == set(members)
    assert sum(len(p) for p in periods.values()) == tiny.counts["staff.EmploymentRecord"]
    contracts = set(ContractType.values) | {""}
    for pk, records in periods.items():
        member = members[pk]
        for record in records:
            validate_employment({"start_date": record.start_date, "end_date": record.end_date})
            assert record.contract_type in contracts
        for before, after in itertools.pairwise(records):
            assert before.end_date is not None and before.end_date < after.start_date
        current = records[-1]
        assert current.end_date is None and current.decision
        assert current.contract_type == member.contract_type
        here = [r for r in records if member.institution.name in r.organisation_name]
        assert here[0].start_date == member.start_date
        assert all(r.start_date < member.start_date for r in records if r not in here)


def _facts_on(member, day: dt.date):  # type: ignore[no-untyped-def]
    """The eligibility engine's facts for ``member`` as the record stood on ``day``."""
    from opentvet.staff.eligibility import CandidateFacts, QualificationFact
    from opentvet.staff.models import Assessment, Qualification, TitleHistory

    held = (
        TitleHistory.all_objects.filter(staff=member, effective_date__lte=day)
        .select_related("title")
        .order_by("-effective_date", "-pk")
        .first()
    )
    rated = (
        Assessment.all_objects.filter(
            staff=member, status="rated", meets_standard__isnull=False, rated_at__date__lte=day
        )
        .order_by("-cycle__year")
        .first()
    )
    quals = Qualification.all_objects.filter(staff=member, issued_on__lte=day)
    return CandidateFacts(
        current_title_code=held.title.code if held else None,
        title_since=held.effective_date if held else None,
        qualifications=tuple(
            QualificationFact(q.kind, q.rank, q.name, q.expires_on) for q in quals
        ),
        meets_standard=rated.meets_standard if rated else None,
        achievements=tuple(member.achievements or ()),
    )


def test_titles_and_promotions_agree_with_the_rules(tiny_promoted: Summary) -> None:
    from opentvet.staff.access import access_application_by_id
    from opentvet.staff.eligibility import evaluate
    from opentvet.staff.models import PromotionApplication, TitleHistory
    from opentvet.staff.selectors import rounds_visible, rules_of

    members = list(_members(tiny_promoted).select_related("title", "institution"))
    history = defaultdict(list)
    for row in TitleHistory.all_objects.filter(staff__in=members).order_by(
        "-effective_date", "-pk"
    ):
        history[row.staff_id].append(row)
    assert sum(len(h) for h in history.values()) == tiny_promoted.counts["staff.TitleHistory"]
    for member in members:
        if member.title_id is None:
            assert member.pk not in history
            continue
        latest = history[member.pk][0]
        assert (latest.title_id, latest.effective_date) == (member.title_id, member.title_since)
        assert not member.title.coefficient_out_of_range(member.salary_coefficient)

    applications = list(
        PromotionApplication.all_objects.filter(staff__in=members).select_related(
            "promotion_round__organisation", "promotion_round__target_title", "staff__institution"
        )
    )
    assert len(applications) == tiny_promoted.counts.get("staff.PromotionApplication", 0)
    rounds = {a.promotion_round for a in applications}
    assert len(rounds) == tiny_promoted.counts.get("staff.PromotionRound", 0)
    dates = {
        reference: (status, applied, decided)
        for _l, status, reference, applied, decided, _e in ROUNDS
    }
    for promotion_round in rounds:
        assert promotion_round.organisation.kind in {
            OrgKind.NATIONAL_AUTHORITY,
            OrgKind.PROVINCIAL_AUTHORITY,
        }
        assert promotion_round.title_rules == promotion_round.target_title.promotion_rules
        assert promotion_round.status == dates[promotion_round.reference_date][0]
    for application in applications:
        promotion_round = application.promotion_round
        member = application.staff
        assert member.institution.path.startswith(promotion_round.organisation.path)
        assert member.contract_type == "vien_chuc"
        status, applied, decided = dates[promotion_round.reference_date]
        day = decided or applied
        verdict = evaluate(
            _facts_on(member, day), rules_of(promotion_round), promotion_round.reference_date
        )
        assert application.eligible is verdict.eligible
        assert application.explanation == [r.as_dict() for r in verdict.results]
        if status == "open":
            assert application.status == "applied"
        elif application.status == "appointed":
            assert application.eligible and application.decision and application.effective_date
            row = history[member.pk][0]
            assert row.promotion_round_id == promotion_round.pk
            assert row.title_id == promotion_round.target_title_id
            assert row.effective_date == application.effective_date == member.title_since
        else:
            assert application.status == "failed" and not application.effective_date
    assert {r.status for r in rounds} == {"decided", "open"}
    assert {"appointed", "failed", "applied"} <= {a.status for a in applications}
    # The applicant's institution sees the rounds and the application; another does not.
    application = applications[0]
    home = application.staff.institution
    rector = _actor("rector", home.code)
    assert rounds <= set(rounds_visible(rector))
    assert access_application_by_id(rector, application.promotion_round, application.pk)
    other = next(i for i in tiny_promoted.world.institutions if i.id != home.pk)
    with pytest.raises(Http404):
        access_application_by_id(
            _actor("rector", other.code), application.promotion_round, application.pk
        )


def test_development_plans_are_attended_and_seen_in_house_only(tiny: Summary) -> None:
    from opentvet.staff.access import access_plan_by_id, can_plan
    from opentvet.staff.models import DevelopmentActivity, DevelopmentPlan, DevelopmentPlanItem
    from opentvet.staff.planning import plan_progress, plan_units

    faculties = {
        u.id: inst
        for inst in tiny.world.institutions
        for u in inst.units
        if u.kind == UnitKind.FACULTY
    }
    plans = list(DevelopmentPlan.all_objects.filter(unit_id__in=faculties).select_related("unit"))
    assert plans and len(plans) == tiny.counts["staff.DevelopmentPlan"]
    assert {p.year for p in plans} <= set(PLAN_YEARS)
    assert len({(p.unit_id, p.year) for p in plans}) == len(plans)
    items = DevelopmentPlanItem.all_objects.filter(plan__in=plans)
    assert items.count() == tiny.counts["staff.DevelopmentPlanItem"]
    assert all(i.partner for i in items if i.kind == "internship")
    for plan in plans:
        progress = plan_progress(plan)
        assert progress["planned_hours"] > 0 and progress["attended_hours"] > 0
        assert progress["per_teacher"]
    activities = DevelopmentActivity.all_objects.filter(staff__in=_members(tiny))
    assert activities.count() == tiny.counts["staff.DevelopmentActivity"]
    for activity in activities:
        assert activity.start_date <= activity.end_date <= timezone.localdate()
        assert activity.hours > 0
        if activity.kind == "internship":
            assert activity.partner

    plan = plans[0]
    home = faculties[plan.unit_id]
    hr = _actor("hr_officer", home.code)
    assert access_plan_by_id(hr, plan.pk) == plan
    institution = Organisation.objects.get(pk=home.id)
    assert plan.unit in plan_units(hr, institution)
    other = next(i for i in tiny.world.institutions if i.id != home.id)
    outsider = _actor("rector", other.code)
    with pytest.raises(Http404):
        access_plan_by_id(outsider, plan.pk)
    assert can_plan(_actor("unit_head", plan.unit.code), plan.unit)
    assert not can_plan(outsider, plan.unit)


def test_tenant_scopes_show_careers_in_house_only(tiny: Summary) -> None:
    from opentvet.core.scopes import scope
    from opentvet.staff.models import CriterionScore, EmploymentRecord, TeachingAssignment

    college, school = tiny.world.institutions[:2]
    rector = _actor("rector", college.code)
    with scope(rector):
        for model, path in (
            (TeachingAssignment, "staff__institution_id"),
            (EmploymentRecord, "staff__institution_id"),
            (CriterionScore, "assessment__staff__institution_id"),
        ):
            seen = set(model.objects.values_list(path, flat=True))
            assert college.id in seen and school.id not in seen
