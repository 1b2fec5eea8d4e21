"""Reads on programmes: lists through the actor's reach, the national register, public reads.

``published_programmes`` and ``programme_public_detail`` take no actor: they serve the public
programme search (admissions) and return published, current versions and public fields only.
``registered_scale_remaining`` is what the learners and admissions apps call before enrolling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from opentvet.core.access import Actor
from opentvet.core.models import AuditEntry, Organisation
from opentvet.core.text import fold
from opentvet.programmes.models import (
    ConsultationRecord,
    DeliveryMode,
    Programme,
    ProgrammeModule,
    ProgrammeVersion,
    RegistrationLine,
    TrainingRegistration,
    VersionStatus,
)


def current_q(today: dt.date | None = None, prefix: str = "") -> Q:
    """Versions in force on ``today``: published, started, not ended."""
    today = today or timezone.localdate()
    return Q(
        **{
            f"{prefix}status": VersionStatus.PUBLISHED,
            f"{prefix}effective_from__lte": today,
        }
    ) & (Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": today}))


# --- Institution lists ------------------------------------------------------------------------

PROGRAMME_SORTS = {
    "code": "code",
    "-code": "-code",
    "name": "search_name",
    "-name": "-search_name",
    "occupation": "occupation_id",
    "level": "training_level__order",
    "-created": "-created_at",
}


@dataclass(frozen=True)
class ProgrammeFilters:
    q: str = ""
    training_level: str = ""
    status: str = ""  # status of the latest version
    delivery_mode: str = ""
    international: str = ""  # "", "yes", "no"
    sort: str = "code"


def programme_list(
    *, actor: Actor, institution: Organisation, filters: ProgrammeFilters
) -> QuerySet[Programme]:
    """An institution's programmes with their latest version (``latest`` list, one item)."""
    qs = Programme.all_objects.filter(
        actor.reach_q("programme.view", "institution__path"),
        institution=institution,
    ).select_related("occupation", "training_level", "unit")
    if filters.q:
        for word in fold(filters.q).split():
            qs = qs.filter(search_name__contains=word)
    if filters.training_level:
        qs = qs.filter(training_level_id=filters.training_level)
    latest_filter = Q()
    if filters.status:
        qs = qs.filter(versions__status=filters.status)
    if filters.delivery_mode:
        latest_filter &= Q(versions__delivery_mode=filters.delivery_mode)
    if filters.international == "yes":
        latest_filter &= Q(versions__is_international=True)
    elif filters.international == "no":
        latest_filter &= Q(versions__is_international=False)
    if latest_filter:
        qs = qs.filter(latest_filter)
    qs = qs.distinct().prefetch_related(
        Prefetch(
            "versions",
            queryset=ProgrammeVersion.all_objects.order_by("-number"),
            to_attr="version_list",
        )
    )
    return qs.order_by(PROGRAMME_SORTS.get(filters.sort, "code"), "pk")


def programme_versions(*, programme: Programme) -> QuerySet[ProgrammeVersion]:
    return (
        ProgrammeVersion.all_objects.filter(programme=programme)
        .annotate(module_count=Count("modules"))
        .order_by("-number")
    )


def version_modules(*, version: ProgrammeVersion) -> QuerySet[ProgrammeModule]:
    return ProgrammeModule.all_objects.filter(version=version).order_by("order", "code")


def version_consultations(*, version: ProgrammeVersion) -> QuerySet[ConsultationRecord]:
    return ConsultationRecord.all_objects.filter(version=version).order_by("held_on", "id")


VERB_LABELS = {
    "version_create_draft": _lazy("Tạo dự thảo"),
    "version_copy": _lazy("Tạo phiên bản mới từ bản đã ban hành"),
    "version_update": _lazy("Sửa thông tin phiên bản"),
    "version_submit_for_review": _lazy("Gửi thẩm định"),
    "version_review_accept": _lazy("Thẩm định đạt, chuyển lấy ý kiến"),
    "version_review_return": _lazy("Trả lại để sửa"),
    "version_approve": _lazy("Phê duyệt"),
    "version_publish": _lazy("Ban hành"),
    "version_retire": _lazy("Hết hiệu lực"),
}


