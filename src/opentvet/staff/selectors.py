"""Reads of staff data, always through the actor's reach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, F, FloatField, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from opentvet.core.access import Actor
from opentvet.core.indicators import for_institutions
from opentvet.core.models import Organisation, OrgKind
from opentvet.core.text import fold
from opentvet.regulations.selectors import RuleMissing, rule_for
from opentvet.staff.eligibility import CandidateFacts, QualificationFact, Verdict, evaluate
from opentvet.staff.eligibility import round_rules as build_round_rules
from opentvet.staff.models import (
    Assessment,
    AssessmentCycle,
    Criterion,
    CriterionRequirement,
    CriterionScore,
    DevelopmentActivity,
    PromotionApplication,
    PromotionRound,
    Qualification,
    StaffCategory,
    StaffMember,
    StandardFramework,
    TeachingAssignment,
)

# Yearly teaching norm in standard hours (định mức giờ giảng/năm) by level taught, after
# Thông tư 07/2017/TT-BLĐTBXH (chế độ làm việc của nhà giáo GDNN). NOT confirmed against the
# text: 450 (cao đẳng), 510 (trung cấp), 560 (sơ cấp) are working figures to be checked.
TEACHING_NORM_HOURS = {"cao_dang": 450, "trung_cap": 510, "so_cap": 560}
# Students per teacher norm used by the lean indicators (tỷ lệ người học/nhà giáo); the
# regulation sets it per occupation group (Thông tư 03/2022? — NOT confirmed): a working value.
STUDENTS_PER_TEACHER_NORM = 25
# Hours of professional development expected per teacher per year: a working figure, NOT from a
# confirmed regulation; units set their own target in their development plan.
DEVELOPMENT_HOURS_PER_YEAR = 40
EXPIRY_WINDOW_DAYS = 90


def _today() -> dt.date:
    return timezone.localdate()


# --- registry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffFilters:
    q: str = ""
    category: str = ""
    unit: int | None = None
    contract_type: str = ""
    include_left: bool = False


def staff_visible(actor: Actor, perm: str = "staff.view") -> QuerySet[StaffMember]:
    """Staff records under the actor's ``perm`` roots (by unit for unit heads)."""
    if actor.is_superuser:
        return StaffMember.all_objects.all()
    # A root at a unit (a unit head's faculty) reaches staff by their unit, any other root by
    # their institution. Testing both paths for every root made one OR across two joins, and
    # PostgreSQL read all 90,000 staff for a rector's dashboard (115 ms, profile_page.py).
    unit_roots = {g.path for g in actor.grants if perm in g.permissions and g.kind == OrgKind.UNIT}
    terms = [
        Q(**{f"{'unit' if root in unit_roots else 'institution'}__path__startswith": root})
        for root in actor.paths_with(perm)
    ]
    if not terms:
        return StaffMember.all_objects.none()
    return StaffMember.all_objects.filter(reduce(or_, terms))


def staff_list(
    *, actor: Actor, institution: Organisation, filters: StaffFilters
) -> QuerySet[StaffMember]:
    qs = (
        staff_visible(actor)
        .filter(institution=institution)
        .select_related("unit", "title", "occupation")
    )
    if filters.q:
        for word in fold(filters.q).split():
            qs = qs.filter(search_name__contains=word)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.contract_type:
        qs = qs.filter(contract_type=filters.contract_type)
    if not filters.include_left:
        qs = qs.filter(end_date__isnull=True)
    return qs.order_by("search_name", "pk")


def institutions_with_staff_reach(actor: Actor) -> QuerySet[Organisation]:
    """Institutions where the actor may view staff (for the registry's start page)."""
    return Organisation.objects.filter(
        actor.reach_q("staff.view"), kind="institution", valid_to__isnull=True
    ).order_by("name")


