"""Staff pages: registry, record, qualifications, standards cycle, promotion, dashboards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.access import Actor, parse_id
from opentvet.core.tabular.export import xlsx_response
from opentvet.core.tabular.importer import get_import
from opentvet.core.tabular.jobs import import_job_start
from opentvet.core.tabular.templates import template_xlsx
from opentvet.regulations.selectors import RuleMissing, rule_for
from opentvet.staff import selectors, services
from opentvet.staff.access import (
    access_application_by_id,
    access_assessment_by_id,
    access_institution,
    access_qualification_by_id,
    access_round_by_id,
    access_staff_member_by_id,
    can_assess,
    can_change_member,
    can_edit_reference,
    can_rate_institution,
    can_see_personal,
    is_authority_viewer,
    is_self,
    own_staff_record,
)
from opentvet.staff.exports import qualifications_export, staff_export
from opentvet.staff.forms import (
    ApplicationForm,
    CycleForm,
    DecisionForm,
    DevelopmentForm,
    ImportForm,
    QualificationForm,
    RoundForm,
    StaffFilterForm,
    StaffMemberForm,
)
from opentvet.staff.models import (
    Assessment,
    AssessmentCycle,
    Criterion,
    CriterionScore,
    DevelopmentActivity,
    EmploymentRecord,
    Qualification,
    StaffMember,
    TeachingAssignment,
    TitleHistory,
)
from opentvet.web.views.common import actor_of as request_actor
from opentvet.web.views.common import errors_to_form, paginate, querystring_without

IMPORT_KINDS = {"staff", "staff_qualifications"}


def actor_of(request: HttpRequest) -> Actor:
    return request_actor(request)


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    institutions = list(selectors.institutions_with_staff_reach(actor)[:200])
    own = own_staff_record(actor)
    if not institutions and own is None and not actor.paths_with("promotion.manage"):
        raise Http404
    return render(
        request,
        "staff/home.html",
        {
            "institutions": institutions,
            "own": own,
            "can_promote": bool(actor.paths_with("promotion.manage")),
            "can_edit_reference": can_edit_reference(actor),
            "authority": is_authority_viewer(actor),
            # Unit heads hold their role at a faculty: their plans page is the unit's.
            "plan_units": [
                g.organisation_id
                for g in actor.grants
                if g.kind == "unit" and {"staff.assess", "staff.change"} & g.permissions
            ],
        },
    )


@login_required
def me_view(request: HttpRequest) -> HttpResponse:
    own = own_staff_record(actor_of(request))
    if own is None:
        raise Http404
    return redirect("staff:detail", staff_id=own.pk)


def _filters(form: StaffFilterForm) -> selectors.StaffFilters:
    if not form.is_valid():
        return selectors.StaffFilters()
    data = form.cleaned_data
    return selectors.StaffFilters(
        q=data.get("q") or "",
        category=data.get("category") or "",
        contract_type=data.get("contract_type") or "",
    )


@login_required
def list_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution(actor, org_id)
    form = StaffFilterForm(request.GET or None)
    page = paginate(
        request, selectors.staff_list(actor=actor, institution=institution, filters=_filters(form))
    )
    context = {
        "institution": institution,
        "form": form,
        "page": page,
        "query": querystring_without(request, "page"),
        "can_change": actor.can("staff.change", institution.path),
        "can_export": actor.can("data.export", institution.path),
    }
    template = "staff/partials/staff_rows.html" if request.htmx else "staff/staff_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution(actor, org_id, perm="staff.change")
    personal = actor.can("staff.view_personal", institution.path)
    form = StaffMemberForm(request.POST or None, institution=institution, personal=personal)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.staff_member_create(
                actor=actor, institution=institution, data=form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": member.full_name})
            return redirect("staff:detail", staff_id=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/staff_form.html",
        {"institution": institution, "form": form, "member": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    personal = can_see_personal(actor, member)
    form = StaffMemberForm(
        request.POST or None, instance=member, institution=member.institution, personal=personal
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_member_update(actor=actor, member=member, data=form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("staff:detail", staff_id=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/staff_form.html",
        {"institution": member.institution, "form": form, "member": member},
        status=status,
    )


@login_required
def detail_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id)
    today = timezone.localdate()
    # Related managers would use the scoped default managers; the access layer already decided.
    qualifications = list(Qualification.all_objects.filter(staff=member))
    for q in qualifications:
        q.days_left = (q.expires_on - today).days if q.expires_on else None  # type: ignore[attr-defined]
    assessments = (
        Assessment.all_objects.filter(staff=member).select_related("cycle").order_by("-cycle__year")
    )
    context: dict[str, Any] = {
        "member": member,
        "personal": can_see_personal(actor, member),
        "can_change": can_change_member(actor, member),
        "is_self": is_self(actor, member),
        "qualifications": qualifications,
        "gaps": selectors.gap_list(member, today=today),
        "workload": selectors.workload(member),
        "development": selectors.development_hours(member),
        "activities": DevelopmentActivity.all_objects.filter(staff=member)[:20],
        "titles": TitleHistory.all_objects.filter(staff=member).select_related("title"),
        "employment": EmploymentRecord.all_objects.filter(staff=member),
        "assignments": TeachingAssignment.all_objects.filter(staff=member)
        .select_related("occupation")
        .order_by("-school_year", "subject"),
        "assessments": assessments,
        "unit_figures": selectors.unit_aggregates(member.unit) if member.unit else None,
    }
    return render(request, "staff/staff_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def qualification_add_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    form = QualificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            services.qualification_add(
                actor=actor, member=member, data=data, evidence=form.cleaned_data.get("evidence")
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã thêm văn bằng, chứng chỉ."))
            return redirect("staff:detail", staff_id=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/simple_form.html",
        {
            "member": member,
            "form": form,
            "heading": _("Thêm văn bằng, chứng chỉ"),
            "multipart": True,
        },
        status=status,
    )


@login_required
def qualification_file_view(request: HttpRequest, staff_id: str, qual_id: str) -> FileResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id)
    qualification = access_qualification_by_id(actor, member, qual_id)
    if not qualification.evidence:
        raise Http404
    name = qualification.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(qualification.evidence.open("rb"), as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def development_add_view(request: HttpRequest, staff_id: str) -> HttpResponse:
    actor = actor_of(request)
    member = access_staff_member_by_id(actor, staff_id, for_write=True)
    form = DevelopmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.development_activity_add(actor=actor, member=member, data=form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi nhận hoạt động bồi dưỡng."))
            return redirect("staff:detail", staff_id=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "staff/simple_form.html",
        {"member": member, "form": form, "heading": _("Bồi dưỡng, thực tập doanh nghiệp")},
        status=status,
    )


# --- standards cycle ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cycles_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution(actor, org_id)
    can_open = actor.can("staff.change", institution.path)
    form = CycleForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_open:
            raise Http404
        if form.is_valid():
            try:
                cycle = services.cycle_open(
                    actor=actor, institution=institution, year=form.cleaned_data["year"]
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã mở kỳ đánh giá."))
                return redirect("staff:cycle_detail", cycle_id=cycle.pk)
    return render(
        request,
        "staff/cycles.html",
        {
            "institution": institution,
            "cycles": selectors.cycles_of(institution),
            "form": form,
            "can_open": can_open,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cycle_detail_view(request: HttpRequest, cycle_id: str) -> HttpResponse:
    actor = actor_of(request)
    cycle = (
        AssessmentCycle.all_objects.select_related("institution")
        .filter(pk=parse_id(cycle_id))
        .first()
    )
    if cycle is None:
        raise Http404
    if not (
        actor.can("staff.view", cycle.institution.path)
        or any(
            g.path.startswith(cycle.institution.path) and "staff.view" in g.permissions
            for g in actor.grants
        )
    ):
        raise Http404
    return render(
        request,
        "staff/cycle_detail.html",
        {"cycle": cycle, "assessments": selectors.assessments_for_assessor(actor, cycle)},
    )


def _criteria(assessment: Any) -> list[Criterion]:
    return selectors.criteria_for(assessment.cycle.framework, assessment.staff.teaching_level)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_view(request: HttpRequest, assessment_id: str) -> HttpResponse:
    actor = actor_of(request)
    assessment = access_assessment_by_id(actor, assessment_id)
    member = assessment.staff
    criteria = _criteria(assessment)
    scores = {s.criterion_id: s for s in CriterionScore.all_objects.filter(assessment=assessment)}
    mode = ""
    if is_self(actor, member) and assessment.status in {"draft", "self_done"}:
        mode = "self"
    elif (
        can_assess(actor, member)
        and not is_self(actor, member)
        and assessment.status in {"self_done", "unit_rated"}
    ):
        mode = "unit"
    can_rate = can_rate_institution(actor, member.institution) and assessment.status in {
        "unit_rated",
        "rated",
    }
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "self" and mode == "self":
                services.assessment_self_submit(
                    actor=actor,
                    assessment=assessment,
                    scores={
                        c.pk: (
                            request.POST.get(f"met_{c.pk}") == "1",
                            request.POST.get(f"evidence_{c.pk}", ""),
                        )
                        for c in criteria
                        if request.POST.get(f"met_{c.pk}") in {"0", "1"}
                    },
                    note=request.POST.get("note", "")[:2000],
                )
                messages.success(request, _("Đã gửi bản tự đánh giá."))
            elif action == "unit" and mode == "unit":
                services.assessment_unit_rate(
                    actor=actor,
                    assessment=assessment,
                    scores={
                        c.pk: request.POST.get(f"unit_{c.pk}") == "1"
                        for c in criteria
                        if request.POST.get(f"unit_{c.pk}") in {"0", "1"}
                    },
                    note=request.POST.get("note", "")[:2000],
                )
                messages.success(request, _("Đã ghi đánh giá của trưởng đơn vị."))
            elif action == "rate" and can_rate:
                choice = request.POST.get("meets", "")
                services.assessment_institution_rate(
                    actor=actor,
                    assessment=assessment,
                    meets_standard=None if choice == "" else choice == "1",
                )
                messages.success(request, _("Đã xếp loại."))
            else:
                raise Http404
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect("staff:assessment", assessment_id=assessment.pk)
        # Keep what was ticked when the submission is refused.
        scores = {}
    rows = []
    for c in criteria:
        score = scores.get(c.pk)
        posted_self = request.POST.get(f"met_{c.pk}") if request.method == "POST" else None
        posted_unit = request.POST.get(f"unit_{c.pk}") if request.method == "POST" else None
        rows.append(
            {
                "criterion": c,
                "self_met": score.self_met
                if score
                else (None if posted_self is None else posted_self == "1"),
                "evidence": score.evidence if score else request.POST.get(f"evidence_{c.pk}", ""),
                "unit_met": score.unit_met
                if score
                else (None if posted_unit is None else posted_unit == "1"),
            }
        )
    return render(
        request,
        "staff/assessment.html",
        {
            "assessment": assessment,
            "member": member,
            "rows": rows,
            "mode": mode,
            "can_rate": can_rate,
            "proposed": services.proposed_rating(assessment) if can_rate else None,
            "gaps": selectors.gap_list(member),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- promotion ---------------------------------------------------------------------------------


@login_required
def rounds_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    from opentvet.core.access import organisations_visible

    managed = organisations_visible(actor, "promotion.manage").filter(
        kind__in=["national_authority", "provincial_authority", "peoples_committee", "ministry"]
    )
    return render(
        request,
        "staff/rounds.html",
        {"rounds": selectors.rounds_visible(actor), "managed": managed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_institution(actor, org_id, perm="promotion.manage")
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            promotion_round = services.round_create(
                actor=actor, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã mở kỳ thăng hạng."))
            return redirect("staff:round_detail", round_id=promotion_round.pk)
    return render(
        request,
        "staff/simple_form.html",
        {"form": form, "heading": _("Mở kỳ thi, xét thăng hạng"), "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def round_detail_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    promotion_round = access_round_by_id(actor, round_id)
    candidates = selectors.round_candidates(actor=actor, promotion_round=promotion_round)
    manage = actor.can("promotion.manage", promotion_round.organisation.path)
    apply_form = ApplicationForm()
    applicable = [
        m
        for m, _v, app in candidates
        if app is None and actor.can("staff.change", m.institution.path)
    ]
    apply_form.fields["staff"].queryset = StaffMember.all_objects.filter(
        pk__in=[m.pk for m in applicable]
    )
    try:
        method_rule = rule_for("staff.promotion.methods", on=promotion_round.reference_date)
    except RuleMissing:
        method_rule = None
    try:
        priority_rule = services.priority_rules(promotion_round.reference_date)[0]
    except RuleMissing:
        priority_rule = None
    eligible_count = sum(1 for _m, v, app in candidates if app is not None and app.eligible)
    return render(
        request,
        "staff/round_detail.html",
        {
            "round": promotion_round,
            "method_rule": method_rule,
            "priority_rule": priority_rule,
            "over_quota": promotion_round.quota is not None
            and eligible_count > promotion_round.quota,
            "candidates": sorted(
                candidates,
                # Ranked applications first, in the priority order; the rest as they came.
                key=lambda c: c[2].priority_rank if c[2] and c[2].priority_rank else 10**9,
            ),
            "manage": manage,
            "rules": selectors.rules_of(promotion_round),
            "apply_form": apply_form if applicable else None,
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def round_rank_view(request: HttpRequest, round_id: str) -> HttpResponse:
    """Apply the priority order when eligible candidates exceed the round's quota."""
    actor = actor_of(request)
    promotion_round = access_round_by_id(actor, round_id, manage=True)
    try:
        services.round_rank(actor=actor, promotion_round=promotion_round)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã xếp thứ tự ưu tiên theo chỉ tiêu."))
    return redirect("staff:round_detail", round_id=promotion_round.pk)


