"""Reference-data pages for the national authority: the teacher standards framework and the
professional titles (see ``staff.services_reference`` for the versioning rules)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opentvet.core.access import parse_id
from opentvet.staff import services_reference as ref
from opentvet.staff.access import require_reference_editor
from opentvet.staff.forms import (
    CriterionForm,
    FrameworkForm,
    FrameworkVersionForm,
    RequirementForm,
    StandardForm,
    TitleForm,
)
from opentvet.staff.models import (
    AssessmentCycle,
    Criterion,
    CriterionRequirement,
    ProfessionalTitle,
    Standard,
    StandardFramework,
)
from opentvet.staff.selectors import active_framework
from opentvet.web.views.common import actor_of, errors_to_form


def _get(model: Any, key: Any) -> Any:
    obj = model.objects.filter(pk=parse_id(key)).first()
    if obj is None:
        raise Http404
    return obj


@login_required
def reference_view(request: HttpRequest) -> HttpResponse:
    require_reference_editor(actor_of(request))
    used = set(AssessmentCycle.all_objects.values_list("framework_id", flat=True).distinct())
    frameworks = list(StandardFramework.objects.order_by("-valid_from", "-pk"))
    for framework in frameworks:
        framework.in_use = framework.pk in used  # type: ignore[attr-defined]
    return render(
        request,
        "staff/reference.html",
        {
            "frameworks": frameworks,
            "current": active_framework(),
            "titles": ProfessionalTitle.objects.prefetch_related("promotes_from"),
        },
    )


def _framework_context(framework: StandardFramework, forms: dict[str, Any]) -> dict[str, Any]:
    standards = Standard.objects.filter(framework=framework).prefetch_related(
        Prefetch(
            "criteria",
            queryset=Criterion.objects.prefetch_related("requirements").order_by("number"),
        )
    )
    return {
        "framework": framework,
        "standards": standards,
        "in_use": ref.framework_in_use(framework),
        "current": active_framework(),
        "version_form": forms.get("new_version")
        or FrameworkVersionForm(
            initial={"name": framework.name, "regulation": framework.regulation}
        ),
        "framework_form": forms.get("update") or FrameworkForm(instance=framework),
        "standard_form": forms.get("standard_add") or StandardForm(),
        "criterion_form": forms.get("criterion_add") or CriterionForm(),
        "requirement_form": forms.get("requirement_add") or RequirementForm(),
        "failed_standard": forms.get("_standard"),
        "failed_criterion": forms.get("_criterion"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def framework_view(request: HttpRequest, framework_id: str) -> HttpResponse:
    actor = actor_of(request)
    require_reference_editor(actor)
    framework = _get(StandardFramework, framework_id)
    forms: dict[str, Any] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        form: Any = None
        try:
            if action == "new_version":
                form = FrameworkVersionForm(request.POST)
                if form.is_valid():
                    copy = ref.framework_new_version(
                        actor=actor, framework=framework, **form.cleaned_data
                    )
                    messages.success(request, _("Đã tạo phiên bản mới; sửa rồi bấm Áp dụng."))
                    return redirect("staff:framework", framework_id=copy.pk)
            elif action == "update":
                form = FrameworkForm(request.POST, instance=framework)
                if form.is_valid():
                    ref.framework_update(actor=actor, framework=framework, data=form.cleaned_data)
                    messages.success(request, _("Đã lưu bộ chuẩn."))
                    return redirect("staff:framework", framework_id=framework.pk)
            elif action == "publish":
                ref.framework_publish(actor=actor, framework=framework)
                messages.success(request, _("Đã áp dụng bộ chuẩn từ ngày hiệu lực."))
                return redirect("staff:framework", framework_id=framework.pk)
            elif action == "standard_add":
                form = StandardForm(request.POST)
                if form.is_valid():
                    ref.standard_save(
                        actor=actor, framework=framework, standard=None, data=form.cleaned_data
                    )
                    messages.success(request, _("Đã thêm tiêu chuẩn."))
                    return redirect("staff:framework", framework_id=framework.pk)
            elif action == "criterion_add":
                standard = _get(Standard, request.POST.get("standard"))
                if standard.framework_id != framework.pk:
                    raise Http404
                form = CriterionForm(request.POST)
                forms["_standard"] = standard.pk
                if form.is_valid():
                    ref.criterion_save(
                        actor=actor, standard=standard, criterion=None, data=form.cleaned_data
                    )
                    messages.success(request, _("Đã thêm tiêu chí."))
                    return redirect("staff:framework", framework_id=framework.pk)
            elif action == "requirement_add":
                criterion = _get(Criterion, request.POST.get("criterion"))
                if criterion.standard.framework_id != framework.pk:
                    raise Http404
                form = RequirementForm(request.POST)
                forms["_criterion"] = criterion.pk
                if form.is_valid():
                    ref.requirement_add(actor=actor, criterion=criterion, data=form.cleaned_data)
                    messages.success(request, _("Đã thêm yêu cầu văn bằng, chứng chỉ."))
                    return redirect("staff:framework", framework_id=framework.pk)
            elif action == "requirement_delete":
                requirement = _get(CriterionRequirement, request.POST.get("requirement"))
                if requirement.criterion.standard.framework_id != framework.pk:
                    raise Http404
                ref.requirement_delete(actor=actor, requirement=requirement)
                messages.success(request, _("Đã xóa yêu cầu."))
                return redirect("staff:framework", framework_id=framework.pk)
            else:
                raise Http404
        except ValidationError as error:
            if form is None:
                for message in error.messages:
                    messages.error(request, message)
                return redirect("staff:framework", framework_id=framework.pk)
            errors_to_form(form, error)
        forms[action] = form
    return render(
        request,
        "staff/framework.html",
        _framework_context(framework, forms),
        status=400 if request.method == "POST" else 200,
    )


def _reference_form(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[], Any],
    *,
    heading: str,
    success: str,
    framework: StandardFramework | None = None,
    note: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, success)
            if framework is not None:
                return redirect("staff:framework", framework_id=framework.pk)
            return redirect("staff:reference")
    return render(
        request,
        "staff/reference_form.html",
        {"form": form, "heading": heading, "back": framework, "note": note},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit_view(request: HttpRequest, criterion_id: str) -> HttpResponse:
    actor = actor_of(request)
    require_reference_editor(actor)
    criterion = _get(Criterion, criterion_id)
    form = CriterionForm(request.POST or None, instance=criterion)
    return _reference_form(
        request,
        form,
        lambda: ref.criterion_save(
            actor=actor, standard=criterion.standard, criterion=criterion, data=form.cleaned_data
        ),
        heading=_("Sửa tiêu chí"),
        success=_("Đã lưu tiêu chí."),
        framework=criterion.standard.framework,
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit_view(request: HttpRequest, standard_id: str) -> HttpResponse:
    actor = actor_of(request)
    require_reference_editor(actor)
    standard = _get(Standard, standard_id)
    form = StandardForm(request.POST or None, instance=standard)
    return _reference_form(
        request,
        form,
        lambda: ref.standard_save(
            actor=actor, framework=standard.framework, standard=standard, data=form.cleaned_data
        ),
        heading=_("Sửa tiêu chuẩn"),
        success=_("Đã lưu tiêu chuẩn."),
        framework=standard.framework,
    )


@login_required
@require_http_methods(["GET", "POST"])
def title_edit_view(request: HttpRequest, title_id: str) -> HttpResponse:
    actor = actor_of(request)
    require_reference_editor(actor)
    title = _get(ProfessionalTitle, title_id)
    form = TitleForm(request.POST or None, instance=title)
    return _reference_form(
        request,
        form,
        lambda: ref.title_update(actor=actor, title=title, data=form.service_data()),
        heading=_("Sửa chức danh nghề nghiệp"),
        success=_("Đã lưu chức danh %(code)s.") % {"code": title.code},
        note=_(
            "Thay đổi áp dụng cho các kỳ thi, xét thăng hạng mở sau khi lưu; "
            "kỳ đang mở giữ điều kiện như lúc mở."
        ),
    )
