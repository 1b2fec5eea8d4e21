"""Development plans per unit and the lean-staffing trends (institution page, province roll-up)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opentvet.core.access import parse_id
from opentvet.core.models import OrgKind
from opentvet.staff import planning, selectors, services, trends
from opentvet.staff.access import (
    access_institution,
    access_plan_by_id,
    can_plan,
    is_authority_viewer,
)
from opentvet.staff.charts import Series, line_chart
from opentvet.staff.forms import PlanForm, PlanItemForm
from opentvet.staff.models import DevelopmentPlanItem
from opentvet.web.views.common import actor_of, errors_to_form

TREND_YEARS = 5


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", this_year))
    except ValueError:
        return this_year
    return year if 2017 <= year <= this_year + 2 else this_year


@login_required
def plans_view(request: HttpRequest, org_id: str) -> HttpResponse:
    """The year's plans of an institution's units (or of one unit, for its head)."""
    actor = actor_of(request)
    organisation = access_institution(actor, org_id)
    year = _year(request)
    units = planning.plan_units(actor, organisation)
    plans = planning.plans_for(units, year)
    rows = [{"unit": u, "plan": plans.get(u.pk), "can_plan": can_plan(actor, u)} for u in units]
    return render(
        request,
        "staff/plans.html",
        {"organisation": organisation, "year": year, "rows": rows},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    unit = access_institution(actor, org_id)
    if unit.kind != OrgKind.UNIT or not can_plan(actor, unit):
        raise Http404
    form = PlanForm(request.POST or None, initial={"year": _year(request)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        try:
            plan = services.development_plan_save(actor=actor, unit=unit, year=year, data=data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch bồi dưỡng."))
            return redirect("staff:plan_detail", plan_id=plan.pk)
    return render(
        request,
        "staff/plan_form.html",
        {"unit": unit, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail_view(request: HttpRequest, plan_id: str) -> HttpResponse:
    actor = actor_of(request)
    plan = access_plan_by_id(actor, plan_id)
    editable = can_plan(actor, plan.unit)
    item_form = PlanItemForm()
    if request.method == "POST":
        if not editable:
            raise Http404
        action = request.POST.get("action")
        if action == "item_add":
            item_form = PlanItemForm(request.POST)
            if item_form.is_valid():
                try:
                    services.development_plan_item_add(
                        actor=actor, plan=plan, data=item_form.cleaned_data
                    )
                except ValidationError as error:
                    errors_to_form(item_form, error)
                else:
                    messages.success(request, _("Đã thêm nội dung vào kế hoạch."))
                    return redirect("staff:plan_detail", plan_id=plan.pk)
        elif action == "item_delete":
            item = DevelopmentPlanItem.all_objects.filter(
                pk=parse_id(request.POST.get("item")), plan=plan
            ).first()
            if item is None:
                raise Http404
            services.development_plan_item_delete(actor=actor, item=item)
            messages.success(request, _("Đã xóa nội dung khỏi kế hoạch."))
            return redirect("staff:plan_detail", plan_id=plan.pk)
        else:
            raise Http404
    return render(
        request,
        "staff/plan_detail.html",
        {
            "plan": plan,
            "progress": planning.plan_progress(plan),
            "editable": editable,
            "item_form": item_form,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- lean staffing trends ----------------------------------------------------------------------


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year - TREND_YEARS + 1, this_year + 1))


def _charts(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    years = [r["year"] for r in figures]
    return [
        line_chart(
            years,
            [Series(str(_("Người học / nhà giáo")), [r["students_per_teacher"] for r in figures])],
            str(_("Người học trên một nhà giáo")),
        ),
        line_chart(
            years,
            [
                Series(str(_("Cán bộ quản lý (%)")), [r["manager_share"] for r in figures]),
                Series(str(_("Chuyên viên, nhân viên (%)")), [r["support_share"] for r in figures]),
            ],
            str(_("Tỷ lệ cán bộ quản lý và phục vụ")),
        ),
        line_chart(
            years,
            [
                Series(str(_("Dưới 50% định mức")), [r["load"]["under"] for r in figures]),
                Series(str(_("50–100% định mức")), [r["load"]["normal"] for r in figures]),
                Series(str(_("Vượt định mức")), [r["load"]["over"] for r in figures]),
            ],
            str(_("Phân bố giờ giảng của nhà giáo")),
        ),
    ]


def trend_context(base: Any, student_filter: Q) -> dict[str, Any]:
    years = _years()
    figures = trends.yearly_figures(base, student_filter, years)
    return {
        "figures": figures,
        "charts": _charts(figures),
        "occupations": trends.occupation_trend(base, years),
        "norm": selectors.STUDENTS_PER_TEACHER_NORM,
    }


@login_required
def lean_overview_view(request: HttpRequest) -> HttpResponse:
    """Lean-staffing figures rolled up by province, for authorities (``staff.view`` above the
    institutions); institution users go to their own institution's page."""
    actor = actor_of(request)
    if not is_authority_viewer(actor):
        raise Http404
    base = selectors.staff_visible(actor)
    student_filter = actor.reach_q("staff.view", "institution__path")
    year = timezone.localdate().year
    return render(
        request,
        "staff/lean_overview.html",
        {
            "provinces": trends.province_rollup(base, student_filter, year),
            "year": year,
            **trend_context(base, student_filter),
        },
    )
