"""Background job pages: progress polled by htmx, then the result or the errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from opentvet.core.access import access_job_by_id
from opentvet.core.jobs import job_reap_if_stale
from opentvet.web.views.common import actor_of


@login_required
def job_detail_view(request: HttpRequest, job_id: str) -> HttpResponse:
    job = access_job_by_id(actor_of(request), job_id)
    job_reap_if_stale(job)  # a job whose worker died ends here, and the page stops polling
    template = "web/partials/job_status.html" if request.htmx else "web/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_download_view(request: HttpRequest, job_id: str) -> FileResponse:
    job = access_job_by_id(actor_of(request), job_id)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
