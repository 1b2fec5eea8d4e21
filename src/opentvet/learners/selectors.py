"""Reads on learners data, always through the actor's reach (``access.learner_reach_q``).

``employment_outcomes`` and ``institution_outcomes`` are public aggregates (no actor): the
enrollment issue's programme search and the institution page show them, always with the
response rate beside the employment rate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Count, Func, Q, QuerySet, Sum, TextField, Value
from django.db.models.functions import Collate, Concat

from opentvet.core.access import Actor
from opentvet.core.indicators import for_institutions, many, shared
from opentvet.core.text import fold
from opentvet.learners.access import learner_reach_q
from opentvet.learners.lifecycle import ACTIVE
from opentvet.learners.models import (
    Attendance,
    AttendanceStatus,
    ClassGroup,
    DiplomaEntry,
    GradeChange,
    ModuleOffering,
    ModuleResult,
    Student,
    TeachingSession,
    TracerSurvey,
)
from opentvet.learners.transcripts import (
    Eligibility,
    TermSummary,
    Transcript,
    graduation_eligibility,
    transcripts,
)
from opentvet.programmes.models import ProgrammeVersion

#: Share of an offering's session hours missed without leave that flags a learner (warning),
#: and the share above which they may not sit the final exam. Unconfirmed against Thông tư
#: 04/2022 (the common rule is attending at least 70 % of theory hours); institutions adjust.
ABSENCE_WARNING = Decimal("0.20")
ABSENCE_LIMIT = Decimal("0.30")


@dataclass(frozen=True)
class StudentFilters:
    q: str = ""
    status: str = ""
    class_id: int | None = None
    institution_id: int | None = None
    # Name words: whole words of the folded name ("an" finds An, not Anh or Toàn); False:
    # anywhere inside it (the fallback for a partly typed word, see views.student_list_view).
    whole_words: bool = True


class NameWords(Func):
    """The folded name as an array of its words (PostgreSQL), which a GIN index serves."""

    function = "string_to_array"
    output_field = ArrayField(TextField())

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, Value(" "))


class NamePairs(Func):
    """Every unordered pair of distinct words of the folded name, "a b" with a before b in
    byte order (PostgreSQL function and GIN index of migration 0007)."""

    function = "opentvet_word_pairs"
    output_field = ArrayField(TextField())


def word_pairs(words: list[str]) -> list[str]:
    """The pairs ``NamePairs`` gives for a name made of ``words`` (Python's ``sorted`` is the
    byte order of ``COLLATE "C"`` on UTF-8)."""
    distinct = sorted(set(words))
    return [f"{a} {b}" for i, a in enumerate(distinct) for b in distinct[i + 1 :]]


def _whole_name_words(qs: QuerySet[Student], words: list[str]) -> QuerySet[Student]:
    """Learners whose folded name has every one of ``words`` as a word, in any order.

    On PostgreSQL an array containment served by a GIN index: one word through the index of
    the name's words (migration 0006); two or more through the index of the name's word
    pairs (0007), since a name holds every typed word exactly when it holds every pair of
    them, and pairs are rare where words are not ("nguyen" is in a third of all names):
    about 1 ms over 2.5 million names where intersecting the words' lists took 9-16 ms and
    the trigram match 45-400 ms (docs/benchmarks.md). Elsewhere the same rule as a LIKE on
    the name padded with spaces.
    """
    if not words:
        return qs
    if connection.vendor == "postgresql":
        pairs = word_pairs(words)
        if pairs:
            return qs.alias(name_pairs=NamePairs("search_name")).filter(name_pairs__contains=pairs)
        return qs.alias(name_words=NameWords("search_name")).filter(name_words__contains=words)
    qs = qs.alias(padded=Concat(Value(" "), "search_name", Value(" ")))
    for word in words:
        qs = qs.filter(padded__contains=f" {word} ")
    return qs


def student_list(*, actor: Actor, filters: StudentFilters | None = None) -> QuerySet[Student]:
    filters = filters or StudentFilters()
    qs = Student.all_objects.filter(learner_reach_q(actor, "student.view")).select_related(
        "institution", "class_group"
    )
    if filters.q:
        name_words = []
        for word in fold(filters.q).split():
            if word.isdigit():
                qs = qs.filter(Q(code__contains=word) | Q(citizen_id=word))
            elif any(ch.isdigit() for ch in word):  # a student code such as CD25CNTT017
                qs = qs.filter(code__icontains=word)
            elif filters.whole_words:
                name_words.append(word)
            else:
                # Name words match the folded name only: an OR with the code would stop
                # PostgreSQL from using the trigram index on search_name (bench_pages).
                qs = qs.filter(search_name__contains=word)
        qs = _whole_name_words(qs, name_words)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.class_id:
        qs = qs.filter(class_group_id=filters.class_id)
    if filters.institution_id:
        qs = qs.filter(institution_id=filters.institution_id)
    if filters.q and connection.vendor == "postgresql":
        # Sorting by the plain column lets PostgreSQL walk the B-tree in name order and test every
        # row against the search (seconds over 2.5 million students); a "C" collation sort can't
        # use that B-tree, so it filters through the trigram index first and sorts the matches.
        return qs.order_by(Collate("search_name", "C"), "pk")
    return qs.order_by("search_name", "pk")


def student_rows(*, actor: Actor) -> QuerySet[Student]:
    """The columns a row of the student list shows (``partials/student_rows.html``), within
    the actor's reach: ``paginate_large`` reads a page's rows by id from here."""
    return student_list(actor=actor).only(
        "id",
        "code",
        "full_name",
        "date_of_birth",
        "status",
        "class_group__code",
        "institution__name",
        "institution__short_name",
    )


def class_list(*, actor: Actor, q: str = "") -> QuerySet[ClassGroup]:
    """Classes the actor may see: staff of the institution, plus classes a teacher teaches."""
    reach = learner_reach_q(actor, "student.view")
    teaching = Q(offerings__teacher=actor.user) | Q(homeroom_teacher=actor.user)
    qs = (
        ClassGroup.all_objects.filter(reach | (teaching & learner_reach_q(actor, "results.enter")))
        .distinct()
        .select_related("institution", "programme_version__programme", "homeroom_teacher")
        .annotate(n_students=Count("students", distinct=True))
    )
    if q:
        for word in fold(q).split():
            qs = qs.filter(Q(code__icontains=word) | Q(name__icontains=word))
    return qs.order_by("-intake_year", "code")


def class_offerings(class_group: ClassGroup) -> QuerySet[ModuleOffering]:
    return (
        ModuleOffering.all_objects.filter(class_group=class_group)
        .select_related("module", "teacher")
        .annotate(n_results=Count("results", filter=Q(results__final_score__isnull=False)))
        .order_by("term", "module__order", "module__code")
    )


def class_students(class_group: ClassGroup) -> QuerySet[Student]:
    return Student.all_objects.filter(class_group=class_group).order_by("search_name", "pk")


def offering_sheet(offering: ModuleOffering) -> list[tuple[Student, ModuleResult | None]]:
    """The grade sheet: each learner of the class with their result (or None)."""
    results = {r.student_id: r for r in ModuleResult.all_objects.filter(offering=offering)}
    return [(s, results.get(s.pk)) for s in class_students(offering.class_group)]


def teacher_offerings(*, actor: Actor) -> QuerySet[ModuleOffering]:
    return (
        ModuleOffering.all_objects.filter(teacher=actor.user)
        .filter(learner_reach_q(actor, "results.enter"))
        .select_related("module", "class_group")
        .order_by("class_group__code", "term")
    )


def pending_grade_changes(*, actor: Actor) -> QuerySet[GradeChange]:
    return (
        GradeChange.all_objects.filter(learner_reach_q(actor, "results.manage"))
        .filter(state=GradeChange.State.PENDING)
        .select_related("result__student", "result__offering__module", "requested_by")
    )


# --- transcripts and graduation (computed under the dated rules: learners.transcripts) ---------

__all__ = ["Eligibility", "TermSummary", "Transcript", "graduation_eligibility", "transcripts"]


def diploma_register(*, actor: Actor) -> QuerySet[DiplomaEntry]:
    return (
        DiplomaEntry.all_objects.filter(learner_reach_q(actor, "student.view"))
        .select_related("decision", "institution")
        .order_by("institution_id", "-issued_on", "register_number")
    )


# --- attendance ------------------------------------------------------------------------------


@dataclass
class AbsenceFlag:
    student: Student
    offering: ModuleOffering
    absent_hours: int
    total_hours: int
    share: Decimal
    over_limit: bool


def absence_flags(offerings: Iterable[ModuleOffering]) -> list[AbsenceFlag]:
    """Learners whose unexcused absences pass the warning share of an offering's held hours."""
    offerings = {o.pk: o for o in offerings}
    if not offerings:
        return []
    held = dict(
        TeachingSession.all_objects.filter(offering_id__in=offerings)
        .values_list("offering_id")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    rows = (
        Attendance.all_objects.filter(
            session__offering_id__in=offerings, status=AttendanceStatus.ABSENT
        )
        .values_list("session__offering_id", "student_id")
        .annotate(h=Sum("session__hours"))
        .order_by()
    )
    candidates = []
    for offering_id, student_id, hours in rows:
        total = held.get(offering_id) or 0
        if not total:
            continue
        share = (Decimal(hours) / Decimal(total)).quantize(Decimal("0.01"))
        if share >= ABSENCE_WARNING:
            candidates.append((offering_id, student_id, hours, total, share))
    students = Student.all_objects.in_bulk([c[1] for c in candidates])
    return [
        AbsenceFlag(students[s], offerings[o], h, t, share, share > ABSENCE_LIMIT)
        for o, s, h, t, share in candidates
        if s in students
    ]


def online_share(offerings: Iterable[ModuleOffering]) -> Decimal | None:
    """Share of held session hours delivered online, in percent (None before any session)."""
    totals = TeachingSession.all_objects.filter(
        offering_id__in=[o.pk for o in offerings]
    ).aggregate(total=Sum("hours"), online=Sum("hours", filter=Q(online=True)))
    if not totals["total"]:
        return None
    return (Decimal(totals["online"] or 0) * 100 / totals["total"]).quantize(Decimal("0.1"))


# --- tracer outcomes -------------------------------------------------------------------------


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _outcome(row: dict[str, Any]) -> dict[str, Any]:
    surveyed, responded, employed = row["surveyed"], row["responded"], row["employed"]
    return {
        "surveyed": surveyed,
        "responded": responded,
        "employed": employed,
        "in_field": row.get("in_field", 0),
        "employment_rate": _rate(employed, responded),
        "response_rate": _rate(responded, surveyed),
    }


_AGGREGATES = {
    "surveyed": Count("pk"),
    "responded": Count("pk", filter=Q(responded_at__isnull=False)),
    "employed": Count(
        "pk",
        filter=Q(responded_at__isnull=False)
        & (Q(employed=True) | Q(self_employed=True) | Q(started_business=True)),
    ),
    "in_field": Count("pk", filter=Q(responded_at__isnull=False, in_field=True)),
}


def _outcomes_by(key: str, qs: QuerySet[TracerSurvey]) -> dict[Any, dict[str, Any]]:
    rows = qs.values(key).annotate(**_AGGREGATES).order_by()
    return {row[key]: _outcome(row) for row in rows}


def employment_outcomes(programme_ids: Iterable[int], wave: int = 12) -> dict[int, dict[str, Any]]:
    """Employment of graduates per programme (public aggregate, one query).

    ``{programme_id: {surveyed, responded, employed, employment_rate, response_rate}}``; the
    employment rate is among respondents and must be shown with the response rate. Employed
    counts wage jobs, self-employment and new businesses (khởi nghiệp).
    """
    return _outcomes_by(
        "programme_id",
        TracerSurvey.all_objects.filter(programme_id__in=list(programme_ids), wave=wave),
    )


def institution_outcomes(
    institution_ids: Iterable[int], wave: int = 12
) -> dict[int, dict[str, Any]]:
    return _outcomes_by(
        "institution_id",
        for_institutions(TracerSurvey.all_objects.filter(wave=wave), list(institution_ids)),
    )


def cohort_outcomes(institution_id: int, wave: int = 12) -> dict[int, dict[str, Any]]:
    return _outcomes_by(
        "intake_year",
        TracerSurvey.all_objects.filter(institution_id=institution_id, wave=wave),
    )


def programme_outcomes_of(institution_id: int, wave: int = 12) -> list[dict[str, Any]]:
    """Per-programme outcomes of one institution with programme names, for its public page."""
    rows = (
        TracerSurvey.all_objects.filter(institution_id=institution_id, wave=wave)
        .values("programme_id", "programme__code", "programme__name")
        .annotate(**_AGGREGATES)
        .order_by("programme__code")
    )
    return [
        {"code": r["programme__code"], "name": r["programme__name"], **_outcome(r)} for r in rows
    ]


def tracer_list(*, actor: Actor) -> QuerySet[TracerSurvey]:
    return (
        TracerSurvey.all_objects.filter(learner_reach_q(actor, "student.view"))
        .select_related("student", "programme")
        .order_by("-created_at", "-pk")
    )


def active_count_by_level(institution_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Active learners (studying or paused) per institution and training level.

    Counted per programme version from the (status, institution, programme_version) index
    alone, then versions are mapped to levels: joining 1.2 million active rows to programmes
    before counting took three times as long at national scale (bench_reporting). Within an
    indicator batch the figure is computed once for every indicator that needs it.
    """
    ids = list(institution_ids)
    return shared(("learners.active_by_level", tuple(ids)), lambda: _active_count_by_level(ids))


def _active_count_by_level(institution_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = list(
        for_institutions(Student.all_objects.filter(status__in=ACTIVE), institution_ids)
        .values_list("institution_id", "programme_version_id")
        .annotate(n=Count("*"))  # COUNT(*), not COUNT(id): the index alone answers
        .order_by()
    )
    versions = ProgrammeVersion.all_objects.values_list("pk", "programme__training_level_id")
    if not many(institution_ids):
        versions = versions.filter(pk__in={pv for _i, pv, _n in rows if pv is not None})
    level_of = dict(versions.order_by())
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for institution_id, version_id, n in rows:
        level = level_of.get(version_id) or "unknown"
        out[institution_id][level] = out[institution_id].get(level, 0) + n
    return dict(out)


def active_count(institution_ids: Iterable[int]) -> dict[int, int]:
    """Active learners (studying or paused) per institution."""
    by_level = active_count_by_level(institution_ids)
    return {pk: sum(levels.values()) for pk, levels in by_level.items()}
