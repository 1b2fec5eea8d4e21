"""One import page for every registered import (core.tabular): template download, upload, job.

Apps link to ``web:import_start`` with their import ``kind`` and the target organisation; the
spec's permission decides who may use it, and the page answers 404 to everyone else.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from opentvet.core.access import access_organisation_by_id
from opentvet.core.tabular.export import xlsx_response
from opentvet.core.tabular.importer import get_import
from opentvet.core.tabular.jobs import MAX_UPLOAD_BYTES, import_job_start
from opentvet.core.tabular.reader import MAX_ROWS
from opentvet.core.tabular.templates import template_xlsx
from opentvet.web.views.common import actor_of, errors_to_form


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


def _spec(kind: str):  # type: ignore[no-untyped-def]
    try:
        return get_import(kind)
    except LookupError:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def import_start_view(request: HttpRequest, org_id: str, kind: str) -> HttpResponse:
    actor = actor_of(request)
    spec = _spec(kind)
    organisation = access_organisation_by_id(actor, org_id, perm=spec.permission or "org.change")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(
                actor=actor,
                organisation=organisation,
                kind=kind,
                uploaded_file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("web:job_detail", job_id=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "web/import.html",
        {
            "org": organisation,
            "spec": spec,
            "kind": kind,
            "form": form,
            "limits": {
                "rows": f"{MAX_ROWS:,}".replace(",", "."),
                "mb": MAX_UPLOAD_BYTES // (1024 * 1024),
            },
        },
        status=status,
    )


@login_required
def import_template_view(request: HttpRequest, org_id: str, kind: str) -> HttpResponse:
    actor = actor_of(request)
    spec = _spec(kind)
    organisation = access_organisation_by_id(actor, org_id, perm=spec.permission or "org.change")
    examples = spec().examples_for(organisation)
    return xlsx_response(template_xlsx(spec, examples), f"mau-nhap-{kind}.xlsx")
