"""The access layer: who may see and change which organisation's data.

Every object named in user input (a URL, a query parameter, an API path) is fetched through an
``access_<thing>_by_<key>()`` function. Each answers ``Http404`` — never 403 — when the object
does not exist *or* lies outside the actor's reach, so an outsider cannot even learn that it
exists. Keep each condition on its own line; these functions are what the tenancy tests prove.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from opentvet.core.models import AuditEntry, Job, Membership, Organisation, OrgKind, Role, User


@dataclass(frozen=True)
class Grant:
    """One active membership, flattened: a role's permissions over a subtree."""

    organisation_id: int
    path: str
    kind: str
    role: str
    role_name: str
    permissions: frozenset[str]


@dataclass(frozen=True)
class Actor:
    """The user behind a request or job, with their grants loaded once."""

    user: User
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @classmethod
    def for_user(cls, user: User) -> Actor:
        # Every request builds its actor: plain tuples in two small queries, not model objects
        # (an Organisation row has ~25 columns; this was a third of a simple page's time).
        rows = list(
            Membership.objects.filter(
                user=user, is_active=True, organisation__valid_to__isnull=True
            ).values_list(
                "organisation_id",
                "organisation__path",
                "organisation__kind",
                "role_id",
                "role__name",
                "role__institution_permissions",
            )
        )
        codenames: dict[str, set[str]] = {}
        links = Role.permissions.through.objects.filter(role_id__in={r[3] for r in rows})
        for role_id, codename in links.values_list("role_id", "permission_id"):
            codenames.setdefault(role_id, set()).add(codename)
        grants = [
            Grant(
                organisation_id=org_id,
                path=path,
                kind=kind,
                role=role,
                role_name=role_name,
                permissions=frozenset(codenames.get(role, ())),
            )
            for org_id, path, kind, role, role_name, _wide in rows
        ]
        grants += _institution_grants(rows)
        return cls(user=user, grants=tuple(grants))

    @property
    def is_superuser(self) -> bool:
        return bool(self.user.is_superuser)

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def permissions(self) -> set[str]:
        return set().union(*(g.permissions for g in self.grants)) if self.grants else set()

    def can(self, perm: str, path: str) -> bool:
        """Whether the actor holds ``perm`` at ``path`` or any ancestor of it."""
        if self.is_superuser:
            return True
        return any(perm in g.permissions and path.startswith(g.path) for g in self.grants)

    def paths_with(self, perm: str | None) -> list[str]:
        """Subtree roots where the actor holds ``perm`` (any permission when ``None``)."""
        roots = sorted(g.path for g in self.grants if perm is None or perm in g.permissions)
        # Drop roots already covered by a shorter one: fewer OR terms in every query.
        kept: list[str] = []
        for root in roots:
            if not any(root.startswith(k) for k in kept):
                kept.append(root)
        return kept

    def reach_q(self, perm: str | None, path_lookup: str = "path") -> Q:
        """A filter for rows whose organisation path lies under a root where ``perm`` is held."""
        if self.is_superuser:
            return Q()
        roots = self.paths_with(perm)
        if not roots:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{path_lookup}__startswith": r}) for r in roots))

    def home_organisation(self) -> Organisation | None:
        """The organisation the user mostly works for: their highest membership."""
        if not self.grants:
            return None
        top = min(self.grants, key=lambda g: g.path.count("/"))
        return Organisation.objects.filter(pk=top.organisation_id).first()


def _institution_grants(rows: list[tuple[Any, ...]]) -> list[Grant]:
    """For roles held at a unit: their ``institution_permissions`` over the whole institution.

    ``rows``: (organisation id, path, kind, role, role name, institution permissions).
    """
    wide = [r for r in rows if r[2] == OrgKind.UNIT and r[5]]
    if not wide:
        return []

    def ancestors(path: str) -> list[int]:
        return [int(part) for part in path.strip("/").split("/") if part]

    ancestor_ids = {pk for r in wide for pk in ancestors(r[1])}
    institutions = {
        o.pk: o for o in Organisation.objects.filter(pk__in=ancestor_ids, kind=OrgKind.INSTITUTION)
    }
    grants = []
    for _org_id, path, _kind, role, role_name, wide_permissions in wide:
        found = [institutions[pk] for pk in ancestors(path) if pk in institutions]
        if not found:
            continue
        institution = found[-1]
        grants.append(
            Grant(
                organisation_id=institution.pk,
                path=institution.path,
                kind=institution.kind,
                role=role,
                role_name=role_name,
                permissions=frozenset(wide_permissions),
            )
        )
    return grants


def parse_id(key: Any) -> int:
    """An integer primary key from user input, or 404 (malformed ids are never a 500)."""
    try:
        value = int(str(key))
    except (TypeError, ValueError):
        raise Http404 from None
    if value <= 0 or value > 2**62:
        raise Http404
    return value


def _check(actor: Actor, perm: str, path: str) -> None:
    if not actor.can(perm, path):
        raise Http404


def organisations_visible(actor: Actor, perm: str = "org.view") -> QuerySet[Organisation]:
    return Organisation.objects.filter(actor.reach_q(perm))


def access_organisation_by_id(
    actor: Actor, organisation_id: Any, *, for_write: bool = False, perm: str | None = None
) -> Organisation:
    """The organisation, if the actor may view it (or change it, ``for_write``)."""
    pk = parse_id(organisation_id)
    organisation = (
        Organisation.objects.select_related("parent", "province", "ward").filter(pk=pk).first()
    )
    if organisation is None:
        raise Http404
    _check(actor, perm or ("org.change" if for_write else "org.view"), organisation.path)
    return organisation


def access_organisation_by_code(
    actor: Actor, code: str, *, for_write: bool = False
) -> Organisation:
    organisation = Organisation.objects.filter(code=str(code)[:30]).first()
    if organisation is None:
        raise Http404
    _check(actor, "org.change" if for_write else "org.view", organisation.path)
    return organisation


def access_job_by_id(actor: Actor, job_id: Any) -> Job:
    """A background job: only the user who started it (or a superuser) follows it.

    Ownership is the check, not the organisation's reach: a teacher at a faculty who started an
    import for the school must follow it even though the job belongs to the school's node.
    """
    try:
        job = Job.all_objects.filter(pk=str(job_id)).first()
    except Exception:  # a malformed UUID raises ValidationError on some backends
        raise Http404 from None
    if job is None:
        raise Http404
    if not (actor.is_superuser or job.created_by_id == actor.user.pk):
        raise Http404
    return job


def audit_entries_for_organisation(
    actor: Actor, organisation: Organisation
) -> QuerySet[AuditEntry]:
    """Audit entries of an organisation's subtree; requires ``audit.view`` there."""
    _check(actor, "audit.view", organisation.path)
    return AuditEntry.objects.filter(organisation_path__startswith=organisation.path)


def audit_entries_for_object(
    actor: Actor, instance: Model, organisation: Organisation
) -> QuerySet[AuditEntry]:
    """The history of one object, which the caller fetched through the access layer."""
    _check(actor, "audit.view", organisation.path)
    return AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    )
