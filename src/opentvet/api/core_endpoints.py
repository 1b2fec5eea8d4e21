"""Core endpoints: who am I, organisations, their history, background jobs."""

# No "from __future__ import annotations" here: Ninja reads the annotations at import time.

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from opentvet.api.base import LimitOffsetPagination
from opentvet.api.schemas import (
    AuditOut,
    JobOut,
    MeOut,
    OrganisationOut,
    OrganisationPatch,
    OrganisationQuery,
)
from opentvet.catalogue.models import Province, Ward
from opentvet.core.access import Actor, access_job_by_id, access_organisation_by_id
from opentvet.core.jobs import job_reap_if_stale
from opentvet.core.selectors import OrganisationFilters, organisation_history, organisation_list
from opentvet.core.services import organisation_update

router = Router(tags=["core"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    actor = _actor(request)
    return {
        "id": actor.user.pk,
        "full_name": actor.user.full_name,
        "email": actor.user.email,
        "phone": actor.user.phone,
        "grants": [{"organisation_id": g.organisation_id, "role": g.role} for g in actor.grants],
        "permissions": sorted(actor.permissions()),
    }


@router.get("/organisations", response=list[OrganisationOut])
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationQuery]) -> Any:  # type: ignore[type-arg]
    return organisation_list(actor=_actor(request), filters=OrganisationFilters(**filters.dict()))


@router.get("/organisations/{org_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, org_id: str) -> Any:
    return access_organisation_by_id(_actor(request), org_id)


@router.patch("/organisations/{org_id}", response=OrganisationOut)
def patch_organisation(request: HttpRequest, org_id: str, payload: OrganisationPatch) -> Any:
    actor = _actor(request)
    organisation = access_organisation_by_id(actor, org_id, for_write=True)
    data = payload.dict(exclude_unset=True)
    if "province_code" in data:
        code = data.pop("province_code")
        data["province"] = Province.objects.filter(pk=code).first() if code else None
    if "ward_code" in data:
        code = data.pop("ward_code")
        data["ward"] = Ward.objects.filter(pk=code).first() if code else None
    organisation_update(actor=actor, organisation=organisation, data=data)
    return organisation


@router.get("/organisations/{org_id}/audit", response=list[AuditOut])
@paginate(LimitOffsetPagination)
def organisation_audit(request: HttpRequest, org_id: str) -> Any:
    actor = _actor(request)
    organisation = access_organisation_by_id(actor, org_id)
    if not actor.can("audit.view", organisation.path):
        raise Http404
    return organisation_history(actor=actor, organisation=organisation)


@router.get("/jobs/{job_id}", response=JobOut)
def get_job(request: HttpRequest, job_id: str) -> Any:
    job = access_job_by_id(_actor(request), job_id)
    job_reap_if_stale(job)
    return job
