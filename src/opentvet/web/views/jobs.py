"""Background job pages: progress polled by htmx, then the result or the errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from opentvet.core.access import Actor, access_job_by_id
from opentvet.core.jobs import job_reap_if_stale
from opentvet.core.models import Job
from opentvet.web.views.common import actor_of


@login_required
def job_detail_view(request: HttpRequest, job_id: str) -> HttpResponse:
    actor = actor_of(request)
    job = access_job_by_id(actor, job_id)
    job_reap_if_stale(job)  # a job whose worker died ends here, and the page stops polling
    template = "web/partials/job_status.html" if request.htmx else "web/job_detail.html"
    return render(request, template, {"job": job, "back": _way_back(actor, job)})


def _way_back(actor: Actor, job: Job) -> tuple[str, str]:
    """Where the job page leads back to: the import page for another try, else the
    organisation (when the actor may open it), else the home page."""
    from opentvet.core.tabular.jobs import JOB_KIND

    kind = (job.params or {}).get("kind")
    if job.kind == JOB_KIND and kind:
        return (
            reverse("web:import_start", args=[job.organisation_id, kind]),
            _("Quay lại trang nhập dữ liệu"),
        )
    if actor.can("org.view", job.organisation_path):
        return reverse("web:organisation_detail", args=[job.organisation_id]), _("Về trang tổ chức")
    return reverse("web:home"), _("Về trang chủ")


@login_required
def job_download_view(request: HttpRequest, job_id: str) -> FileResponse:
    job = access_job_by_id(actor_of(request), job_id)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
