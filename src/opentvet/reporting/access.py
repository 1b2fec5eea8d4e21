"""Access layer of the reporting app: every object named in user input is fetched here.

Each function answers ``Http404`` when the object does not exist *or* lies out of the actor's
reach. The rules:

* templates and periods belong to an authority; everyone with ``report.view`` at the authority
  or at an organisation below it may read them; ``report.review`` at the authority changes them;
* a submission is the institution's: people with ``report.prepare`` there see it from the first
  draft; people with ``report.view`` above it (the province, the nation) only once it has been
  submitted — an institution never sees another institution's report, a province only its own
  institutions';
* documents, meetings, drafting projects: ``document.view`` / ``task.view`` at the organisation
  (a meeting is also visible to its guest organisations and the people it invites; only the
  convener changes it); tasks: ``task.view`` at the owner or at
  the assigning organisation; difficulties: the raising institution and the levels above it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from opentvet.core.access import Actor, access_organisation_by_id, parse_id
from opentvet.core.models import Organisation, OrgKind
from opentvet.reporting.models import (
    Difficulty,
    Document,
    DraftingProject,
    Meeting,
    ReportingPeriod,
    ReportTemplate,
    Submission,
    Task,
)


def _check(actor: Actor, perm: str, path: str) -> None:
    if not actor.can(perm, path):
        raise Http404


def _reaches_below(actor: Actor, perm: str, path: str) -> bool:
    """The actor holds ``perm`` at ``path``, above it, or at some node below it."""
    if actor.can(perm, path):
        return True
    return any(perm in g.permissions and g.path.startswith(path) for g in actor.grants)


def templates_visible_q(actor: Actor) -> Q:
    """Templates of authorities at or above a node where the actor may view reports."""
    if actor.is_superuser:
        return Q()
    ancestor_ids: set[int] = set()
    for grant in actor.grants:
        if "report.view" in grant.permissions or "report.review" in grant.permissions:
            ancestor_ids.update(int(p) for p in grant.path.strip("/").split("/") if p)
    # An authority that oversees the one asking (the People's Committee over its department)
    # reads the department's templates and roll-ups too.
    below = actor.reach_q("report.review", "organisation__path") | actor.reach_q(
        "report.view", "organisation__path"
    )
    return Q(organisation_id__in=ancestor_ids) | below


def access_template_by_id(
    actor: Actor, template_id: Any, *, for_write: bool = False
) -> ReportTemplate:
    pk = parse_id(template_id)
    template = ReportTemplate.objects.select_related("organisation").filter(pk=pk).first()
    if template is None:
        raise Http404
    path = template.organisation.path
    if for_write:
        _check(actor, "report.review", path)
    elif not _reaches_below(actor, "report.view", path):
        raise Http404
    return template


def access_period_by_id(
    actor: Actor, period_id: Any, *, for_write: bool = False
) -> ReportingPeriod:
    pk = parse_id(period_id)
    period = (
        ReportingPeriod.objects.select_related("template", "template__organisation")
        .filter(pk=pk)
        .first()
    )
    if period is None:
        raise Http404
    path = period.template.organisation.path
    if for_write:
        _check(actor, "report.review", path)
    elif not _reaches_below(actor, "report.view", path):
        raise Http404
    return period


def access_reporting_institution(
    actor: Actor, period: ReportingPeriod, org_id: Any, *, perm: str = "report.view"
) -> Organisation:
    """An institution that reports in ``period`` and where the actor holds ``perm``."""
    pk = parse_id(org_id)
    institution = Organisation.objects.filter(pk=pk, kind=OrgKind.INSTITUTION).first()
    if institution is None:
        raise Http404
    if not institution.path.startswith(period.template.organisation.path):
        raise Http404
    _check(actor, perm, institution.path)
    return institution


def access_submission_by_id(
    actor: Actor, submission_id: Any, *, perm: str | None = None
) -> Submission:
    """A submission; ``perm`` (e.g. ``report.sign``, ``report.review``) is checked on top."""
    pk = parse_id(submission_id)
    submission = (
        Submission.all_objects.select_related(
            "period", "period__template", "period__template__organisation", "institution"
        )
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    path = submission.institution_path
    own = actor.can("report.prepare", path)
    oversight = actor.can("report.view", path) and submission.was_submitted
    if not (own or oversight):
        raise Http404
    if perm is not None:
        _check(actor, perm, path)
    return submission


def submissions_visible_q(actor: Actor) -> Q:
    own = actor.reach_q("report.prepare", "institution_path")
    oversight = actor.reach_q("report.view", "institution_path") & Q(
        first_submitted_at__isnull=False
    )
    return own | oversight


def access_document_by_id(actor: Actor, document_id: Any, *, for_write: bool = False) -> Document:
    pk = parse_id(document_id)
    document = Document.all_objects.select_related("organisation").filter(pk=pk).first()
    if document is None:
        raise Http404
    _check(actor, "document.change" if for_write else "document.view", document.organisation_path)
    if not Document.all_objects.filter(travelling_documents_q(actor), pk=document.pk).exists():
        raise Http404
    return document


def travelling_documents_q(actor: Actor) -> Q:
    """Register rows of a document that travels between organisations (``correspondence``) are
    seen only at the organisations that keep that register (holding ``document.view`` there
    themselves): a document is visible to its sender and recipients, not to the whole tree
    above them. Other register rows keep the subtree reach."""
    if actor.is_superuser:
        return Q()
    desks = {
        g.organisation_id
        for g in actor.grants
        if "document.view" in g.permissions and g.kind != "unit"
    }
    return Q(dispatch__isnull=True, delivery__isnull=True) | Q(organisation_id__in=desks)


def access_meeting_by_id(actor: Actor, meeting_id: Any, *, for_write: bool = False) -> Meeting:
    pk = parse_id(meeting_id)
    meeting = Meeting.all_objects.select_related("organisation").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    if for_write:
        _check(actor, "task.change", meeting.organisation_path)
        return meeting
    if actor.can("task.view", meeting.organisation_path):
        return meeting
    guests = meeting.guest_organisations.values_list("path", flat=True)
    if any(actor.can("task.view", path) for path in guests):
        return meeting
    if actor.user.pk is not None and meeting.invited_people.filter(pk=actor.user.pk).exists():
        return meeting
    raise Http404


def tasks_visible_q(actor: Actor, perm: str = "task.view") -> Q:
    return actor.reach_q(perm, "owner_path") | actor.reach_q(perm, "assigned_by__path")


def access_task_by_id(actor: Actor, task_id: Any, *, for_write: bool = False) -> Task:
    pk = parse_id(task_id)
    task = (
        Task.all_objects.select_related("owner", "assigned_by", "owner_person", "parent")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    perm = "task.change" if for_write else "task.view"
    if not (actor.can(perm, task.owner_path) or actor.can(perm, task.assigned_by.path)):
        raise Http404
    return task


_DIFFICULTY_PERMS = ("difficulty.raise", "difficulty.resolve", "report.view")


def difficulties_visible_q(actor: Actor) -> Q:
    q = Q(pk__in=[])
    for perm in _DIFFICULTY_PERMS:
        q |= actor.reach_q(perm, "organisation_path")
    return q


def access_difficulty_by_id(actor: Actor, difficulty_id: Any) -> Difficulty:
    pk = parse_id(difficulty_id)
    difficulty = (
        Difficulty.all_objects.select_related("organisation", "routed_to", "resolving_document")
        .filter(pk=pk)
        .first()
    )
    if difficulty is None:
        raise Http404
    if not any(actor.can(p, difficulty.organisation_path) for p in _DIFFICULTY_PERMS):
        raise Http404
    return difficulty


def access_drafting_by_id(
    actor: Actor, project_id: Any, *, for_write: bool = False
) -> DraftingProject:
    pk = parse_id(project_id)
    project = DraftingProject.all_objects.select_related("organisation").filter(pk=pk).first()
    if project is None:
        raise Http404
    _check(actor, "document.change" if for_write else "document.view", project.organisation_path)
    return project


def access_organisation_with(actor: Actor, org_id: Any, perm: str) -> Organisation:
    """An organisation where the actor holds ``perm`` (the owner of a new document, task...)."""
    return access_organisation_by_id(actor, org_id, perm=perm)


def access_live_root(actor: Actor, org_id: Any) -> Organisation:
    """An organisation whose subtree's live figures the actor may see (``report.live`` there or
    above); anything else — out of reach, malformed, missing — is 404."""
    organisation = access_organisation_by_id(actor, org_id, perm="report.live")
    if organisation.kind == OrgKind.UNIT:
        raise Http404
    return organisation


def access_rollup_root(actor: Actor, period: ReportingPeriod, org_id: Any) -> Organisation:
    """A node under the period's authority (a province, an institution) where the actor views
    reports: the drill-down of a roll-up."""
    pk = parse_id(org_id)
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or organisation.kind == OrgKind.UNIT:
        raise Http404
    base = period.template.organisation.path
    if not (organisation.path.startswith(base) or base.startswith(organisation.path)):
        raise Http404
    _check(actor, "report.view", organisation.path)
    return organisation
