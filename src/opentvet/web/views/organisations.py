"""Organisation directory, profile, edit and history pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opentvet.core.access import access_organisation_by_id
from opentvet.core.jobs import job_start
from opentvet.core.models import OrgKind
from opentvet.core.selectors import (
    OrganisationFilters,
    organisation_children,
    organisation_history,
    organisation_list,
    organisation_members,
)
from opentvet.core.services import ALLOWED_CHILDREN, organisation_update
from opentvet.web.forms import OrganisationFilterForm, OrganisationForm
from opentvet.web.views.common import actor_of, errors_to_form, paginate, querystring_without

IMPORT_INSTITUTIONS_INTO = {
    OrgKind.PROVINCIAL_AUTHORITY,
    OrgKind.PEOPLES_COMMITTEE,
    OrgKind.NATIONAL_AUTHORITY,
}


def _filters(form: OrganisationFilterForm) -> OrganisationFilters:
    if not form.is_valid():
        return OrganisationFilters()
    data = form.cleaned_data
    return OrganisationFilters(
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        province=data["province"].pk if data.get("province") else None,
        institution_type=data.get("institution_type") or "",
        ownership=data.get("ownership") or "",
        sort=data.get("sort") or "name",
    )


@login_required
def organisation_list_view(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = OrganisationFilterForm(request.GET or None)
    filters = _filters(form)
    page = paginate(request, organisation_list(actor=actor, filters=filters))
    context = {"form": form, "page": page, "query": querystring_without(request, "page")}
    template = (
        "web/partials/organisation_rows.html" if request.htmx else "web/organisation_list.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def organisation_export_view(request: HttpRequest, org_id: str) -> HttpResponse:
    """Export the organisations under ``org_id`` (with the list's filters) as a background job."""
    actor = actor_of(request)
    organisation = access_organisation_by_id(actor, org_id, perm="data.export")
    form = OrganisationFilterForm(request.POST)
    filters = _filters(form)
    job = job_start(
        actor=actor,
        organisation=organisation,
        kind="organisations_export",
        title=_("Xuất danh sách tổ chức ra Excel"),
        params={"filters": filters.__dict__},
    )
    return redirect("web:job_detail", job_id=job.pk)


@login_required
def organisation_detail_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_by_id(actor, org_id)
    return render(
        request,
        "web/organisation_detail.html",
        {
            "org": organisation,
            "children": organisation_children(actor=actor, organisation=organisation),
            "members": organisation_members(actor=actor, organisation=organisation),
            "events": organisation.events.select_related("successor")[:20],
            "can_edit": actor.can("org.change", organisation.path),
            "can_audit": actor.can("audit.view", organisation.path),
            "can_export": actor.can("data.export", organisation.path),
            "can_manage_members": actor.can("org.manage_members", organisation.path),
            "can_add_child": actor.can("org.change", organisation.path)
            and bool(ALLOWED_CHILDREN.get(organisation.kind)),
            "can_import_institutions": actor.can("org.change", organisation.path)
            and organisation.kind in IMPORT_INSTITUTIONS_INTO,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_by_id(actor, org_id, for_write=True)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            changes = organisation_update(
                actor=actor, organisation=organisation, data=form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            if changes:
                messages.success(request, _("Đã lưu %(n)d thay đổi.") % {"n": len(changes)})
            else:
                messages.info(request, _("Không có thay đổi nào."))
            return redirect("web:organisation_detail", org_id=organisation.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "web/organisation_edit.html", {"org": organisation, "form": form}, status=status
    )


@login_required
def organisation_history_view(request: HttpRequest, org_id: str) -> HttpResponse:
    actor = actor_of(request)
    organisation = access_organisation_by_id(actor, org_id)
    if not actor.can("audit.view", organisation.path):
        raise Http404
    entries = organisation_history(actor=actor, organisation=organisation)
    only_self = request.GET.get("scope") == "self"
    if only_self:
        entries = entries.filter(object_type="core.organisation", object_id=str(organisation.pk))
    return render(
        request,
        "web/organisation_history.html",
        {
            "org": organisation,
            "page": paginate(request, entries),
            "only_self": only_self,
        },
    )