def units_of(institution: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(parent=institution, kind="unit").order_by("name")


# --- qualifications and alerts -----------------------------------------------------------------


def expiring_qualifications(
    *, actor: Actor, within_days: int = EXPIRY_WINDOW_DAYS, today: dt.date | None = None
) -> QuerySet[Qualification]:
    """Qualifications that expire within ``within_days`` (or have just expired, 30 days back).

    HR officers see their institutions' (``staff.change``); everyone sees their own.
    """
    today = today or _today()
    window = Q(expires_on__gte=today - dt.timedelta(days=30)) & Q(
        expires_on__lte=today + dt.timedelta(days=within_days)
    )
    # The reach as institution ids, not a path test across the join: OR-ed with "my own" that
    # made PostgreSQL join every staff record to its institution (95 ms nationally). A few ids
    # go in literally, so the planner starts from those institutions' staff (a school's HR).
    institutions: Any = Organisation.objects.filter(
        actor.reach_q("staff.change", "path"), kind=OrgKind.INSTITUTION
    ).values_list("pk", flat=True)
    few = list(institutions[:51])
    if len(few) <= 50:
        institutions = few
    reach = Q(staff__institution__in=institutions) | Q(staff__user=actor.user)
    return (
        Qualification.all_objects.filter(window)
        .filter(reach)
        .filter(staff__end_date__isnull=True)
        .select_related("staff", "staff__institution")
        .order_by("expires_on", "pk")
    )


def all_expiring(*, within_days: int, today: dt.date | None = None) -> QuerySet[Qualification]:
    """For the ``staff_expiry_alerts`` command (trusted, no actor)."""
    today = today or _today()
    return (
        Qualification.all_objects.filter(
            expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=within_days)
        )
        .filter(staff__end_date__isnull=True)
        .select_related("staff", "staff__institution", "staff__user")
        .order_by("staff__institution__code", "expires_on")
    )


# --- standards: gaps ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    criterion: str
    requirement: str
    reason: str


def active_framework(on: dt.date | None = None) -> StandardFramework | None:
    """The framework in force on ``on`` (today): published and already effective; a new
    version published with a later ``valid_from`` takes over on that date."""
    on = on or _today()
    return (
        StandardFramework.objects.filter(is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .order_by(F("valid_from").desc(nulls_last=True), "-pk")
        .first()
    )


def criteria_for(framework: StandardFramework, level: str | None) -> list[Criterion]:
    """The tiêu chuẩn of ``framework`` for a teacher of ``level``: sơ cấp has no research item
    (14 tiêu chuẩn), trung cấp and cao đẳng have 15 (Thông tư 08/2017/TT-BLĐTBXH as amended)."""
    rows = Criterion.objects.filter(standard__framework=framework).select_related("standard")
    return [c for c in rows if not (level and level in (c.not_for_levels or []))]


def requirements_for(
    member: StaffMember, framework: StandardFramework | None
) -> list[CriterionRequirement]:
    """National certificate requirements for the member's level and kind of teaching, plus the
    language and IT levels the institution set for the member's job position where the
    framework dates from Thông tư 21/2020/TT-BLĐTBXH (rule ``staff.standards.language_it``)."""
    if framework is None or not member.teaching_level:
        return []
    kinds = [member.teaching_kind or "integrated", ""]
    national = list(
        CriterionRequirement.objects.filter(
            criterion__standard__framework=framework,
            training_level=member.teaching_level,
            teaching_kind__in=kinds,
        ).select_related("criterion", "criterion__standard")
    )
    return national + _institution_language_it(member, framework)


def _institution_language_it(
    member: StaffMember, framework: StandardFramework
) -> list[CriterionRequirement]:
    if framework.valid_from is None:
        return []
    try:
        applied = rule_for(
            "staff.standards.language_it",
            on=max(framework.valid_from, _today()),
            institution=member.institution,
        )
    except RuleMissing:
        return []
    if applied.institution_setting is None:
        return []
    value = applied.value or {}
    # The job position's own requirement, else the one for the level taught, else the default.
    wanted = (
        (value.get("positions") or {}).get(member.position)
        or (value.get("by_level") or {}).get(member.teaching_level)
        or value.get("default")
        or []
    )
    by_kind = {
        c.number: c
        for c in Criterion.objects.filter(standard__framework=framework, standard__number=1)
    }
    criterion_of = {"language": by_kind.get(2), "it": by_kind.get(3)}
    result = []
    for spec in wanted:
        criterion = criterion_of.get(spec.get("kind", ""))
        if criterion is None:
            continue
        result.append(
            CriterionRequirement(
                criterion=criterion,
                training_level=member.teaching_level,
                kind=spec["kind"],
                min_rank=int(spec.get("min_rank", 1)),
                label=f"{spec.get('label', '')} ({applied.basis})".strip(),
            )
        )
    return result


def compute_certificate_gaps(
    requirements: Iterable[CriterionRequirement],
    qualifications: Sequence[Qualification],
    today: dt.date,
) -> list[Gap]:
    """Which required certificates the teacher lacks (or holds only expired)."""
    gaps = []
    for req in requirements:
        matching = [q for q in qualifications if q.kind == req.kind and q.rank >= req.min_rank]
        valid = [q for q in matching if q.expires_on is None or q.expires_on >= today]
        if valid:
            continue
        if matching:
            reason = _("Đã hết hạn ngày %(d)s") % {
                "d": max(q.expires_on for q in matching if q.expires_on).strftime("%d/%m/%Y")
            }
        else:
            reason = _("Chưa có")
        gaps.append(Gap(str(req.criterion), req.label, reason))
    return gaps


def latest_assessment(member: StaffMember) -> Assessment | None:
    return (
        Assessment.all_objects.filter(staff=member)
        .select_related("cycle")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=CriterionScore.all_objects.select_related("criterion__standard"),
            )
        )
        .order_by("-cycle__year")
        .first()
    )


