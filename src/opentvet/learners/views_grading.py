"""Grading rules pages: the rules in force with their basis, the registrar's recompute (dry run,
then apply) and the institution's own letter scale (the principal's decision). Thin views: the
access layer, ``learners.recompute`` and ``learners.grading_services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from opentvet.core.models import Organisation, OrgKind
from opentvet.learners import access, grading, grading_services
from opentvet.learners.recompute import (
    PERMISSION,
    RecomputePlan,
    grading_recompute_apply,
    grading_recompute_plan,
)
from opentvet.learners.rules import grading_rules
from opentvet.regulations.models import InstitutionRuleSetting
from opentvet.web.views.common import actor_of, errors_to_form

FIELD_LABELS = {
    "final_score": gettext_lazy("Điểm 10"),
    "grade_point": gettext_lazy("Điểm 4"),
    "letter": gettext_lazy("Điểm chữ"),
    "passed": gettext_lazy("Kết quả"),
    "gpa": gettext_lazy("Điểm trung bình chung tích lũy"),
    "classification": gettext_lazy("Xếp loại tốt nghiệp"),
    "classification_basis": gettext_lazy("Căn cứ xếp loại"),
}


def _shown(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if name == "passed":
        return str(_("Đạt") if value else _("Chưa đạt"))
    if name == "classification":
        return grading.class_label(value)
    if name in {"final_score", "grade_point", "gpa"}:
        return str(value).replace(".", ",")
    return str(value)


def _rows(plan: RecomputePlan) -> list[dict[str, Any]]:
    rows = []
    for learner in plan.learners:
        lines = []
        for change in learner.results:
            module = change.result.offering.module
            lines.append(
                {
                    "what": f"{module.code} {module.name}",
                    "changes": [
                        (FIELD_LABELS[c.field], _shown(c.field, c.before), _shown(c.field, c.after))
                        for c in change.changes
                    ],
                }
            )
        if learner.diploma is not None:
            lines.append(
                {
                    "what": _("Sổ gốc số %(n)s") % {"n": learner.diploma.entry.register_number},
                    "changes": [
                        (FIELD_LABELS[c.field], _shown(c.field, c.before), _shown(c.field, c.after))
                        for c in learner.diploma.changes
                    ],
                }
            )
        rows.append({"student": learner.student, "lines": lines})
    return rows


@login_required
def grading_rules_view(request: HttpRequest) -> HttpResponse:
    """The grading rules in force today for both training modes, and the institutions whose
    grades the user manages (links to the recompute and the letter scale)."""
    actor = actor_of(request)
    today = timezone.localdate()
    reach = Q()
    for path in actor.paths_with(PERMISSION):
        reach |= Q(path__startswith=path)
    institutions = (
        Organisation.objects.filter(reach, kind=OrgKind.INSTITUTION).order_by("name")[:50]
        if reach
        else []
    )
    modes = [
        (_("Tích lũy tín chỉ"), grading_rules(grading.CREDIT, on=today)),
        (_("Niên chế"), grading_rules(grading.YEAR, on=today)),
    ]
    # The letter-scale page asks for org.change (the head's decision): link it only there.
    may_choose = {i.pk for i in institutions if actor.can("org.change", i.path)}
    return render(
        request,
        "learners/grading_rules.html",
        {"modes": modes, "institutions": institutions, "today": today, "may_choose": may_choose},
    )


@login_required
@require_http_methods(["GET", "POST"])
def grading_recompute_view(request: HttpRequest, org_id: str) -> HttpResponse:
    """GET: what recomputing would change (dry run); POST: apply it."""
    actor = actor_of(request)
    institution = access.access_institution(actor, org_id, PERMISSION)
    if request.method == "POST":
        plan = grading_recompute_apply(actor=actor, institution=institution)
        messages.success(
            request,
            _("Đã tính lại: %(r)d kết quả, %(d)d dòng sổ gốc.")
            % {"r": plan.result_count, "d": plan.diploma_count},
        )
        return redirect("learners:grading_recompute", org_id=institution.pk)
    plan = grading_recompute_plan(actor=actor, institution=institution)
    return render(
        request,
        "learners/grading_recompute.html",
        {"institution": institution, "plan": plan, "rows": _rows(plan)},
    )


class LetterScaleForm(forms.Form):
    levels = forms.CharField(
        label=gettext_lazy("Các mức (mỗi dòng: điểm 10 thấp nhất, điểm chữ, điểm 4)"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Áp dụng từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision = forms.CharField(label=gettext_lazy("Số quyết định của hiệu trưởng"), max_length=200)


def _levels_text(levels: list[dict[str, Any]]) -> str:
    return "\n".join(f"{lv['min']} {lv['letter']} {lv['point']}" for lv in levels)


@login_required
@require_http_methods(["GET", "POST"])
def letter_scale_view(request: HttpRequest, org_id: str) -> HttpResponse:
    """The institution's letter scale with more levels, by the principal's decision."""
    actor = actor_of(request)
    institution = access.access_institution(actor, org_id, "org.change")
    today = timezone.localdate()
    current = grading_rules(grading.CREDIT, on=today, institution=institution)
    applied = current["grading.credit.letter_scale"]
    if not applied.rule.institution_may_choose:  # pragma: no cover - the loaded rule allows it
        raise Http404
    form = LetterScaleForm(
        request.POST or None,
        initial={"levels": _levels_text(applied.value["levels"]), "valid_from": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            grading_services.letter_scale_choose(
                actor=actor,
                institution=institution,
                levels_text=form.cleaned_data["levels"],
                valid_from=form.cleaned_data["valid_from"],
                decision=form.cleaned_data["decision"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi thang điểm chữ của cơ sở."))
            return redirect("learners:letter_scale", org_id=institution.pk)
    settings = InstitutionRuleSetting.all_objects.filter(
        institution=institution, key="grading.credit.letter_scale"
    ).order_by("-valid_from")
    return render(
        request,
        "learners/letter_scale.html",
        {
            "institution": institution,
            "form": form,
            "applied": applied,
            "settings": settings,
        },
        status=400 if request.method == "POST" else 200,
    )


class GraduationExamForm(forms.Form):
    practical = forms.CharField(label=gettext_lazy("Điểm thi thực hành"), required=False)
    theory = forms.CharField(label=gettext_lazy("Điểm thi lý thuyết"), required=False)
    thesis = forms.CharField(label=gettext_lazy("Điểm khóa luận"), required=False)


def graduation_exam_form(actor: Any, student: Any) -> GraduationExamForm | None:
    """The niên chế graduation exam form for those who manage graduation (else ``None``)."""
    group = student.class_group
    if group is None or group.training_mode != grading.YEAR:
        return None
    if not access.can_at(actor, "graduation.manage", student.institution):
        return None
    return GraduationExamForm(initial=student.graduation_exam or {})


@login_required
@require_http_methods(["POST"])
def graduation_exam_view(request: HttpRequest, student_id: str) -> HttpResponse:
    """Record a niên chế learner's graduation exam scores (Điều 27 Thông tư 04/2022)."""
    actor = actor_of(request)
    student = access.access_student_by_id(actor, student_id, for_write=True)
    if not access.can_at(actor, "graduation.manage", student.institution):
        raise Http404
    form = GraduationExamForm(request.POST)
    if form.is_valid():
        try:
            grading_services.graduation_exam_record(
                actor=actor, student=student, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã ghi điểm thi tốt nghiệp."))
    return redirect("learners:student_detail", student_id=student.pk)