def version_history(*, version: ProgrammeVersion) -> QuerySet[AuditEntry]:
    """Audit entries of the version itself (the workflow steps), oldest first."""
    return (
        AuditEntry.all_objects.filter(
            object_type=ProgrammeVersion._meta.label_lower, object_id=str(version.pk)
        )
        .select_related("actor")
        .order_by("at", "id")
    )


def version_current(*, programme: Programme, on: dt.date | None = None) -> ProgrammeVersion | None:
    return (
        ProgrammeVersion.all_objects.filter(current_q(on), programme=programme)
        .order_by("-effective_from")
        .first()
    )


# --- Registration and scale -------------------------------------------------------------------

# Counters of enrolled learners, registered by the learners/admissions apps:
# ``counter(programme_ids, year) -> int`` (learners enrolled in ``year`` on those programmes).
EnrolledCounter = Callable[[list[int], int], int]
_ENROLLED_COUNTERS: list[EnrolledCounter] = []


def register_enrolled_counter(counter: EnrolledCounter) -> EnrolledCounter:
    """Let another app report how many learners a set of programmes enrolled in a year."""
    if counter not in _ENROLLED_COUNTERS:
        _ENROLLED_COUNTERS.append(counter)
    return counter


@dataclass(frozen=True)
class ScaleStatus:
    """Registered annual scale (quy mô tuyển sinh) against enrolments for one year."""

    scale: int | None  # None: the occupation and level are not registered
    enrolled: int
    remaining: int | None
    warning: bool
    message: str
    registration: TrainingRegistration | None = None


def registered_line(
    *, institution_id: int, occupation_id: str, training_level_id: str, on: dt.date
) -> RegistrationLine | None:
    """The line in force on ``on``: the latest certificate listing this occupation and level."""
    return (
        RegistrationLine.all_objects.select_related("registration")
        .filter(
            registration__institution_id=institution_id,
            registration__issued_on__lte=on,
            occupation_id=occupation_id,
            training_level_id=training_level_id,
        )
        .order_by("-registration__issued_on", "-registration_id")
        .first()
    )


def registered_scale_remaining(programme: Programme, year: int, adding: int = 0) -> ScaleStatus:
    """How much of the registered scale is left for ``programme``'s occupation and level.

    The scale belongs to the occupation and level at the institution, so every programme of
    the institution on the same pair counts against it. ``adding`` is the number about to be
    enrolled; ``warning`` is true when the pair is not registered or the scale would be passed.
    """
    line = registered_line(
        institution_id=programme.institution_id,
        occupation_id=programme.occupation_id,
        training_level_id=programme.training_level_id,
        on=dt.date(year, 12, 31),
    )
    sharing = list(
        Programme.all_objects.filter(
            institution_id=programme.institution_id,
            occupation_id=programme.occupation_id,
            training_level_id=programme.training_level_id,
        ).values_list("pk", flat=True)
    )
    enrolled = sum(counter(sharing, year) for counter in _ENROLLED_COUNTERS)
    if line is None:
        return ScaleStatus(
            scale=None,
            enrolled=enrolled,
            remaining=None,
            warning=True,
            message=_(
                "Ngành, nghề %(code)s trình độ %(level)s chưa có trong giấy chứng nhận đăng ký "
                "hoạt động GDNN của cơ sở."
            )
            % {"code": programme.occupation_id, "level": programme.training_level.name},
        )
    remaining = line.annual_scale - enrolled
    warning = enrolled + adding > line.annual_scale
    message = (
        _("Vượt quy mô đăng ký: đã tuyển %(enrolled)d/%(scale)d người năm %(year)d.")
        % {"enrolled": enrolled + adding, "scale": line.annual_scale, "year": year}
        if warning
        else ""
    )
    return ScaleStatus(
        scale=line.annual_scale,
        enrolled=enrolled,
        remaining=remaining,
        warning=warning,
        message=message,
        registration=line.registration,
    )


def registration_list(*, actor: Actor, institution: Organisation) -> QuerySet[TrainingRegistration]:
    return (
        TrainingRegistration.all_objects.filter(
            actor.reach_q("programme.view", "institution__path"),
            institution=institution,
        )
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=RegistrationLine.all_objects.select_related(
                    "occupation", "training_level"
                ),
            )
        )
        .order_by("-issued_on", "-id")
    )


@dataclass(frozen=True)
class ScaleRow:
    occupation_id: str
    occupation_name: str
    training_level: str
    scale: int | None
    enrolled: int
    programmes: list[Programme]
    warning: str