def gap_list(member: StaffMember, *, today: dt.date | None = None) -> list[Gap]:
    """Exactly what a teacher still lacks for the level they teach: certificates, then criteria
    that the latest assessment (the unit head's view when given, else the teacher's) left unmet.
    """
    today = today or _today()
    if member.category != StaffCategory.TEACHER:
        return []
    framework = active_framework()
    qualifications = list(Qualification.all_objects.filter(staff=member))
    gaps = compute_certificate_gaps(requirements_for(member, framework), qualifications, today)
    if not member.teaching_level:
        gaps.append(
            Gap(
                _("Hồ sơ"),
                _("Trình độ giảng dạy"),
                _("Chưa ghi trình độ giảng dạy nên chưa xác định được chuẩn áp dụng"),
            )
        )
    assessment = latest_assessment(member)
    if assessment is not None:
        for score in assessment.scores.all():
            met = score.unit_met if score.unit_met is not None else score.self_met
            if met is False:
                who = (
                    _("Trưởng đơn vị đánh giá chưa đạt")
                    if score.unit_met is False
                    else _("Tự đánh giá chưa đạt")
                )
                gaps.append(Gap(str(score.criterion), _("Tiêu chuẩn"), who))
    return gaps


# --- standardisation figures ------------------------------------------------------------------


def _current_teachers(base: QuerySet[StaffMember]) -> QuerySet[StaffMember]:
    return base.filter(category=StaffCategory.TEACHER, end_date__isnull=True)


def _share(met: int, total: int) -> Decimal | None:
    return (Decimal(met) * 100 / total).quantize(Decimal("0.1")) if total else None


def _standardisation_rows(base: QuerySet[StaffMember], *group: str) -> QuerySet[Any]:
    """Teachers in post (``total``) and those meeting the standard (``met``) per ``group``."""
    return (
        _current_teachers(base)
        .values(*group)
        .annotate(total=Count("*"), met=Count("meets_standard", filter=Q(meets_standard=True)))
    )


def _with_share(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "share": _share(values["met"], values["total"])}


def standardisation_by(base: QuerySet[StaffMember], *group: str) -> list[dict[str, Any]]:
    """Teachers and the share meeting the standard, grouped by ``group`` fields, in one query."""
    return [_with_share(v) for v in _standardisation_rows(base, *group).order_by(*group)]


#: Institutions listed on the home-page panel; the standardisation page lists them all.
PANEL_INSTITUTIONS = 10


