"""Reads of the admissions app: the public portal, officers' queues, applicants' own data,
and the authority's oversight figures (aggregated in SQL, one query per breakdown)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from opentvet.admissions import integration
from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantDocument,
    ApplicantMessage,
    Application,
    Quota,
    RoundStatus,
    Wish,
    WishStatus,
)
from opentvet.core.access import Actor
from opentvet.core.text import fold
from opentvet.programmes.models import ProgrammeVersion


@dataclass(frozen=True)
class PortalFilters:
    q: str = ""
    level: str = ""
    province: int | None = None
    institution: int | None = None
    institution_name: str = ""  # words of the name, short name or code, folded
    delivery_mode: str = ""
    max_tuition: int | None = None
    international: bool = False
    open_only: bool = False


def portal_programmes(filters: PortalFilters) -> QuerySet[ProgrammeVersion]:
    """Published programmes for the public portal; search ignores diacritics and case."""
    qs = integration.published_versions()
    for word in fold(filters.q).split():
        qs = qs.filter(
            Q(programme__search_name__contains=word)
            | Q(programme__occupation__search_name__contains=word)
            | Q(programme__occupation__code__startswith=word)
        )
    if filters.level:
        qs = qs.filter(programme__training_level_id=filters.level)
    if filters.province:
        qs = qs.filter(institution__province_id=filters.province)
    if filters.institution:
        qs = qs.filter(institution_id=filters.institution)
    for word in fold(filters.institution_name).split():
        qs = qs.filter(institution__search_name__contains=word)
    if filters.delivery_mode:
        qs = qs.filter(delivery_mode=filters.delivery_mode)
    if filters.max_tuition is not None:
        qs = qs.filter(tuition_per_year__lte=filters.max_tuition)
    if filters.international:
        qs = qs.filter(is_international=True)
    if filters.open_only:
        qs = qs.filter(
            admission_quotas__round__status=RoundStatus.OPEN,
            admission_quotas__round__closes_on__gte=timezone.localdate(),
        ).distinct()
    return qs.order_by("programme__name", "institution__name", "pk")


def portal_cards() -> QuerySet[ProgrammeVersion]:
    """What a search result card shows (``partials/programme_rows.html``), read by id.

    A version row carries its objectives, entry requirements and decision texts; a page of 15
    cards needs none of them.
    """
    return (
        integration.published_versions()
        .select_related(None)
        .select_related("programme__training_level", "institution__province")
        .only(
            "id",
            "delivery_mode",
            "tuition_per_year",
            "is_international",
            "programme__name",
            "programme__training_level__name",
            "institution__name",
            "institution__province__name",
        )
    )


def portal_version(version_id: int) -> ProgrammeVersion | None:
    return portal_programmes(PortalFilters()).filter(pk=version_id).first()


def open_quotas_of(version: ProgrammeVersion) -> list[Quota]:
    """Quotas of a programme in rounds that take applications now or later (public)."""
    return list(
        Quota.all_objects.filter(
            programme_version=version,
            round__status__in=[RoundStatus.OPEN, RoundStatus.DRAFT],
            round__closes_on__gte=timezone.localdate(),
        )
        .exclude(round__status=RoundStatus.DRAFT)
        .select_related("round")
        .order_by("round__closes_on")
    )


def open_rounds() -> QuerySet[AdmissionRound]:
    return AdmissionRound.all_objects.filter(
        status=RoundStatus.OPEN, closes_on__gte=timezone.localdate()
    ).select_related("organisation")


def open_rounds_listing(limit: int) -> list[AdmissionRound]:
    """The newest ``limit`` open rounds with their organiser's name, for a short list.

    Nationally ~800 rounds are open at once: joining them all to 11,000 organisations before
    keeping 10 took 4-5 ms of every portal search (docs/benchmarks.md, "Page latency"); here
    the 10 are picked from the rounds alone, then their organisers are read by id.
    """
    from django.db.models import Prefetch

    from opentvet.core.models import Organisation

    return list(
        open_rounds()
        .select_related(None)
        .only("id", "name", "opens_on", "closes_on", "organisation_id")
        .prefetch_related(
            Prefetch("organisation", queryset=Organisation.objects.only("id", "name"))
        )[:limit]
    )


#: The portal's box of open rounds is the same for every visitor: ``portal.html`` renders it at
#: most once a minute per language (``{% cache 60 portal_open_rounds LANGUAGE_CODE %}``), and a
#: saved or deleted round drops it (``hooks``). It cost 2.7 ms of a 19 ms search, two queries
#: and ten links (docs/benchmarks.md, "Page latency").
ROUNDS_FRAGMENT = "portal_open_rounds"


def forget_rounds_box(**_signal_kwargs: object) -> None:
    """Drop the box in every language, now and again when the transaction commits (another
    worker may render the old rounds in between); from the cache ``{% cache %}`` uses."""
    fragments = caches["template_fragments"] if "template_fragments" in settings.CACHES else cache
    keys = [
        make_template_fragment_key(ROUNDS_FRAGMENT, [code]) for code, _name in settings.LANGUAGES
    ]
    fragments.delete_many(keys)
    transaction.on_commit(lambda: fragments.delete_many(keys))


def round_quotas(admission_round: AdmissionRound) -> QuerySet[Quota]:
    return (
        Quota.all_objects.filter(round=admission_round)
        .select_related(
            "institution__province",
            "programme_version__programme__occupation",
            "programme_version__programme__training_level",
        )
        .order_by("institution__name", "programme_version__programme__name")
    )


# --------------------------------------------------------------------------------------------
# Applicants


def my_applications(actor: Actor) -> list[Application]:
    return list(
        Application.objects.filter(user=actor.user)
        .select_related("round")
        .prefetch_related(
            _wishes_prefetch(),
        )
    )


def _wishes_prefetch() -> Any:
    from django.db.models import Prefetch

    return Prefetch(
        "wishes",
        queryset=Wish.all_objects.select_related(
            "institution", "quota__programme_version__programme"
        ).order_by("rank"),
    )


def my_documents(actor: Actor) -> QuerySet[ApplicantDocument]:
    return ApplicantDocument.objects.filter(user=actor.user)


def my_messages(actor: Actor) -> QuerySet[ApplicantMessage]:
    return ApplicantMessage.objects.filter(user=actor.user)[:50]  # type: ignore[return-value]


def my_unread_count(actor: Actor) -> int:
    return ApplicantMessage.objects.filter(user=actor.user, read_at__isnull=True).count()


@dataclass(frozen=True)
class NextStep:
    """One thing the applicant should do next, with the page where it is done."""

    text: str
    url_name: str
    testid: str


def applicant_next_steps(actor: Actor, applications: list[Application]) -> list[NextStep]:
    """What the applicant's home suggests, in the order an applicant meets it: fill in the
    profile, add documents, apply to an open round, confirm an admission."""
    from django.utils.translation import gettext as _

    from opentvet.admissions.models import ApplicantProfile

    steps: list[NextStep] = []
    profile = ApplicantProfile.objects.filter(user=actor.user).first()
    if profile is None or profile.date_of_birth is None or not profile.national_id:
        steps.append(
            NextStep(
                _("Hoàn thiện hồ sơ thí sinh: ngày sinh, số CCCD, trường đã học, điểm."),
                "admissions:profile",
                "step-profile",
            )
        )
    if not ApplicantDocument.objects.filter(user=actor.user).exists():
        steps.append(
            NextStep(
                _("Tải lên giấy tờ (bằng tốt nghiệp, học bạ, giấy ưu tiên nếu có)."),
                "admissions:profile",
                "step-documents",
            )
        )
    admitted = [w for a in applications for w in a.wishes.all() if w.status == WishStatus.ADMITTED]
    if admitted:
        steps.append(
            NextStep(
                _("Bạn đã trúng tuyển: hãy xác nhận nhập học hoặc từ chối."),
                "admissions:mine",
                "step-confirm",
            )
        )
    if not applications:
        steps.append(
            NextStep(
                _("Tìm chương trình và nộp hồ sơ vào một đợt tuyển sinh đang mở."),
                "admissions:portal",
                "step-apply",
            )
        )
    return steps


# --------------------------------------------------------------------------------------------
# Officers


def rounds_for_officer(actor: Actor) -> QuerySet[AdmissionRound]:
    """Rounds the actor organises or has a quota in (``admissions.view``)."""
    in_reach_quotas = Quota.all_objects.filter(
        actor.reach_q("admissions.view", "institution__path")
    ).values("round_id")
    return (
        AdmissionRound.all_objects.filter(
            actor.reach_q("admissions.view", "organisation__path") | Q(pk__in=in_reach_quotas)
        )
        .select_related("organisation")
        .order_by("-opens_on", "-pk")
    )


def review_queue(
    actor: Actor, admission_round: AdmissionRound, *, status: str = "", q: str = ""
) -> QuerySet[Wish]:
    """Wishes of a round at the institutions the actor reaches, best score first."""
    qs = (
        Wish.all_objects.filter(application__round=admission_round)
        .filter(actor.reach_q("admissions.view", "institution__path"))
        .select_related("application__user", "institution", "quota__programme_version__programme")
        .order_by("-application__score", "application__submitted_at", "pk")
    )
    if status:
        qs = qs.filter(status=status)
    for word in fold(q).split():
        qs = qs.filter(application__user__search_name__contains=word)
    return qs


# --------------------------------------------------------------------------------------------
# Oversight

BREAKDOWNS = {
    "province": ("institution__province__name", "Tỉnh/thành phố"),
    "institution": ("institution__name", "Cơ sở"),
    "occupation": ("programme_version__programme__occupation__name", "Ngành, nghề"),
    "level": ("programme_version__programme__training_level__name", "Trình độ"),
}
ADMITTED_STATES = [WishStatus.ADMITTED, WishStatus.CONFIRMED, WishStatus.ENROLLED]
ENROLLED_STATES = [WishStatus.CONFIRMED, WishStatus.ENROLLED]


def oversight_table(actor: Actor, *, by: str, year: int | None = None) -> list[dict[str, Any]]:
    """Seats, applications (wishes), admitted and enrolled per group, in reach; two queries."""
    field, _label = BREAKDOWNS.get(by, BREAKDOWNS["province"])
    quotas = Quota.all_objects.filter(actor.reach_q("admissions.view", "institution__path"))
    if year:
        quotas = quotas.filter(round__year=year)
    seats = dict(quotas.values_list(field).annotate(n=Sum("seats")).order_by())
    wishes = Wish.all_objects.filter(quota__in=quotas.values("pk"))
    counts = (
        wishes.values(f"quota__{field}")
        .annotate(
            applications=Count("pk"),
            admitted=Count("pk", filter=Q(status__in=ADMITTED_STATES)),
            enrolled=Count("pk", filter=Q(status__in=ENROLLED_STATES)),
        )
        .order_by()
    )
    by_group = {row[f"quota__{field}"]: row for row in counts}
    rows = []
    from opentvet.core.collation import vn_sort_key

    for group in sorted(set(seats) | set(by_group), key=lambda g: vn_sort_key(str(g or ""))):
        row = by_group.get(group, {})
        n_seats = int(seats.get(group) or 0)
        enrolled = row.get("enrolled", 0)
        rows.append(
            {
                "group": group or "—",
                "seats": n_seats,
                "applications": row.get("applications", 0),
                "admitted": row.get("admitted", 0),
                "enrolled": enrolled,
                "fill_rate": round(100 * enrolled / n_seats, 1) if n_seats else None,
            }
        )
    return rows


def oversight_trend(actor: Actor, *, year: int | None = None) -> list[dict[str, Any]]:
    """Applications per month (distinct applications with a wish in reach)."""
    wishes = Wish.all_objects.filter(actor.reach_q("admissions.view", "institution__path"))
    if year:
        wishes = wishes.filter(application__round__year=year)
    return list(
        wishes.annotate(month=TruncMonth("application__submitted_at"))
        .values("month")
        .annotate(
            applications=Count("application_id", distinct=True),
            admitted=Count("pk", filter=Q(status__in=ADMITTED_STATES)),
        )
        .order_by("month")
    )