def registration_overview(*, institution: Organisation, year: int) -> list[ScaleRow]:
    """Per registered pair and per programme pair: scale, enrolled, and what is wrong."""
    on = dt.date(year, 12, 31)
    lines: dict[tuple[str, str], RegistrationLine] = {}
    for line in (
        RegistrationLine.all_objects.select_related("occupation", "training_level", "registration")
        .filter(registration__institution=institution, registration__issued_on__lte=on)
        .order_by("registration__issued_on", "registration_id")
    ):
        lines[(line.occupation_id, line.training_level_id)] = line  # later certificates win
    programmes: dict[tuple[str, str], list[Programme]] = {}
    for programme in Programme.all_objects.filter(institution=institution).select_related(
        "occupation", "training_level"
    ):
        programmes.setdefault((programme.occupation_id, programme.training_level_id), []).append(
            programme
        )
    rows = []
    for key in sorted(set(lines) | set(programmes)):
        line = lines.get(key)
        progs = programmes.get(key, [])
        enrolled = sum(c([p.pk for p in progs], year) for c in _ENROLLED_COUNTERS) if progs else 0
        warning = ""
        if line is None:
            warning = _("Chưa đăng ký hoạt động GDNN cho ngành, nghề và trình độ này.")
        elif enrolled > line.annual_scale:
            warning = _("Số tuyển vượt quy mô đăng ký.")
        first = progs[0] if progs else None
        rows.append(
            ScaleRow(
                occupation_id=key[0],
                occupation_name=(line.occupation.name if line else first.occupation.name)
                if (line or first)
                else "",
                training_level=(line.training_level.name if line else first.training_level.name)
                if (line or first)
                else "",
                scale=line.annual_scale if line else None,
                enrolled=enrolled,
                programmes=progs,
                warning=warning,
            )
        )
    return rows


# Figures on international pilots that other apps own (learners: cohorts, graduates, and
# graduates holding both the Vietnamese and the foreign certificate). A counter returns
# ``{programme_id: {"cohorts": n, "graduates": n, "dual_certificates": n}}``.
PilotCounter = Callable[[list[int]], dict[int, dict[str, int]]]
_PILOT_COUNTERS: list[PilotCounter] = []
PILOT_FIGURES = ("cohorts", "graduates", "dual_certificates")


def register_pilot_counter(counter: PilotCounter) -> PilotCounter:
    """Let the learners app report cohorts and dual-certificate graduates per programme."""
    if counter not in _PILOT_COUNTERS:
        _PILOT_COUNTERS.append(counter)
    return counter


def pilot_figures(programme_ids: list[int]) -> dict[int, dict[str, int]]:
    """Cohort and dual-certificate counts per programme (zeros when no app reports them)."""
    result = {pk: dict.fromkeys(PILOT_FIGURES, 0) for pk in programme_ids}
    for counter in _PILOT_COUNTERS:
        for pk, figures in counter(programme_ids).items():
            for key in PILOT_FIGURES:
                result.setdefault(pk, dict.fromkeys(PILOT_FIGURES, 0))[key] += figures.get(key, 0)
    return result


# --- National register (authorities) ---------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    occupation: str = ""  # a code or a prefix (field group)
    training_level: str = ""
    province: int | None = None
    delivery_mode: str = ""
    international: str = ""
    sort: str = "province"


REGISTER_SORTS = {
    "province": ["institution__province__name", "institution__name", "programme__code"],
    "institution": ["institution__name", "programme__code"],
    "occupation": ["programme__occupation_id", "institution__name"],
    "level": ["programme__training_level__order", "programme__occupation_id"],
}


def national_register(*, actor: Actor, filters: RegisterFilters) -> QuerySet[ProgrammeVersion]:
    """Current versions of every programme the actor reaches (one row per programme)."""
    qs = ProgrammeVersion.all_objects.filter(
        actor.reach_q("programme.view", "institution__path"), current_q()
    ).select_related(
        "programme",
        "programme__occupation",
        "programme__training_level",
        "institution",
        "institution__province",
    )
    if filters.q:
        for word in fold(filters.q).split():
            qs = qs.filter(
                Q(programme__search_name__contains=word)
                | Q(institution__search_name__contains=word)
            )
    if filters.occupation:
        qs = qs.filter(programme__occupation__code__startswith=filters.occupation.strip())
    if filters.training_level:
        qs = qs.filter(programme__training_level_id=filters.training_level)
    if filters.province:
        qs = qs.filter(institution__province_id=filters.province)
    if filters.delivery_mode:
        qs = qs.filter(delivery_mode=filters.delivery_mode)
    if filters.international == "yes":
        qs = qs.filter(is_international=True)
    elif filters.international == "no":
        qs = qs.filter(is_international=False)
    return qs.order_by(*REGISTER_SORTS.get(filters.sort, REGISTER_SORTS["province"]), "pk")


