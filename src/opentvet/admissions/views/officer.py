"""Institution and authority pages: rounds, quotas, the review queue, allocation, oversight."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.admissions import integration, selectors, services
from opentvet.admissions.access import (
    access_institution,
    access_round_by_id,
    access_wish_by_id,
)
from opentvet.admissions.coordinated import allocation_start
from opentvet.admissions.forms import QuotaForm, RoundForm, WishActionForm
from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantDocument,
    RoundKind,
    RoundStatus,
    WishStatus,
)
from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind
from opentvet.core.tabular.export import export_xlsx, xlsx_response
from opentvet.programmes.models import ProgrammeVersion, VersionStatus
from opentvet.web.views.common import actor_of, errors_to_form, paginate, querystring_without


def _round_creators(actor: Actor) -> list[Organisation]:
    """Where the actor may open a round (rolling: institutions; coordinated: authorities)."""
    orgs = Organisation.objects.filter(
        actor.reach_q("admissions.change") | actor.reach_q("admissions.coordinate"),
        valid_to__isnull=True,
        kind__in=[OrgKind.INSTITUTION, OrgKind.PROVINCIAL_AUTHORITY, OrgKind.NATIONAL_AUTHORITY],
    ).order_by("depth", "name")[:50]
    return [
        o
        for o in orgs
        if actor.can(
            "admissions.coordinate" if o.kind != OrgKind.INSTITUTION else "admissions.change",
            o.path,
        )
    ]


@login_required
def manage_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if (
        not actor.permissions() & {"admissions.view", "admissions.coordinate"}
        and not actor.is_superuser
    ):
        raise Http404
    return render(
        request,
        "admissions/manage.html",
        {"rounds": selectors.rounds_for_officer(actor)[:100], "creators": _round_creators(actor)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_institution(actor, org_id, "admissions.view")
    kind = RoundKind.ROLLING if organisation.kind == OrgKind.INSTITUTION else RoundKind.COORDINATED
    perm = "admissions.change" if kind == RoundKind.ROLLING else "admissions.coordinate"
    if not actor.can(perm, organisation.path):
        raise Http404
    today = timezone.localdate()
    form = RoundForm(request.POST or None, initial={"year": today.year, "opens_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            admission_round = services.round_create(
                actor=actor, organisation=organisation, kind=kind, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("admissions:round_manage", round_id=admission_round.pk)
    return render(
        request,
        "admissions/round_form.html",
        {"form": form, "org": organisation, "kind": kind},
        status=400 if request.method == "POST" else 200,
    )


def _quota_versions(actor: Actor, admission_round: AdmissionRound) -> QuerySet[ProgrammeVersion]:
    return (
        ProgrammeVersion.all_objects.filter(
            status=VersionStatus.PUBLISHED,
            institution__path__startswith=admission_round.organisation.path,
        )
        .filter(actor.reach_q("admissions.change", "institution__path"))
        .select_related("programme", "institution")
        .order_by("institution__name", "programme__name")
    )


@login_required
def round_manage_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    admission_round = access_round_by_id(actor, round_id, perm="admissions.view")
    perm = "admissions.coordinate" if admission_round.is_coordinated else "admissions.change"
    can_manage = actor.can(perm, admission_round.organisation.path)
    versions = _quota_versions(actor, admission_round)
    return render(
        request,
        "admissions/round_manage.html",
        {
            "round": admission_round,
            "quotas": selectors.round_quotas(admission_round),
            "can_manage": can_manage,
            "can_allocate": can_manage and admission_round.is_coordinated,
            "quota_form": QuotaForm(versions=versions) if versions.exists() else None,
            "statuses": RoundStatus,
        },
    )


@login_required
@require_POST
def quota_set_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    admission_round = access_round_by_id(actor, round_id, perm="admissions.view")
    form = QuotaForm(request.POST, versions=_quota_versions(actor, admission_round))
    if not form.is_valid():
        messages.error(request, _("Chỉ tiêu không hợp lệ."))
    else:
        try:
            services.quota_set(
                actor=actor,
                admission_round=admission_round,
                version=form.cleaned_data["programme_version"],
                seats=form.cleaned_data["seats"],
                min_score=form.cleaned_data.get("min_score"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
    return redirect("admissions:round_manage", round_id=admission_round.pk)


@login_required
@require_POST
def round_status_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    admission_round = access_round_by_id(actor, round_id, perm="admissions.view")
    try:
        services.round_set_status(
            actor=actor, admission_round=admission_round, status=request.POST.get("status", "")
        )
    except PermissionError:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("admissions:round_manage", round_id=admission_round.pk)


@login_required
@require_POST
def round_allocate_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    admission_round = access_round_by_id(actor, round_id, perm="admissions.coordinate")
    try:
        job = allocation_start(actor=actor, admission_round=admission_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("admissions:round_manage", round_id=admission_round.pk)
    return redirect("web:job_detail", job_id=job.pk)


@login_required
def queue_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    admission_round = access_round_by_id(actor, round_id, perm="admissions.view")
    status = request.GET.get("status", "")
    if status not in WishStatus.values:
        status = ""
    wishes = selectors.review_queue(
        actor, admission_round, status=status, q=request.GET.get("q", "")
    )
    return render(
        request,
        "admissions/queue.html",
        {
            "round": admission_round,
            "page": paginate(request, wishes),
            "status": status,
            "statuses": WishStatus.choices,
            "query": querystring_without(request, "page"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def wish_view(request: HttpRequest, wish_id: str) -> HttpResponse:
    actor = actor_of(request)
    wish = access_wish_by_id(actor, wish_id)
    can_change = actor.can("admissions.change", wish.institution.path)
    classes = integration.enrol_classes(wish) if wish.status == WishStatus.CONFIRMED else None
    form = WishActionForm(
        request.POST or None,
        classes=classes,
        may_admit=services.officer_may_admit(wish.application.round),
    )
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            try:
                services.wish_set_status(
                    actor=actor,
                    wish=wish,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                    class_group=form.cleaned_data.get("class_group"),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã cập nhật hồ sơ và gửi thông báo cho thí sinh."))
                for warning in getattr(wish, "enrol_warnings", []):
                    messages.warning(request, warning)
                return redirect("admissions:wish", wish_id=wish.pk)
    application = wish.application
    return render(
        request,
        "admissions/wish.html",
        {
            "wish": wish,
            "application": application,
            "profile": services.profile_of(application.user),
            "documents": ApplicantDocument.objects.filter(user_id=application.user_id),
            "form": form,
            "can_change": can_change,
            "student": integration.student_of(application.user_id) if wish.student_ref else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _oversight_context(request: HttpRequest, actor: Actor) -> dict[str, object]:
    by = request.GET.get("by", "province")
    if by not in selectors.BREAKDOWNS:
        by = "province"
    try:
        year = int(request.GET.get("year", "")) or None
    except ValueError:
        year = None
    return {"by": by, "year": year, "rows": selectors.oversight_table(actor, by=by, year=year)}


@login_required
def oversight_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if "admissions.view" not in actor.permissions() and not actor.is_superuser:
        raise Http404
    context = _oversight_context(request, actor)
    trend = selectors.oversight_trend(actor, year=context["year"])  # type: ignore[arg-type]
    peak = max((t["applications"] for t in trend), default=0) or 1
    context.update({"trend": trend, "peak": peak, "breakdowns": selectors.BREAKDOWNS})
    return render(request, "admissions/oversight.html", context)


@login_required
def oversight_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if "data.export" not in actor.permissions() and not actor.is_superuser:
        raise Http404
    context = _oversight_context(request, actor)
    label = selectors.BREAKDOWNS[context["by"]][1]  # type: ignore[index]
    content = export_xlsx(
        title=_("Tuyển sinh"),
        columns=[
            (_(label), "group"),
            (_("Chỉ tiêu"), "seats"),
            (_("Nguyện vọng"), "applications"),
            (_("Trúng tuyển"), "admitted"),
            (_("Nhập học"), "enrolled"),
            (_("Tỷ lệ lấp đầy (%)"), "fill_rate"),
        ],
        rows=context["rows"],  # type: ignore[arg-type]
    )
    return xlsx_response(content, f"tuyen-sinh-{context['by']}.xlsx")
