"""Access layer for programme data: every id from a URL goes through one of these.

Each answers ``Http404`` when the row does not exist or lies outside the actor's reach
(a role held at a unit reaches the institution through its ``institution_permissions``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from opentvet.core.access import Actor, parse_id
from opentvet.core.models import Organisation, OrgKind
from opentvet.programmes.models import (
    Programme,
    ProgrammeModule,
    ProgrammeVersion,
    TrainingRegistration,
)


def _perm(for_write: bool, perm: str | None) -> str:
    return perm or ("programme.change" if for_write else "programme.view")


def access_institution_for_programmes(
    actor: Actor, org_id: Any, *, for_write: bool = False, perm: str | None = None
) -> Organisation:
    """An institution whose programmes the actor may see (or change, ``for_write``)."""
    pk = parse_id(org_id)
    institution = Organisation.objects.select_related("province").filter(pk=pk).first()
    if institution is None:
        raise Http404
    if institution.kind != OrgKind.INSTITUTION:
        raise Http404
    if not actor.can(_perm(for_write, perm), institution.path):
        raise Http404
    return institution


def access_programme_by_id(
    actor: Actor, programme_id: Any, *, for_write: bool = False, perm: str | None = None
) -> Programme:
    pk = parse_id(programme_id)
    programme = (
        Programme.all_objects.select_related(
            "institution", "institution__province", "occupation", "training_level", "unit"
        )
        .filter(pk=pk)
        .first()
    )
    if programme is None:
        raise Http404
    if not actor.can(_perm(for_write, perm), programme.institution.path):
        raise Http404
    return programme


def access_version_by_id(
    actor: Actor, version_id: Any, *, for_write: bool = False, perm: str | None = None
) -> ProgrammeVersion:
    pk = parse_id(version_id)
    version = (
        ProgrammeVersion.all_objects.select_related(
            "programme",
            "programme__occupation",
            "programme__training_level",
            "institution",
            "institution__province",
        )
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    if not actor.can(_perm(for_write, perm), version.institution.path):
        raise Http404
    return version


def access_module_by_id(actor: Actor, version: ProgrammeVersion, module_id: Any) -> ProgrammeModule:
    """A module of a version the caller already fetched for writing."""
    pk = parse_id(module_id)
    module = ProgrammeModule.all_objects.filter(pk=pk, version=version).first()
    if module is None:
        raise Http404
    return module


def access_registration_by_id(
    actor: Actor, registration_id: Any, *, for_write: bool = False
) -> TrainingRegistration:
    pk = parse_id(registration_id)
    registration = (
        TrainingRegistration.all_objects.select_related("institution").filter(pk=pk).first()
    )
    if registration is None:
        raise Http404
    if not actor.can(_perm(for_write, None), registration.institution.path):
        raise Http404
    return registration
