"""Pages of templates, periods, submissions and roll-ups. Thin: access layer, services, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.jobs import job_start
from opentvet.core.models import Organisation, OrgKind
from opentvet.core.tabular.export import export_xlsx, xlsx_response
from opentvet.reporting import live, rollups, selectors, services
from opentvet.reporting.access import (
    access_organisation_with,
    access_period_by_id,
    access_reporting_institution,
    access_rollup_root,
    access_submission_by_id,
    access_template_by_id,
)
from opentvet.reporting.charts import bar_chart
from opentvet.reporting.forms import (
    CommentForm,
    DefinitionForm,
    DifficultyForm,
    PeriodOpenForm,
    SubmissionForm,
    TemplateForm,
    TemplateItemsForm,
)
from opentvet.reporting.models import Submission, SubmissionValue, ValueSource
from opentvet.reporting.services.submissions import registered_indicator, template_items
from opentvet.reporting.views.common import flash_errors, orgs_with
from opentvet.web.views.common import actor_of, errors_to_form, paginate


@login_required
def index_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not (actor.is_superuser or actor.paths_with("report.view")):
        raise Http404
    return render(
        request,
        "reporting/index.html",
        {
            "periods": selectors.period_list(actor=actor)[:20],
            "submissions": selectors.submission_list(actor=actor)[:20],
            "due": selectors.due_reports_for_institutions(actor=actor),
            "template_orgs": orgs_with(actor, "report.review", authorities=True),
        },
    )


@login_required
def template_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "reporting/template_list.html",
        {
            "templates": selectors.template_list(actor=actor),
            "template_orgs": orgs_with(actor, "report.review", authorities=True),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_with(actor, org_id, "report.review")
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(
                actor=actor, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã tạo mẫu báo cáo. Hãy chọn các chỉ tiêu."))
            return redirect("reporting:template_detail", template_id=template.pk)
    return render(
        request,
        "reporting/template_form.html",
        {"form": form, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_detail_view(request: HttpRequest, template_id: str) -> HttpResponse:
    actor = actor_of(request)
    template = access_template_by_id(actor, template_id)
    can_edit = actor.can("report.review", template.organisation.path)
    items_form = TemplateItemsForm(template=template)
    period_form = PeriodOpenForm(template=template)
    definition_form = DefinitionForm(prefix="def")
    status = 200
    if request.method == "POST":
        template = access_template_by_id(actor, template_id, for_write=True)
        action = request.POST.get("action")
        try:
            if action == "items":
                items_form = TemplateItemsForm(request.POST, template=template)
                if items_form.is_valid():
                    for definition in items_form.cleaned_data["definitions"]:
                        services.template_item_add(
                            actor=actor, template=template, definition=definition
                        )
                    messages.success(request, _("Đã thêm chỉ tiêu."))
                    return redirect("reporting:template_detail", template_id=template.pk)
            elif action == "period":
                period_form = PeriodOpenForm(request.POST, template=template)
                if period_form.is_valid():
                    period = services.period_open(
                        actor=actor, template=template, **period_form.cleaned_data
                    )
                    messages.success(request, _("Đã mở kỳ báo cáo %(p)s.") % {"p": period.label})
                    return redirect("reporting:period_detail", period_id=period.pk)
            elif action == "definition":
                definition_form = DefinitionForm(request.POST, prefix="def")
                if definition_form.is_valid():
                    definition = services.indicator_definition_revise(
                        actor=actor, **definition_form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("Đã lưu định nghĩa %(c)s phiên bản %(v)d.")
                        % {"c": definition.code, "v": definition.version},
                    )
                    return redirect("reporting:template_detail", template_id=template.pk)
        except ValidationError as error:
            target = {"items": items_form, "period": period_form}.get(action or "", definition_form)
            errors_to_form(target, error)
        status = 400
    items = list(template.items.select_related("definition"))
    for item in items:
        d = item.definition
        item.has_source = d.kind == "manual" or registered_indicator(d.registry_code) is not None
    return render(
        request,
        "reporting/template_detail.html",
        {
            "template": template,
            "items": items,
            "periods": template.periods.order_by("-end"),
            "can_edit": can_edit,
            "items_form": items_form,
            "period_form": period_form,
            "definition_form": definition_form,
        },
        status=status,
    )


def _period_root(actor: Any, period: Any, request: HttpRequest) -> Any:
    """The roll-up's root: the actor's highest node under the period's authority, or the node
    a drill-down asks for (``?org=``, a province or an institution within reach)."""
    root = selectors.reporting_root(actor, period)
    if root is None:
        raise Http404
    org_id = request.GET.get("org")
    if org_id:
        narrowed = access_rollup_root(actor, period, org_id)
        if not narrowed.path.startswith(root.path):
            raise Http404
        return narrowed
    return root


def _charts_by_unit(rollup: list[Any]) -> list[tuple[str, Any]]:
    """One chart per unit of measure: people beside people, % beside % (never mixed)."""
    by_unit: dict[str, list[tuple[str, Any]]] = {}
    for row in rollup:
        if row.value is not None:
            by_unit.setdefault(row.unit, []).append((row.name, row.value))
    return [
        (unit, bar_chart(rows[:12], title=unit)) for unit, rows in by_unit.items() if len(rows) > 1
    ]


@login_required
def period_detail_view(request: HttpRequest, period_id: str) -> HttpResponse:
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    root = _period_root(actor, period, request)
    own = orgs_with(actor, "report.prepare", institutions=True)
    own = [o for o in own if o.path.startswith(period.template.organisation.path)]
    is_authority = not own
    rollup = selectors.period_rollup(actor=actor, period=period, root=root) if is_authority else []
    status_rows = selectors.period_status(actor=actor, period=period, root=root)
    previous, last_year = (
        selectors.period_comparisons(actor=actor, period=period, root=root)
        if is_authority
        else (None, None)
    )
    children, items = (
        rollups.rollup_by_child(actor=actor, period=period, root=root)
        if is_authority and root.kind != OrgKind.INSTITUTION
        else ([], [])
    )
    crumbs = [
        a
        for a in Organisation.objects.filter(pk__in=root.ancestors_ids()[:-1]).order_by("depth")
        if a.path.startswith(period.template.organisation.path) and actor.can("report.view", a.path)
    ]
    return render(
        request,
        "reporting/period_detail.html",
        {
            "period": period,
            "root": root,
            "crumbs": crumbs,
            "rollup": rollup,
            "status_rows": status_rows,
            "own": own,
            "is_authority": is_authority,
            "can_review": actor.can("report.review", root.path),
            "charts": _charts_by_unit(rollup),
            "previous": previous,
            "last_year": last_year,
            "children": children,
            "child_items": items,
            "national": root.kind in {OrgKind.MINISTRY, OrgKind.NATIONAL_AUTHORITY},
            "can_live": actor.can("report.live", root.path),
            "reported": sum(1 for r in status_rows if r.state in {"submitted", "acknowledged"}),
        },
    )


@login_required
def period_live_view(request: HttpRequest, period_id: str) -> HttpResponse:
    """The period's figures computed now (htmx partial of the period page)."""
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    root = _period_root(actor, period, request)
    if not actor.can("report.live", root.path):
        raise Http404
    values, institutions = live.period_live_rollup(actor=actor, period=period, root=root)
    rows = [
        (i.definition, values.get(i.definition.code))
        for i in template_items(period)
        if i.definition.kind == "computed"
    ]
    return render(
        request,
        "reporting/partials/period_live.html",
        {"period": period, "root": root, "rows": rows, "institutions": institutions},
    )