def standardisation_panel(actor: Actor) -> dict[str, Any]:
    """The home-page panel: provinces (when more than one), and the institutions lowest first.

    A national analyst reaches ~2,000 institutions: the panel shows the ten with the lowest
    share (ordered and cut in the database) and links to the full page; rendering every row
    took a second per request (bench/profile_page.py).
    """
    base = staff_visible(actor)
    by_institution = (
        _standardisation_rows(
            base, "institution_id", "institution__name", "institution__province__name"
        )
        .alias(ratio=Cast(F("met"), FloatField()) / F("total"))
        .order_by("ratio", "institution__name")
    )
    lowest = [_with_share(v) for v in by_institution[: PANEL_INSTITUTIONS + 1]]
    by_province = standardisation_by(base, "institution__province__name")
    return {
        "by_institution": lowest[:PANEL_INSTITUTIONS],
        "more_institutions": len(lowest) > PANEL_INSTITUTIONS,
        "by_province": by_province if len(by_province) > 1 else [],
    }


def standardisation_for_actor(actor: Actor) -> dict[str, Any]:
    """Per institution and per province, over everything the actor may view."""
    base = staff_visible(actor)
    return {
        "by_institution": standardisation_by(
            base, "institution_id", "institution__name", "institution__province__name"
        ),
        "by_province": standardisation_by(base, "institution__province__name"),
    }


def unit_aggregates(unit: Organisation) -> dict[str, Any]:
    """Figures about a teacher's unit that are not about any one person."""
    base = StaffMember.all_objects.filter(unit=unit)
    rows = standardisation_by(base, "unit_id")
    row = rows[0] if rows else {"total": 0, "met": 0, "share": None}
    return {"unit": unit, **row, "staff": base.filter(end_date__isnull=True).count()}


# --- workload ----------------------------------------------------------------------------------


def workload(member: StaffMember) -> list[dict[str, Any]]:
    """Hours taught per school year against the norm for the level taught, with the gap:
    ``status`` is ``under`` (thiếu giờ), ``met`` or ``over`` (vượt giờ, paid as overtime under
    Thông tư 07/2017/TT-BLĐTBXH — the overtime ceiling is NOT modelled)."""
    norm = TEACHING_NORM_HOURS.get(member.teaching_level or "", 0)
    rows = (
        TeachingAssignment.all_objects.filter(staff=member)
        .values("school_year")
        .annotate(hours=Sum("hours"))
        .order_by("-school_year")
    )
    result = []
    for r in rows:
        hours = r["hours"]
        status = "" if not norm else "under" if hours < norm else "over" if hours > norm else "met"
        result.append(
            {
                "school_year": r["school_year"],
                "hours": hours,
                "norm": norm,
                "share": _share(hours, norm) if norm else None,
                "status": status,
                "difference": abs(hours - norm) if norm else None,
                "bar": min(100, int(hours * 100 / norm)) if norm else 0,
            }
        )
    return result


def development_hours(member: StaffMember) -> list[dict[str, Any]]:
    """Hours of development per year against the requirement: the target of the unit's plan
    for that year, else ``DEVELOPMENT_HOURS_PER_YEAR`` (a working figure, see above)."""
    from opentvet.staff.models import DevelopmentPlan

    targets = (
        dict(
            DevelopmentPlan.all_objects.filter(unit_id=member.unit_id).values_list(
                "year", "target_hours_per_teacher"
            )
        )
        if member.unit_id
        else {}
    )
    rows = (
        DevelopmentActivity.all_objects.filter(staff=member)
        .values("start_date__year")
        .annotate(hours=Sum("hours"), internships=Count("pk", filter=Q(kind="internship")))
        .order_by("-start_date__year")
    )
    result = []
    for r in rows:
        required = targets.get(r["start_date__year"]) or DEVELOPMENT_HOURS_PER_YEAR
        result.append(
            {
                "year": r["start_date__year"],
                "hours": r["hours"],
                "internships": r["internships"],
                "required": required,
                "met": r["hours"] >= required,
            }
        )
    return result


# --- cycles ------------------------------------------------------------------------------------


def cycles_of(institution: Organisation) -> QuerySet[AssessmentCycle]:
    return AssessmentCycle.all_objects.filter(institution=institution).annotate(
        n=Count("assessments"),
        rated=Count("assessments", filter=Q(assessments__status=Assessment.Status.RATED)),
        met=Count("assessments", filter=Q(assessments__meets_standard=True)),
    )