@login_required
@require_POST
def round_apply_view(request: HttpRequest, round_id: str) -> HttpResponse:
    actor = actor_of(request)
    promotion_round = access_round_by_id(actor, round_id)
    member = access_staff_member_by_id(actor, request.POST.get("staff"), for_write=True)
    form = ApplicationForm(request.POST, request.FILES)
    form.fields["staff"].queryset = StaffMember.all_objects.filter(pk=member.pk)
    if form.is_valid():
        try:
            services.application_submit(
                actor=actor,
                promotion_round=promotion_round,
                member=member,
                evidence_note=form.cleaned_data["evidence_note"],
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã nộp hồ sơ của %(name)s.") % {"name": member.full_name})
    else:
        messages.error(request, _("Hồ sơ chưa hợp lệ."))
    return redirect("staff:round_detail", round_id=promotion_round.pk)


@login_required
@require_POST
def application_decide_view(request: HttpRequest, round_id: str, app_id: str) -> HttpResponse:
    actor = actor_of(request)
    promotion_round = access_round_by_id(actor, round_id, manage=True)
    application = access_application_by_id(actor, promotion_round, app_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.application_decide(actor=actor, application=application, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi kết quả."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect("staff:round_detail", round_id=promotion_round.pk)


# --- dashboards and indicators -----------------------------------------------------------------


@login_required
def standardisation_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    # The dashboard panel links here for everyone it is shown to, superusers included.
    if not (actor.is_superuser or actor.paths_with("staff.view")):
        raise Http404
    base = selectors.staff_visible(actor)
    return render(
        request,
        "staff/standardisation.html",
        {
            **selectors.standardisation_for_actor(actor),
            "by_occupation": selectors.standardisation_by(
                base, "occupation__name", "teaching_level"
            ),
        },
    )


@login_required
def lean_view(request: HttpRequest, org_id: str) -> HttpResponse:
    from django.db.models import Q

    from opentvet.staff.views_development import trend_context

    actor = actor_of(request)
    institution = access_institution(actor, org_id)
    base = selectors.staff_visible(actor).filter(institution__path__startswith=institution.path)
    year = timezone.localdate().year
    ratio = selectors.students_per_teacher([institution.pk]).get(institution.pk)
    return render(
        request,
        "staff/lean.html",
        {
            "institution": institution,
            "structure": selectors.staff_structure(base),
            "by_occupation": selectors.teachers_by_occupation(base),
            "load": selectors.load_distribution(base, year - 1),
            "load_year": year - 1,
            "students_per_teacher": ratio,
            **trend_context(base, Q(institution__path__startswith=institution.path)),
        },
    )


# --- Excel -------------------------------------------------------------------------------------


@login_required
def export_view(request: HttpRequest, org_id: str, what: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution(actor, org_id, perm="data.export")
    if not actor.can("staff.view", institution.path):
        raise Http404
    personal = actor.can("staff.view_personal", institution.path)
    stamp = timezone.localtime().strftime("%Y%m%d")
    if what == "ho-so":
        content = staff_export(actor=actor, institution=institution, personal=personal)
        return xlsx_response(content, f"nhan-su-{institution.code}-{stamp}.xlsx")
    if what == "van-bang":
        content = qualifications_export(actor=actor, institution=institution)
        return xlsx_response(content, f"van-bang-{institution.code}-{stamp}.xlsx")
    raise Http404


@login_required
def import_template_view(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in IMPORT_KINDS:
        raise Http404
    return xlsx_response(template_xlsx(get_import(kind)), f"mau-{kind.replace('_', '-')}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, org_id: str, kind: str) -> HttpResponse:
    actor = actor_of(request)
    if kind not in IMPORT_KINDS:
        raise Http404
    institution = access_institution(actor, org_id, perm="staff.change")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(
                actor=actor,
                organisation=institution,
                kind=kind,
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("web:job_detail", job_id=job.pk)
    return render(
        request,
        "staff/import.html",
        {"institution": institution, "form": form, "kind": kind, "spec": get_import(kind)},
        status=400 if request.method == "POST" else 200,
    )
