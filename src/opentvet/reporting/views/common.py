"""Helpers shared by the reporting views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind

AUTHORITY_KINDS = [
    OrgKind.MINISTRY,
    OrgKind.NATIONAL_AUTHORITY,
    OrgKind.PEOPLES_COMMITTEE,
    OrgKind.PROVINCIAL_AUTHORITY,
]


def orgs_with(
    actor: Actor, perm: str, *, authorities: bool = False, institutions: bool = False
) -> list[Organisation]:
    """The organisations where the actor holds ``perm`` through a membership (not below)."""
    ids = [g.organisation_id for g in actor.grants if perm in g.permissions]
    qs = Organisation.objects.filter(pk__in=ids, valid_to__isnull=True)
    if authorities:
        qs = qs.filter(kind__in=AUTHORITY_KINDS)
    if institutions:
        qs = qs.filter(kind=OrgKind.INSTITUTION)
    return list(qs.order_by("path"))


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