@login_required
def period_key_tasks_view(request: HttpRequest, period_id: str) -> HttpResponse:
    """The key tasks of the year in the submitted reports under the root, by institution."""
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    root = _period_root(actor, period, request)
    rollup = rollups.key_task_rollup(actor=actor, period=period, root=root)
    return render(
        request,
        "reporting/period_key_tasks.html",
        {"period": period, "root": root, "rollup": rollup},
    )


@login_required
def period_indicator_view(request: HttpRequest, period_id: str, code: str) -> HttpResponse:
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    root = _period_root(actor, period, request)
    item = next((i for i in template_items(period) if i.definition.code == code), None)
    if item is None:
        raise Http404
    rows = selectors.rollup_breakdown(actor=actor, period=period, root=root, code=code)
    chart = bar_chart([(r["label"], r["value"]) for r in rows if r["value"] is not None])
    return render(
        request,
        "reporting/period_indicator.html",
        {
            "period": period,
            "root": root,
            "item": item,
            "rows": rows,
            "chart": chart,
        },
    )


@login_required
def period_export_view(request: HttpRequest, period_id: str) -> HttpResponse:
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    root = selectors.reporting_root(actor, period)
    if root is None or not actor.can("data.export", root.path):
        raise Http404
    items = template_items(period)
    values = SubmissionValue.objects.filter(
        period=period, submitted=True, institution_path__startswith=root.path
    ).filter(actor.reach_q("report.view", "institution_path"))
    by_inst: dict[int, dict[str, Any]] = {}
    for inst_id, name, code, value in values.values_list(
        "institution_id", "institution__name", "code", "value"
    ).order_by("institution__name"):
        by_inst.setdefault(inst_id, {"name": name})[code] = value
    columns: list[tuple[Any, Any]] = [(_("Cơ sở GDNN"), "name")]
    columns += [
        (
            f"{i.definition.name} ({i.definition.unit})",
            (lambda row, c=i.definition.code: row.get(c)),
        )
        for i in items
    ]
    content = export_xlsx(title=period.label, columns=columns, rows=by_inst.values())
    return xlsx_response(content, f"tong-hop-{period.pk}.xlsx")


