"""Pages of documents, meetings, tasks, difficulties, drafting projects and the briefing pack."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opentvet.core.jobs import job_start
from opentvet.core.models import Organisation
from opentvet.reporting import selectors, services
from opentvet.reporting.access import (
    access_difficulty_by_id,
    access_document_by_id,
    access_drafting_by_id,
    access_organisation_with,
    access_task_by_id,
)
from opentvet.reporting.forms import (
    BriefingForm,
    DifficultyAnswerForm,
    DifficultyForm,
    DifficultyRouteForm,
    DocumentIncomingForm,
    DocumentIssueForm,
    DocumentLinkForm,
    DraftingForm,
    DraftingTransitionForm,
    TaskForm,
    TaskProgressForm,
)
from opentvet.reporting.models import Difficulty, DocumentLink, Task
from opentvet.reporting.sections import DIFFICULTY_PERMS, briefing_organisations, may_use
from opentvet.reporting.views.common import flash_errors, orgs_with
from opentvet.web.views.common import actor_of, errors_to_form, paginate, querystring_without


def _need_any(actor: Any, *perms: str) -> None:
    if not may_use(actor, *perms):
        raise Http404


# --- Documents -------------------------------------------------------------------------------


@login_required
def document_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _need_any(actor, "document.view")
    direction = request.GET.get("huong", "")
    q = request.GET.get("q", "")[:100]
    documents = selectors.document_list(actor=actor, direction=direction, q=q)
    return render(
        request,
        "reporting/document_list.html",
        {
            "page": paginate(request, documents),
            "direction": direction,
            "q": q,
            "query": querystring_without(request, "page"),
            "orgs": orgs_with(actor, "document.change"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_with(actor, org_id, "document.change")
    incoming = request.GET.get("huong") == "in"
    form_class = DocumentIncomingForm if incoming else DocumentIssueForm
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if incoming:
                document = services.document_register_incoming(
                    actor=actor, organisation=organisation, **data
                )
            else:
                document = services.document_issue(actor=actor, organisation=organisation, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã vào sổ văn bản %(s)s.") % {"s": document.symbol})
            return redirect("reporting:document_detail", document_id=document.pk)
    return render(
        request,
        "reporting/document_form.html",
        {"form": form, "organisation": organisation, "incoming": incoming},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_detail_view(request: HttpRequest, document_id: str) -> HttpResponse:
    actor = actor_of(request)
    document = access_document_by_id(actor, document_id)
    others = selectors.document_list(actor=actor).exclude(pk=document.pk)
    form = DocumentLinkForm(request.POST or None, documents=others)
    if request.method == "POST":
        document = access_document_by_id(actor, document_id, for_write=True)
        if form.is_valid():
            try:
                services.document_link(
                    actor=actor,
                    source=document,
                    target=form.cleaned_data["target"],
                    kind=form.cleaned_data["kind"],
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                return redirect("reporting:document_detail", document_id=document.pk)
    visible = selectors.document_list(actor=actor)
    return render(
        request,
        "reporting/document_detail.html",
        {
            "document": document,
            "links_out": DocumentLink.objects.filter(
                source=document, target__in=visible
            ).select_related("target"),
            "links_in": DocumentLink.objects.filter(
                target=document, source__in=visible
            ).select_related("source"),
            "form": form,
            "can_edit": actor.can("document.change", document.organisation_path),
        },
    )


def _owners(actor: Any, organisation: Organisation) -> Any:
    return (
        Organisation.objects.filter(
            actor.reach_q("task.view"), path__startswith=organisation.path, valid_to__isnull=True
        )
        .exclude(kind="unit")
        .order_by("path")
    )


# --- Tasks ------------------------------------------------------------------------------------


@login_required
def task_board_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _need_any(actor, "task.view")
    within = None
    if request.GET.get("org"):
        within = access_organisation_with(actor, request.GET["org"], "task.view")
    board = selectors.task_board(actor=actor, within=within)
    return render(
        request,
        "reporting/task_board.html",
        {
            "board": board,
            "within": within,
            "orgs": orgs_with(actor, "task.change"),
            "columns": [(s, label, board.columns[s]) for s, label in Task.Status.choices],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_with(actor, org_id, "task.change")
    form = TaskForm(request.POST or None, owners=_owners(actor, organisation))
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_assign(actor=actor, assigned_by=organisation, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("reporting:task_detail", task_id=task.pk)
    return render(
        request,
        "reporting/simple_form.html",
        {
            "form": form,
            "title": _("Giao nhiệm vụ"),
            "organisation": organisation,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_detail_view(request: HttpRequest, task_id: str) -> HttpResponse:
    actor = actor_of(request)
    task = access_task_by_id(actor, task_id)
    form = TaskProgressForm(
        request.POST or None, request.FILES or None, initial={"progress": task.progress}
    )
    status = 200
    if request.method == "POST":
        task = access_task_by_id(actor, task_id, for_write=True)
        if form.is_valid():
            try:
                services.task_update_progress(actor=actor, task=task, **form.cleaned_data)
            except (ValidationError, PermissionError) as error:
                if isinstance(error, PermissionError):
                    raise Http404 from None
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã cập nhật tiến độ."))
                return redirect("reporting:task_detail", task_id=task.pk)
        status = 400
    return render(
        request,
        "reporting/task_detail.html",
        {
            "task": task,
            "updates": task.updates.select_related("by", "evidence_document"),
            "actions": selectors.task_list(actor=actor).filter(parent=task),
            "form": form,
            "can_update": actor.can("task.change", task.owner_path),
        },
        status=status,
    )


# --- Difficulties -----------------------------------------------------------------------------


@login_required
def difficulty_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _need_any(actor, *DIFFICULTY_PERMS)
    status = request.GET.get("trang_thai", "")
    category = request.GET.get("linh_vuc", "")
    return render(
        request,
        "reporting/difficulty_list.html",
        {
            "page": paginate(
                request, selectors.difficulty_list(actor=actor, status=status, category=category)
            ),
            "counts": selectors.difficulty_counts(actor=actor),
            "status": status,
            "category": category,
            "statuses": Difficulty.Status.choices,
            "categories": Difficulty._meta.get_field("category").choices,
            "query": querystring_without(request, "page"),
            "orgs": orgs_with(actor, "difficulty.raise", institutions=True),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_with(actor, org_id, "difficulty.raise")
    form = DifficultyForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            difficulty = services.difficulty_raise(
                actor=actor, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("reporting:difficulty_detail", difficulty_id=difficulty.pk)
    return render(
        request,
        "reporting/simple_form.html",
        {
            "form": form,
            "title": _("Nêu khó khăn, vướng mắc"),
            "organisation": organisation,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_detail_view(request: HttpRequest, difficulty_id: str) -> HttpResponse:
    actor = actor_of(request)
    difficulty = access_difficulty_by_id(actor, difficulty_id)
    can_resolve = actor.can("difficulty.resolve", difficulty.routed_to.path)
    documents = selectors.document_list(actor=actor)
    answer_form = DifficultyAnswerForm(documents=documents)
    route_form = DifficultyRouteForm(difficulty=difficulty)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "close":
                services.difficulty_close(actor=actor, difficulty=difficulty)
                messages.success(request, _("Đã đóng vướng mắc."))
                return redirect("reporting:difficulty_detail", difficulty_id=difficulty.pk)
            if not can_resolve:
                raise Http404
            if action == "route":
                route_form = DifficultyRouteForm(request.POST, difficulty=difficulty)
                if route_form.is_valid():
                    services.difficulty_route(
                        actor=actor, difficulty=difficulty, **route_form.cleaned_data
                    )
                    messages.success(request, _("Đã chuyển vướng mắc."))
                    return redirect("reporting:difficulty_detail", difficulty_id=difficulty.pk)
            elif action == "answer":
                answer_form = DifficultyAnswerForm(request.POST, documents=documents)
                if answer_form.is_valid():
                    services.difficulty_answer(
                        actor=actor, difficulty=difficulty, **answer_form.cleaned_data
                    )
                    messages.success(request, _("Đã trả lời vướng mắc."))
                    return redirect("reporting:difficulty_detail", difficulty_id=difficulty.pk)
        except PermissionError:
            raise Http404 from None
        except ValidationError as error:
            flash_errors(request, error)
        status = 400
    return render(
        request,
        "reporting/difficulty_detail.html",
        {
            "difficulty": difficulty,
            "can_resolve": can_resolve,
            "can_close": difficulty.status == Difficulty.Status.ANSWERED
            and (can_resolve or actor.can("difficulty.raise", difficulty.organisation_path)),
            "answer_form": answer_form,
            "route_form": route_form,
            "resolving_document": documents.filter(pk=difficulty.resolving_document_id).first(),
            "responses": difficulty.responses.select_related(
                "organisation", "forwarded_to", "document"
            ),
            "visible_documents": set(
                documents.filter(
                    pk__in=difficulty.responses.exclude(document=None).values("document_id")
                ).values_list("pk", flat=True)
            ),
        },
        status=status,
    )


# --- Drafting projects ------------------------------------------------------------------------


@login_required
def drafting_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    _need_any(actor, "document.view")
    return render(
        request,
        "reporting/drafting_list.html",
        {
            "projects": selectors.drafting_list(actor=actor),
            "orgs": orgs_with(actor, "document.change", authorities=True),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def drafting_create_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_with(actor, org_id, "document.change")
    form = DraftingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.drafting_create(
                actor=actor, organisation=organisation, owner_person=actor.user, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("reporting:drafting_detail", project_id=project.pk)
    return render(
        request,
        "reporting/simple_form.html",
        {
            "form": form,
            "title": _("Đề án, văn bản đang xây dựng"),
            "organisation": organisation,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def drafting_detail_view(request: HttpRequest, project_id: str) -> HttpResponse:
    actor = actor_of(request)
    project = access_drafting_by_id(actor, project_id)
    form = DraftingTransitionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        project = access_drafting_by_id(actor, project_id, for_write=True)
        if form.is_valid():
            try:
                services.drafting_transition(actor=actor, project=project, **form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                return redirect("reporting:drafting_detail", project_id=project.pk)
        status = 400
    return render(
        request,
        "reporting/drafting_detail.html",
        {
            "project": project,
            "form": form,
            "can_edit": actor.can("document.change", project.organisation_path),
        },
        status=status,
    )


# --- Briefing pack ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def briefing_view(request: HttpRequest) -> HttpResponse:
    """One action assembles the month's figures, tasks, difficulties and drafting into a file."""
    actor = actor_of(request)
    organisations = briefing_organisations(actor)
    if not (actor.is_superuser or organisations.exists()):
        raise Http404
    form = BriefingForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = access_organisation_with(actor, data["organisation"].pk, "report.view")
        job = job_start(
            actor=actor,
            organisation=organisation,
            kind="reporting.briefing_pack",
            title=_("Tài liệu giao ban tháng %(m)d/%(y)d")
            % {"m": data["month"], "y": data["year"]},
            params={
                "organisation_id": organisation.pk,
                "year": data["year"],
                "month": data["month"],
                "format": data["format"],
            },
        )
        return redirect("web:job_detail", job_id=job.pk)
    return render(
        request,
        "reporting/briefing.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
