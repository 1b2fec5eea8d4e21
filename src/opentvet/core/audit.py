"""The audit log: every write records who, when, what, and the field-level before/after.

Services call ``audit_log`` after a write inside the same transaction, so an entry exists iff
the change was committed. Values are stored JSON-ready (dates as ISO strings, foreign keys as
primary keys with their label) so the history view can show them without the old objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from opentvet.core.models import AuditEntry, Organisation, User


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "name") and isinstance(getattr(value, "name", None), str):
        return value.name  # FieldFile
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete, editable field values in JSON-ready form."""
    result: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if f.primary_key or not f.editable:
            continue
        if isinstance(f, models.ForeignKey):
            result[f.name] = (
                _plain(getattr(instance, f.name)) if getattr(instance, f.attname) else None
            )
        else:
            result[f.name] = _plain(getattr(instance, f.attname))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def audit_log(
    *,
    actor: User | None,
    verb: str,
    instance: models.Model,
    organisation: Organisation | None,
    action: str = AuditEntry.Action.UPDATE,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor if actor and actor.pk else None,
        actor_label=str(actor) if actor else "system",
        organisation=organisation,
        organisation_path=organisation.path if organisation else "",
        action=action,
        verb=verb,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=dict(changes or {}),
    )
    entry.save()
    return entry


def audited_create(
    *, actor: User | None, verb: str, instance: models.Model, organisation: Organisation | None
) -> models.Model:
    """Validate, save and log a new instance; the caller wraps it in a transaction."""
    instance.full_clean()
    instance.save()
    after = snapshot(instance)
    audit_log(
        actor=actor,
        verb=verb,
        instance=instance,
        organisation=organisation,
        action=AuditEntry.Action.CREATE,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "", [], {})},
    )
    return instance


def audited_update(
    *,
    actor: User | None,
    verb: str,
    instance: models.Model,
    organisation: Organisation | None,
    data: Mapping[str, Any],
) -> dict[str, list[Any]]:
    """Apply ``data`` to the instance, validate, save only the changed fields, log the diff.

    Returns the changes (empty when nothing changed, in which case nothing is written).
    """
    fields = list(data)
    before = snapshot(instance, fields)
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    after = snapshot(instance, fields)
    changes = diff(before, after)
    if not changes:
        return {}
    concrete = {f.name: f.attname for f in instance._meta.concrete_fields}
    update_fields = [concrete[name] for name in changes]
    # Derived columns maintained in save() (search_name, ...) must be written too.
    derived = [
        f.attname
        for f in instance._meta.concrete_fields
        if f.name.startswith("search_") and not f.editable
    ]
    instance.save(update_fields=update_fields + derived)
    audit_log(
        actor=actor,
        verb=verb,
        instance=instance,
        organisation=organisation,
        action=AuditEntry.Action.UPDATE,
        changes=changes,
    )
    return changes