def national_register_counts(rows: QuerySet[ProgrammeVersion]) -> dict[str, list[dict[str, Any]]]:
    """Counts of the register's rows by occupation, level, province, mode and international."""
    base = rows.order_by()

    def grouped(*fields: str) -> list[dict[str, Any]]:
        return list(base.values(*fields).annotate(n=Count("pk")).order_by("-n", *fields))

    modes = dict(DeliveryMode.choices)
    mode_rows = [
        {**r, "label": modes.get(r["delivery_mode"], "")} for r in grouped("delivery_mode")
    ]
    return {
        "occupation": grouped("programme__occupation_id", "programme__occupation__name")[:15],
        "level": grouped("programme__training_level__name"),
        "province": grouped("institution__province__name"),
        "institution": grouped("institution__name")[:15],
        "mode": mode_rows,
        "international": grouped("is_international", "origin_country"),
    }


# --- Public reads (no actor) ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFilters:
    q: str = ""
    occupation: str = ""
    training_level: str = ""
    province: int | None = None
    delivery_mode: str = ""
    international: bool | None = None
    institution_id: int | None = None


PUBLIC_FIELDS = [
    "id",
    "number",
    "programme_id",
    "programme__code",
    "programme__name",
    "programme__occupation_id",
    "programme__occupation__name",
    "programme__training_level_id",
    "programme__training_level__name",
    "institution_id",
    "institution__name",
    "institution__province_id",
    "institution__province__name",
    "duration_months",
    "total_credits",
    "total_hours",
    "delivery_mode",
    "online_share_percent",
    "entry_level",
    "entry_requirements",
    "tuition_per_year",
    "is_international",
    "origin_country",
    "foreign_qualification",
    "dual_certificate",
    "effective_from",
]


def published_programmes(filters: PublicFilters | None = None) -> QuerySet[Any]:
    """Published, current programme versions as dicts of public fields (no actor needed)."""
    filters = filters or PublicFilters()
    qs = ProgrammeVersion.all_objects.filter(current_q())
    if filters.q:
        for word in fold(filters.q).split():
            qs = qs.filter(
                Q(programme__search_name__contains=word)
                | Q(institution__search_name__contains=word)
            )
    if filters.occupation:
        qs = qs.filter(programme__occupation__code__startswith=filters.occupation)
    if filters.training_level:
        qs = qs.filter(programme__training_level_id=filters.training_level)
    if filters.province:
        qs = qs.filter(institution__province_id=filters.province)
    if filters.delivery_mode:
        qs = qs.filter(delivery_mode=filters.delivery_mode)
    if filters.international is not None:
        qs = qs.filter(is_international=filters.international)
    if filters.institution_id:
        qs = qs.filter(institution_id=filters.institution_id)
    return qs.order_by("programme__occupation_id", "institution__name", "pk").values(*PUBLIC_FIELDS)


def programme_public_detail(version_id: int) -> dict[str, Any] | None:
    """One published, current version with its modules (public fields); None otherwise."""
    try:
        pk = int(version_id)
    except (TypeError, ValueError):
        return None
    row = published_programmes().filter(pk=pk).first()
    if row is None:
        return None
    row["modules"] = list(
        ProgrammeModule.all_objects.filter(version_id=pk)
        .order_by("order", "code")
        .values("code", "name", "unit_type", "kind", "credits", "theory_hours", "practice_hours")
    )
    return row


# --- Indicators -------------------------------------------------------------------------------


def published_counts_by_institution(
    institution_ids: list[int], on: dt.date, **extra: Any
) -> dict[int, int]:
    return dict(
        ProgrammeVersion.all_objects.filter(
            current_q(on), institution_id__in=institution_ids, **extra
        )
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