def assessments_for_assessor(actor: Actor, cycle: AssessmentCycle) -> QuerySet[Assessment]:
    """Assessments in ``cycle`` the actor may see (unit heads: their unit's)."""
    reach = actor.reach_q("staff.view", "staff__institution__path") | actor.reach_q(
        "staff.view", "staff__unit__path"
    )
    return (
        Assessment.all_objects.filter(cycle=cycle)
        .filter(reach)
        .select_related("staff", "staff__unit")
        .order_by("staff__search_name")
    )


# --- promotion ---------------------------------------------------------------------------------


def rounds_visible(actor: Actor) -> QuerySet[PromotionRound]:
    """Rounds the actor manages or whose organisation is above one of their staff roots."""
    qs = PromotionRound.objects.select_related("organisation", "target_title")
    if actor.is_superuser:
        return qs
    manage = actor.reach_q("promotion.manage", "organisation__path")
    above = Q(pk__in=[])
    for root in actor.paths_with("staff.view") + actor.paths_with("staff.change"):
        ancestors = [f"/{'/'.join(root.strip('/').split('/')[:i])}/" for i in range(1, 20)]
        above |= Q(organisation__path__in=[a for a in ancestors if len(a) <= len(root)])
    return qs.filter(manage | above)


def candidate_facts(member: StaffMember, *, today: dt.date | None = None) -> CandidateFacts:
    """The engine's view of one person, from prefetched relations when present."""
    qualifications = member.qualifications.all()
    rated = [
        a
        for a in member.assessments.all()
        if a.status == Assessment.Status.RATED and a.meets_standard is not None
    ]
    latest = max(rated, key=lambda a: a.cycle.year) if rated else None
    return CandidateFacts(
        current_title_code=member.title.code if member.title else None,
        title_since=member.title_since,
        qualifications=tuple(
            QualificationFact(q.kind, q.rank, q.name, q.expires_on) for q in qualifications
        ),
        meets_standard=latest.meets_standard if latest else None,
        achievements=tuple(member.achievements or ()),
    )


def rules_of(promotion_round: PromotionRound) -> list[Any]:
    """The round's rules; the title's rules as they stood when the round opened."""
    title = promotion_round.target_title
    from_codes = list(title.promotes_from.values_list("code", flat=True))
    title_rules = (
        promotion_round.title_rules
        if promotion_round.title_rules is not None
        else title.promotion_rules or []
    )
    return build_round_rules(from_codes, title_rules, promotion_round.extra_rules)


def _with_facts(qs: QuerySet[StaffMember]) -> QuerySet[StaffMember]:
    # Explicit querysets: a related manager would use the scoped default manager.
    return qs.select_related("institution", "unit", "title").prefetch_related(
        Prefetch("qualifications", queryset=Qualification.all_objects.all()),
        Prefetch("assessments", queryset=Assessment.all_objects.select_related("cycle")),
    )


def evaluate_member(member: StaffMember, promotion_round: PromotionRound) -> Verdict:
    return evaluate(
        candidate_facts(member), rules_of(promotion_round), promotion_round.reference_date
    )


def round_candidates(
    *, actor: Actor, promotion_round: PromotionRound
) -> list[tuple[StaffMember, Verdict, PromotionApplication | None]]:
    """Everyone in the round's area holding a title it promotes from, with the engine's verdict.

    Authorities see the whole area; HR officers see only their institutions' people.
    """
    from_ids = list(promotion_round.target_title.promotes_from.values_list("pk", flat=True))
    rules = rules_of(promotion_round)
    path = promotion_round.organisation.path
    if actor.can("promotion.manage", path):
        base = StaffMember.all_objects.all()
    else:
        base = staff_visible(actor)
    members = _with_facts(
        base.filter(
            institution__path__startswith=path,
            end_date__isnull=True,
        ).filter(Q(title_id__in=from_ids) | Q(applications__promotion_round=promotion_round))
    ).distinct()
    applications = {
        a.staff_id: a
        for a in PromotionApplication.all_objects.filter(promotion_round=promotion_round)
    }
    result = []
    for member in members.order_by("institution__name", "search_name"):
        verdict = evaluate(candidate_facts(member), rules, promotion_round.reference_date)
        result.append((member, verdict, applications.get(member.pk)))
    return result


