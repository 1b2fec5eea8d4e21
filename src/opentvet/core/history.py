"""Per-object audit history: each app says how to reach an object of its own types.

``register_history("learners.student", resolver)`` where ``resolver(actor, object_id)`` returns
``(instance, organisation)`` through the app's access layer (raising ``Http404`` for outsiders).
The history page (``web:object_history``) then shows the object's audit entries, which needs
``audit.view`` at that organisation.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import Http404

from opentvet.core.access import Actor, access_organisation_by_id, audit_entries_for_object
from opentvet.core.models import AuditEntry, Organisation

Resolver = Callable[[Actor, str], tuple[Model, Organisation]]
_RESOLVERS: dict[str, Resolver] = {}


def register_history(object_type: str, resolver: Resolver) -> None:
    _RESOLVERS[object_type] = resolver


def object_history(
    *, actor: Actor, object_type: str, object_id: str
) -> tuple[Model, Organisation, QuerySet[AuditEntry]]:
    resolver = _RESOLVERS.get(object_type)
    if resolver is None:
        raise Http404
    instance, organisation = resolver(actor, object_id)
    entries = audit_entries_for_object(actor, instance, organisation).select_related("actor")
    return instance, organisation, entries


def _organisation(actor: Actor, object_id: str) -> tuple[Model, Organisation]:
    organisation = access_organisation_by_id(actor, object_id)
    return organisation, organisation


register_history("core.organisation", _organisation)