@login_required
@require_POST
def period_document_view(request: HttpRequest, period_id: str) -> HttpResponse:
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    root = selectors.reporting_root(actor, period)
    if root is None:
        raise Http404
    fmt = "docx" if request.POST.get("format") == "docx" else "pdf"
    job = job_start(
        actor=actor,
        organisation=root,
        kind="reporting.rollup_document",
        title=_("Văn bản tổng hợp báo cáo %(p)s") % {"p": period.label},
        params={"period_id": period.pk, "root_id": root.pk, "format": fmt},
    )
    return redirect("web:job_detail", job_id=job.pk)


@login_required
@require_POST
def period_remind_view(request: HttpRequest, period_id: str) -> HttpResponse:
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    root = selectors.reporting_root(actor, period)
    if root is None or not actor.can("report.review", root.path):
        raise Http404
    count = services.period_remind(actor=actor, period=period, within=root)
    messages.success(request, _("Đã gửi nhắc nhở tới %(n)d cơ sở.") % {"n": count})
    return redirect("reporting:period_detail", period_id=period.pk)


@login_required
@require_POST
def submission_start_view(request: HttpRequest, period_id: str, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    period = access_period_by_id(actor, period_id)
    institution = access_reporting_institution(actor, period, org_id, perm="report.prepare")
    try:
        submission = services.submission_start(actor=actor, period=period, institution=institution)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("reporting:period_detail", period_id=period.pk)
    return redirect("reporting:submission_detail", submission_id=submission.pk)


def _submission_context(actor: Any, submission: Submission, form: SubmissionForm) -> dict:
    path = submission.institution_path
    issues = (
        services.submission_validate(submission)
        if submission.is_editable or submission.status == Submission.Status.SIGNED
        else []
    )
    return {
        "submission": submission,
        "period": submission.period,
        "form": form,
        "issues": issues,
        "issue_codes": {i.code for i in issues},
        "versions": submission.versions.select_related("submitted_by"),
        "difficulties": submission.difficulties.select_related("routed_to"),
        "difficulty_form": DifficultyForm(organisation=submission.institution),
        "return_form": CommentForm(),
        "can_prepare": actor.can("report.prepare", path),
        "can_sign": actor.can("report.sign", path),
        "can_review": actor.can("report.review", path),
        "can_raise": actor.can("difficulty.raise", path),
        "sources": ValueSource,
        "key_tasks": list(submission.key_tasks.all()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def submission_detail_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    actor = actor_of(request)
    submission = access_submission_by_id(actor, submission_id)
    items = template_items(submission.period)
    form = SubmissionForm(request.POST or None, items=items, submission=submission)
    status = 200
    if request.method == "POST":
        submission = access_submission_by_id(actor, submission_id, perm="report.prepare")
        if form.is_valid():
            try:
                services.submission_save(
                    actor=actor,
                    submission=submission,
                    values=form.values(),
                    comments=form.comments(),
                    narrative=form.narrative(),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã lưu báo cáo."))
                return redirect("reporting:submission_detail", submission_id=submission.pk)
        status = 400
    return render(
        request,
        "reporting/submission_detail.html",
        _submission_context(actor, submission, form),
        status=status,
    )


def _action(request: HttpRequest, submission_id: str, perm: str, run: Any, ok: str) -> HttpResponse:
    actor = actor_of(request)
    submission = access_submission_by_id(actor, submission_id, perm=perm)
    try:
        run(actor, submission)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, ok)
    return redirect("reporting:submission_detail", submission_id=submission.pk)


@login_required
@require_POST
def submission_refresh_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    return _action(
        request,
        submission_id,
        "report.prepare",
        lambda a, s: services.submission_refresh(actor=a, submission=s),
        _("Đã cập nhật số liệu từ dữ liệu hiện có."),
    )


@login_required
@require_POST
def submission_sign_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    return _action(
        request,
        submission_id,
        "report.sign",
        lambda a, s: services.submission_sign(actor=a, submission=s),
        _("Đã ký duyệt báo cáo."),
    )


@login_required
@require_POST
def submission_submit_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    return _action(
        request,
        submission_id,
        "report.prepare",
        lambda a, s: services.submission_submit(actor=a, submission=s),
        _("Đã gửi báo cáo."),
    )


@login_required
@require_POST
def submission_acknowledge_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _action(
        request,
        submission_id,
        "report.review",
        lambda a, s: services.submission_acknowledge(actor=a, submission=s, comment=comment),
        _("Đã tiếp nhận báo cáo."),
    )


@login_required
@require_POST
def submission_return_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _action(
        request,
        submission_id,
        "report.review",
        lambda a, s: services.submission_return(actor=a, submission=s, comment=comment),
        _("Đã trả lại báo cáo kèm ý kiến."),
    )


@login_required
@require_POST
def submission_difficulty_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    actor = actor_of(request)
    submission = access_submission_by_id(actor, submission_id, perm="difficulty.raise")
    form = DifficultyForm(request.POST, organisation=submission.institution)
    if form.is_valid():
        try:
            services.difficulty_raise(
                actor=actor,
                organisation=submission.institution,
                submission=submission,
                **form.cleaned_data,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã ghi nhận khó khăn, vướng mắc."))
    else:
        flash_errors(
            request, ValidationError([e for errors in form.errors.values() for e in errors])
        )
    return redirect("reporting:submission_detail", submission_id=submission.pk)


@login_required
def submission_version_view(request: HttpRequest, submission_id: str, number: str) -> HttpResponse:
    actor = actor_of(request)
    submission = access_submission_by_id(actor, submission_id)
    version = submission.versions.filter(number=number if str(number).isdigit() else 0).first()
    if version is None:
        raise Http404
    return render(
        request, "reporting/submission_version.html", {"submission": submission, "version": version}
    )


@login_required
def submission_source_view(request: HttpRequest, submission_id: str, code: str) -> HttpResponse:
    """The rows behind one computed figure (traceability of the pre-fill)."""
    actor = actor_of(request)
    submission = access_submission_by_id(actor, submission_id)
    item = next((i for i in template_items(submission.period) if i.definition.code == code), None)
    if item is None:
        raise Http404
    indicator = registered_indicator(item.definition.registry_code)
    rows: Any = []
    if indicator is not None and indicator.source is not None:
        rows = indicator.source(
            institution_id=submission.institution_id,
            start=submission.period.start,
            end=submission.period.end,
        )
    value = submission.values.filter(code=code).first()
    return render(
        request,
        "reporting/submission_source.html",
        {
            "submission": submission,
            "item": item,
            "indicator": indicator,
            "page": paginate(request, rows, per_page=50) if rows != [] else None,
            "value": value,
        },
    )


@login_required
@require_POST
def submission_key_tasks_view(request: HttpRequest, submission_id: str) -> HttpResponse:
    """Save the report's key tasks of the year (rows ``title-N``, ``target-N``, ``progress-N``,
    ``result-N``, ``id-N``; a row whose title is emptied is removed)."""
    actor = actor_of(request)
    submission = access_submission_by_id(actor, submission_id, perm="report.prepare")
    rows = []
    for n in range(int(request.POST.get("rows", "0") or 0)):
        if n > 40:
            break
        rows.append(
            {
                field: request.POST.get(f"{field}-{n}", "")
                for field in ("id", "title", "target", "progress", "result")
            }
        )
    rows = [r for r in rows if r["title"].strip()]
    try:
        services.submission_key_tasks_save(actor=actor, submission=submission, items=rows)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã lưu nhiệm vụ trọng tâm."))
    return redirect("reporting:submission_detail", submission_id=submission.pk)