def member_with_facts(member: StaffMember) -> StaffMember:
    return _with_facts(StaffMember.all_objects.filter(pk=member.pk)).get()


# --- lean and effective ------------------------------------------------------------------------


def staff_structure(base: QuerySet[StaffMember]) -> list[dict[str, Any]]:
    """Per institution: staff by category and the managers' and support staff's shares."""
    rows = (
        base.filter(end_date__isnull=True)
        .values("institution_id", "institution__name")
        .annotate(
            total=Count("pk"),
            teachers=Count("pk", filter=Q(category=StaffCategory.TEACHER)),
            managers=Count("pk", filter=Q(category=StaffCategory.MANAGER)),
            specialists=Count("pk", filter=Q(category=StaffCategory.SPECIALIST)),
            support=Count("pk", filter=Q(category=StaffCategory.SUPPORT)),
        )
        .order_by("institution__name")
    )
    result = []
    for values in rows:
        row = dict(values)
        row["manager_share"] = _share(row["managers"], row["total"])
        row["support_share"] = _share(row["support"] + row["specialists"], row["total"])
        result.append(row)
    return result


def teachers_by_occupation(base: QuerySet[StaffMember]) -> list[dict[str, Any]]:
    return list(
        base.filter(category=StaffCategory.TEACHER, end_date__isnull=True)
        .values("occupation_id", "occupation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "occupation__name")
    )


def load_distribution(base: QuerySet[StaffMember], school_year: int) -> list[dict[str, Any]]:
    """Teachers by share of their norm taught in ``school_year``: <50 %, 50–100 %, >100 %."""
    totals = dict(
        TeachingAssignment.all_objects.filter(staff__in=base, school_year=school_year)
        .values_list("staff_id")
        .annotate(h=Sum("hours"))
    )
    buckets = {"under": 0, "normal": 0, "over": 0, "none": 0}
    for pk, level in base.filter(category=StaffCategory.TEACHER, end_date__isnull=True).values_list(
        "pk", "teaching_level"
    ):
        hours = totals.get(pk)
        norm = TEACHING_NORM_HOURS.get(level or "", 0)
        if not hours or not norm:
            buckets["none"] += 1
        elif hours < norm / 2:
            buckets["under"] += 1
        elif hours <= norm:
            buckets["normal"] += 1
        else:
            buckets["over"] += 1
    return [
        {"key": "under", "label": _("Dưới 50% định mức"), "n": buckets["under"]},
        {"key": "normal", "label": _("50–100% định mức"), "n": buckets["normal"]},
        {"key": "over", "label": _("Vượt định mức"), "n": buckets["over"]},
        {"key": "none", "label": _("Chưa có số liệu"), "n": buckets["none"]},
    ]


def teacher_trend(base: QuerySet[StaffMember], years: Sequence[int]) -> list[dict[str, Any]]:
    """Teachers in post at the end of each year (start ≤ 31/12, not left before)."""
    teachers = base.filter(category=StaffCategory.TEACHER)
    result = []
    for year in years:
        end = dt.date(year, 12, 31)
        n = (
            teachers.filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=end))
            .count()
        )
        result.append({"year": year, "teachers": n})
    return result


def students_per_teacher(institution_ids: Sequence[int]) -> dict[int, Decimal | None]:
    """Active learners (studying or paused) per teacher in post, per institution."""
    from opentvet.learners.selectors import active_count

    students = active_count(institution_ids)
    teachers = dict(
        for_institutions(
            StaffMember.all_objects.filter(category=StaffCategory.TEACHER, end_date__isnull=True),
            institution_ids,
        )
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        pk: (Decimal(students.get(pk, 0)) / teachers[pk]).quantize(Decimal("0.1"))
        if teachers.get(pk)
        else None
        for pk in institution_ids
    }
