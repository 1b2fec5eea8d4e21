"""Programme pages: thin views over the access layer, selectors and services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind
from opentvet.core.tabular.export import export_xlsx, xlsx_response
from opentvet.programmes import exports
from opentvet.programmes.access import (
    access_institution_for_programmes,
    access_module_by_id,
    access_programme_by_id,
    access_version_by_id,
)
from opentvet.programmes.diff import version_diff
from opentvet.programmes.forms import (
    ApproveForm,
    ConsultationForm,
    ModuleForm,
    ProgrammeCreateForm,
    ProgrammeEditForm,
    ProgrammeFilterForm,
    PublishForm,
    RegisterFilterForm,
    RegistrationForm,
    ReviewForm,
    VersionForm,
)
from opentvet.programmes.models import ProgrammeVersion, VersionStatus
from opentvet.programmes.selectors import (
    VERB_LABELS,
    ProgrammeFilters,
    RegisterFilters,
    national_register,
    national_register_counts,
    pilot_figures,
    programme_list,
    programme_versions,
    registration_list,
    registration_overview,
    version_consultations,
    version_history,
    version_modules,
)
from opentvet.programmes.services import (
    LineInput,
    consultation_record,
    module_add,
    module_remove,
    module_update,
    programme_create,
    programme_update,
    registration_set,
    version_approve,
    version_check,
    version_copy,
    version_publish,
    version_review,
    version_submit_for_review,
    version_update,
)
from opentvet.web.views.common import actor_of, errors_to_form, paginate, querystring_without


def _errors(form: Form, error: ValidationError) -> None:
    errors_to_form(form, error)


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    """Institution staff go to their institution's list; authorities to the national register."""
    actor = actor_of(request)
    roots = actor.paths_with("programme.view")
    if len(roots) == 1:
        institution = Organisation.objects.filter(path=roots[0], kind=OrgKind.INSTITUTION).first()
        if institution is not None:
            return redirect("programmes:list", org_id=institution.pk)
    return redirect("programmes:register")


# --- Institution programme list ---------------------------------------------------------------


def _programme_filters(form: ProgrammeFilterForm) -> ProgrammeFilters:
    if not form.is_valid():
        return ProgrammeFilters()
    return ProgrammeFilters(**{k: v or "" for k, v in form.cleaned_data.items()})


@login_required
def programme_list_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution_for_programmes(actor, org_id)
    form = ProgrammeFilterForm(request.GET or None)
    rows = programme_list(actor=actor, institution=institution, filters=_programme_filters(form))
    context = {
        "institution": institution,
        "form": form,
        "page": paginate(request, rows),
        "query": querystring_without(request, "page"),
        "can_change": actor.can("programme.change", institution.path),
        "can_export": actor.can("data.export", institution.path),
        # The same check as the organisation page (core.access.access_organisation_by_id): a
        # teacher reads the school's programmes but may not open the school's page.
        "can_open_institution": actor.can("org.view", institution.path),
    }
    template = "programmes/partials/programme_rows.html" if request.htmx else "programmes/list.html"
    return render(request, template, context)


