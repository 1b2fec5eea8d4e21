"""Access to admissions data. Each function answers Http404 for "missing" and "not yours" alike.

Applicant-owned rows are reachable by their owner; an application's wishes and the applicant's
documents also by officers holding ``admissions.view`` at an institution applied to.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from opentvet.admissions.models import (
    AdmissionRound,
    ApplicantDocument,
    Application,
    Quota,
    RoundStatus,
    Wish,
)
from opentvet.core.access import Actor, parse_id
from opentvet.core.models import Organisation


def _can_any(actor: Actor, perm: str, paths: list[str]) -> bool:
    return any(actor.can(perm, path) for path in paths)


def access_round_by_id(
    actor: Actor | None, round_id: Any, *, perm: str | None = None
) -> AdmissionRound:
    """A round. Without ``perm``: any open/allocated/finished round (public) or one in reach.

    With ``perm`` (e.g. ``admissions.change``): the actor must hold it at the round's organisation
    — or, for ``admissions.view``, at an institution with a quota in the round.
    """
    pk = parse_id(round_id)
    admission_round = (
        AdmissionRound.all_objects.select_related("organisation").filter(pk=pk).first()
    )
    if admission_round is None:
        raise Http404
    if perm is None:
        if admission_round.status != RoundStatus.DRAFT:
            return admission_round
        perm = "admissions.view"
    if actor is None:
        raise Http404
    if actor.can(perm, admission_round.organisation.path):
        return admission_round
    if perm in {"admissions.view", "admissions.change"}:
        paths = list(
            Quota.all_objects.filter(round=admission_round)
            .values_list("institution__path", flat=True)
            .distinct()
        )
        if _can_any(actor, perm, paths):
            return admission_round
    raise Http404


def access_quota_by_id(actor: Actor, quota_id: Any, *, perm: str = "admissions.view") -> Quota:
    pk = parse_id(quota_id)
    quota = (
        Quota.all_objects.select_related("institution", "round", "programme_version__programme")
        .filter(pk=pk)
        .first()
    )
    if quota is None:
        raise Http404
    if not actor.can(perm, quota.institution.path):
        raise Http404
    return quota


def access_wish_by_id(actor: Actor, wish_id: Any, *, for_write: bool = False) -> Wish:
    """A wish, for an officer of its institution (``admissions.view`` / ``admissions.change``)."""
    pk = parse_id(wish_id)
    wish = (
        Wish.all_objects.select_related(
            "institution",
            "application__user",
            "application__round",
            "quota__programme_version__programme",
        )
        .filter(pk=pk)
        .first()
    )
    if wish is None:
        raise Http404
    if not actor.can(
        "admissions.change" if for_write else "admissions.view", wish.institution.path
    ):
        raise Http404
    return wish


def access_own_wish_by_id(actor: Actor, wish_id: Any) -> Wish:
    """A wish of the actor's own application (the applicant confirming or declining)."""
    pk = parse_id(wish_id)
    wish = (
        Wish.all_objects.select_related("application", "quota", "institution").filter(pk=pk).first()
    )
    if wish is None:
        raise Http404
    if wish.application.user_id != actor.user.pk:
        raise Http404
    return wish


def access_own_application_by_id(actor: Actor, application_id: Any) -> Application:
    pk = parse_id(application_id)
    application = Application.objects.select_related("round").filter(pk=pk).first()
    if application is None:
        raise Http404
    if application.user_id != actor.user.pk:
        raise Http404
    return application


def applicant_visible_to(actor: Actor, user_id: int) -> bool:
    """Whether an officer reaches an applicant: a wish of theirs is at an institution in reach."""
    paths = (
        Wish.all_objects.filter(application__user_id=user_id)
        .values_list("institution__path", flat=True)
        .distinct()
    )
    return _can_any(actor, "admissions.view", list(paths))


def access_document_by_id(actor: Actor, document_id: Any) -> ApplicantDocument:
    """A document: its owner, or an admissions officer of an institution the owner applied to."""
    pk = parse_id(document_id)
    document = ApplicantDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    if document.user_id == actor.user.pk:
        return document
    if applicant_visible_to(actor, document.user_id):
        return document
    raise Http404


def access_institution(actor: Actor, org_id: Any, perm: str = "admissions.view") -> Organisation:
    pk = parse_id(org_id)
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404
    if not actor.can(perm, organisation.path):
        raise Http404
    return organisation