@login_required
def programme_list_export_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution_for_programmes(actor, org_id, perm="data.export")
    form = ProgrammeFilterForm(request.GET or None)
    rows = programme_list(actor=actor, institution=institution, filters=_programme_filters(form))
    content = export_xlsx(
        title=_("Chương trình đào tạo"), columns=exports.programme_columns(), rows=rows
    )
    return xlsx_response(content, f"chuong-trinh-{institution.code}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def programme_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution_for_programmes(actor, org_id, for_write=True)
    form = ProgrammeCreateForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(actor=actor, institution=institution, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Đã tạo chương trình và phiên bản dự thảo 1."))
            version = programme.versions(manager="all_objects").get()
            return redirect("programmes:version", version_id=version.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/create.html",
        {"institution": institution, "form": form},
        status=status,
    )


# --- Programme and versions -------------------------------------------------------------------


@login_required
def programme_detail_view(request: HttpRequest, programme_id: str) -> HttpResponse:
    actor = actor_of(request)
    programme = access_programme_by_id(actor, programme_id)
    versions = list(programme_versions(programme=programme))
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "institution": programme.institution,
            "versions": versions,
            "pilot": pilot_figures([programme.pk])[programme.pk]
            if programme.pilot_status or any(v.is_international for v in versions)
            else None,
            "can_change": actor.can("programme.change", programme.institution.path),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit_view(request: HttpRequest, programme_id: str) -> HttpResponse:
    actor = actor_of(request)
    programme = access_programme_by_id(actor, programme_id, for_write=True)
    form = ProgrammeEditForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programme_update(actor=actor, programme=programme, data=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("programmes:detail", programme_id=programme.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/programme_edit.html",
        {"programme": programme, "institution": programme.institution, "form": form},
        status=status,
    )


def _labelled(entries: Any) -> list[Any]:
    result = list(entries)
    for entry in result:
        entry.label = VERB_LABELS.get(entry.verb, entry.verb)
    return result


def _version_page(
    request: HttpRequest, actor: Actor, version: ProgrammeVersion, status: int = 200, **forms: Any
) -> HttpResponse:
    path = version.institution.path
    can_change = actor.can("programme.change", path)
    can_approve = actor.can("programme.approve", path)
    editable = version.status == VersionStatus.DRAFT and can_change
    context = {
        "version": version,
        "programme": version.programme,
        "institution": version.institution,
        "modules": list(version_modules(version=version)),
        "consultations": list(version_consultations(version=version)),
        "history": _labelled(version_history(version=version)),
        "siblings": list(programme_versions(programme=version.programme)),
        "editable": editable,
        "can_change": can_change,
        "can_approve": can_approve,
        "can_export": actor.can("data.export", path),
        "problems": version_check(version) if version.status == VersionStatus.DRAFT else {},
        "module_form": forms.get("module_form") or (ModuleForm() if editable else None),
        "review_form": forms.get("review_form") or ReviewForm(),
        "consultation_form": forms.get("consultation_form")
        or ConsultationForm(initial={"held_on": timezone.localdate()}),
        "approve_form": forms.get("approve_form")
        or ApproveForm(initial={"decision_date": timezone.localdate()}),
        "publish_form": forms.get("publish_form")
        or PublishForm(initial={"effective_from": version.effective_from or timezone.localdate()}),
        "action_error": forms.get("action_error"),
    }
    return render(request, "programmes/version.html", context, status=status)


@login_required
def version_detail_view(request: HttpRequest, version_id: str) -> HttpResponse:
    actor = actor_of(request)
    version = access_version_by_id(actor, version_id)
    return _version_page(request, actor, version)


@login_required
def version_export_view(request: HttpRequest, version_id: str) -> HttpResponse:
    actor = actor_of(request)
    version = access_version_by_id(actor, version_id, perm="data.export")
    content = export_xlsx(
        title=_("Mô-đun, môn học"),
        columns=exports.module_columns(),
        rows=version_modules(version=version),
    )
    return xlsx_response(content, f"chuong-trinh-{version.programme.code}-v{version.number}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def version_edit_view(request: HttpRequest, version_id: str) -> HttpResponse:
    actor = actor_of(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("Chỉ sửa được phiên bản dự thảo."))
        return redirect("programmes:version", version_id=version.pk)
    form = VersionForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            version_update(actor=actor, version=version, data=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin phiên bản."))
            return redirect("programmes:version", version_id=version.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/version_edit.html",
        {"version": version, "programme": version.programme, "form": form},
        status=status,
    )


def _modules_response(
    request: HttpRequest, actor: Actor, version: ProgrammeVersion, form: ModuleForm | None = None
) -> HttpResponse:
    """After a module change: the modules block for htmx, the whole page otherwise."""
    if request.htmx:
        version.refresh_from_db()
        status = 400 if form is not None and form.errors else 200
        return render(
            request,
            "programmes/partials/modules.html",
            {
                "version": version,
                "modules": list(version_modules(version=version)),
                "editable": True,
                "module_form": form or ModuleForm(),
                "problems": version_check(version),
            },
            status=status,
        )
    if form is not None and form.errors:
        return _version_page(request, actor, version, status=400, module_form=form)
    return redirect("programmes:version", version_id=version.pk)


@login_required
@require_POST
def module_add_view(request: HttpRequest, version_id: str) -> HttpResponse:
    actor = actor_of(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    form = ModuleForm(request.POST)
    if form.is_valid():
        try:
            module_add(actor=actor, version=version, data=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return _modules_response(request, actor, version)
    return _modules_response(request, actor, version, form)


@login_required
@require_http_methods(["GET", "POST"])
def module_edit_view(request: HttpRequest, version_id: str, module_id: str) -> HttpResponse:
    actor = actor_of(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    module = access_module_by_id(actor, version, module_id)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            module_update(actor=actor, module=module, data=form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("programmes:version", version_id=version.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/module_edit.html",
        {"version": version, "programme": version.programme, "module": module, "form": form},
        status=status,
    )


@login_required
@require_POST
def module_remove_view(request: HttpRequest, version_id: str, module_id: str) -> HttpResponse:
    actor = actor_of(request)
    version = access_version_by_id(actor, version_id, for_write=True)
    module = access_module_by_id(actor, version, module_id)
    try:
        module_remove(actor=actor, module=module)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _modules_response(request, actor, version)


def _action(
    request: HttpRequest,
    version_id: str,
    perm: str,
    run: Any,
    form_class: type[Form] | None,
    form_key: str,
    done: str,
) -> HttpResponse:
    """Run a workflow action; on a rule error show the version page with the message."""
    actor = actor_of(request)
    version = access_version_by_id(actor, version_id, perm=perm)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _version_page(request, actor, version, status=400, **{form_key: form})
    try:
        result = run(actor, version, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is not None:
            _errors(form, error)
            return _version_page(request, actor, version, status=400, **{form_key: form})
        return _version_page(request, actor, version, status=400, action_error=_flatten(error))
    messages.success(request, done)
    target = result if isinstance(result, ProgrammeVersion) else version
    return redirect("programmes:version", version_id=target.pk)


def _flatten(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


@login_required
@require_POST
def version_submit_view(request: HttpRequest, version_id: str) -> HttpResponse:
    return _action(
        request,
        version_id,
        "programme.change",
        lambda actor, version, _data: version_submit_for_review(actor=actor, version=version),
        None,
        "",
        _("Đã gửi thẩm định."),
    )


@login_required
@require_POST
def version_review_view(request: HttpRequest, version_id: str) -> HttpResponse:
    accept = request.POST.get("decision") == "accept"
    return _action(
        request,
        version_id,
        "programme.change",
        lambda actor, version, data: version_review(
            actor=actor, version=version, accept=accept, note=data.get("note", "")
        ),
        ReviewForm,
        "review_form",
        _("Đã thẩm định: chuyển sang lấy ý kiến.") if accept else _("Đã trả lại để sửa."),
    )


@login_required
@require_POST
def consultation_add_view(request: HttpRequest, version_id: str) -> HttpResponse:
    return _action(
        request,
        version_id,
        "programme.change",
        lambda actor, version, data: consultation_record(actor=actor, version=version, data=data),
        ConsultationForm,
        "consultation_form",
        _("Đã ghi nhận ý kiến góp ý."),
    )


@login_required
@require_POST
def version_approve_view(request: HttpRequest, version_id: str) -> HttpResponse:
    return _action(
        request,
        version_id,
        "programme.approve",
        lambda actor, version, data: version_approve(actor=actor, version=version, **data),
        ApproveForm,
        "approve_form",
        _("Đã phê duyệt chương trình."),
    )


@login_required
@require_POST
def version_publish_view(request: HttpRequest, version_id: str) -> HttpResponse:
    return _action(
        request,
        version_id,
        "programme.approve",
        lambda actor, version, data: version_publish(actor=actor, version=version, **data),
        PublishForm,
        "publish_form",
        _("Đã ban hành chương trình."),
    )


@login_required
@require_POST
def version_copy_view(request: HttpRequest, version_id: str) -> HttpResponse:
    return _action(
        request,
        version_id,
        "programme.change",
        lambda actor, version, _data: version_copy(actor=actor, version=version),
        None,
        "",
        _("Đã tạo phiên bản mới (dự thảo) từ phiên bản này."),
    )


@login_required
def version_diff_view(request: HttpRequest, version_id: str, other_id: str) -> HttpResponse:
    actor = actor_of(request)
    old = access_version_by_id(actor, version_id)
    new = access_version_by_id(actor, other_id)
    if old.programme_id != new.programme_id:
        raise Http404
    if old.number > new.number:
        old, new = new, old
    diff = version_diff(old, new)
    return render(
        request,
        "programmes/diff.html",
        {"diff": diff, "programme": new.programme, "institution": new.institution},
    )


# --- Registration to train --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def registration_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution_for_programmes(
        actor, org_id, for_write=request.method == "POST"
    )
    can_change = actor.can("programme.change", institution.path)
    form = RegistrationForm(request.POST or None) if can_change else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            registration_set(
                actor=actor,
                institution=institution,
                certificate_number=data["certificate_number"],
                issued_on=data["issued_on"],
                issued_by=data["issued_by"],
                note=data["note"],
                lines=[
                    LineInput(occupation=o, training_level=o.training_level, annual_scale=scale)
                    for o, scale in data["lines"]
                ],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Đã lưu giấy chứng nhận đăng ký hoạt động GDNN."))
            return redirect("programmes:registration", org_id=institution.pk)
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    rows = registration_overview(institution=institution, year=year)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/registration.html",
        {
            "institution": institution,
            "registrations": registration_list(actor=actor, institution=institution),
            "rows": rows,
            "warnings": [r for r in rows if r.warning],
            "year": year,
            "form": form,
            "can_export": actor.can("data.export", institution.path),
        },
        status=status,
    )


@login_required
def registration_export_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    institution = access_institution_for_programmes(actor, org_id, perm="data.export")
    year = timezone.localdate().year
    content = export_xlsx(
        title=_("Quy mô đăng ký"),
        columns=exports.scale_columns(),
        rows=registration_overview(institution=institution, year=year),
    )
    return xlsx_response(content, f"dang-ky-gdnn-{institution.code}.xlsx")


# --- National register ------------------------------------------------------------------------


def _register_filters(form: RegisterFilterForm) -> RegisterFilters:
    if not form.is_valid():
        return RegisterFilters()
    data = form.cleaned_data
    return RegisterFilters(
        q=data.get("q") or "",
        occupation=data.get("occupation") or "",
        training_level=data.get("training_level") or "",
        province=data["province"].pk if data.get("province") else None,
        delivery_mode=data.get("delivery_mode") or "",
        international=data.get("international") or "",
        sort=data.get("sort") or "province",
    )


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = RegisterFilterForm(request.GET or None)
    rows = national_register(actor=actor, filters=_register_filters(form))
    context = {
        "form": form,
        "page": paginate(request, rows),
        "counts": national_register_counts(rows),
        "query": querystring_without(request, "page"),
        "can_export": bool(actor.paths_with("data.export")),
    }
    template = (
        "programmes/partials/register_rows.html" if request.htmx else "programmes/register.html"
    )
    return render(request, template, context)


@login_required
def register_export_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = RegisterFilterForm(request.GET or None)
    rows = national_register(actor=actor, filters=_register_filters(form)).filter(
        actor.reach_q("data.export", "institution__path")
    )
    content = export_xlsx(
        title=_("Sổ đăng ký chương trình"),
        columns=exports.register_columns(),
        rows=rows.iterator(chunk_size=2000),
    )
    return xlsx_response(content, "so-dang-ky-chuong-trinh.xlsx")
