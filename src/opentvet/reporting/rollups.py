"""Roll-ups one level down (by province for the nation, by institution for a province) and the
key tasks of the year in submitted reports: the reads behind the national periodic report's
drill-down and the briefing pack's key-task section."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from opentvet.core.access import Actor
from opentvet.core.models import Organisation, OrgKind
from opentvet.reporting.models import (
    Aggregation,
    KeyTaskItem,
    ReportingPeriod,
    Submission,
    SubmissionValue,
)
from opentvet.reporting.services.submissions import template_items

# The states in which a report counts in roll-ups (its values are marked ``submitted``).
REPORTED = [Submission.Status.SUBMITTED, Submission.Status.ACKNOWLEDGED]


def rollup_by_child(
    *, actor: Actor, period: ReportingPeriod, root: Organisation
) -> tuple[list[dict[str, Any]], list[Any]]:
    """The whole roll-up split one level down: by province for the nation (one GROUP BY
    province, code over the value rows), by institution for a province. Returns the rows
    (label, organisation_id to drill to, reporting institutions, {code: value}) and the items."""
    items = template_items(period)
    mean = {i.definition.code for i in items if i.definition.aggregation == Aggregation.MEAN}
    qs = SubmissionValue.objects.filter(period=period, submitted=True)
    # Every value of the period lies under the template's authority: at that root, and for an
    # actor who sees all of it, the path and reach filters are dropped so the GROUP BY reads
    # the (period, province_id, code) index alone.
    if not period.template.organisation.path.startswith(root.path):
        qs = qs.filter(institution_path__startswith=root.path)
    if not actor.can("report.view", root.path):
        qs = qs.filter(actor.reach_q("report.view", "institution_path"))
    national = root.kind in {OrgKind.MINISTRY, OrgKind.NATIONAL_AUTHORITY}
    group = "province_id" if national else "institution_id"
    # One value row per (submission, code): counting rows counts institutions.
    grouped = (
        qs.values_list(group, "code")
        .annotate(total=Sum("value"), filled=Count("value"), n=Count("*"))
        .order_by()
    )
    table: dict[Any, dict[str, Any]] = {}
    for key, code, total, filled, n in grouped:
        row = table.setdefault(key, {"values": {}, "n": 0})
        if code in mean:
            row["values"][code] = Decimal(total) / filled if filled else None
        else:
            row["values"][code] = total
        row["n"] = max(row["n"], n)
    if national:
        from opentvet.catalogue.models import Province

        names = dict(Province.objects.filter(pk__in=list(table)).values_list("pk", "name"))
        targets = dict(
            Organisation.objects.filter(
                kind=OrgKind.PEOPLES_COMMITTEE, valid_to__isnull=True, path__startswith=root.path
            ).values_list("province_id", "pk")
        )
    else:
        names = dict(Organisation.objects.filter(pk__in=list(table)).values_list("pk", "name"))
        targets = {}
        submissions = dict(
            Submission.all_objects.filter(period=period, institution_id__in=list(table))
            .values_list("institution_id", "pk")
            .order_by()
        )
    rows = []
    for key, row in table.items():
        rows.append(
            {
                "label": names.get(key, "—"),
                "organisation_id": targets.get(key) if national else None,
                "submission_id": None if national else submissions.get(key),
                "n": row["n"],
                "values": row["values"],
            }
        )
    rows.sort(key=lambda r: str(r["label"]))
    return rows, items


@dataclass
class KeyTaskGroup:
    label: str
    organisation_id: int | None = None
    institutions: int = 0
    items: list[Any] = field(default_factory=list)
    count: int = 0
    progress_sum: int = 0

    @property
    def mean_progress(self) -> int | None:
        return round(self.progress_sum / self.count) if self.count else None


@dataclass
class KeyTaskRollup:
    groups: list[KeyTaskGroup]
    institutions: int
    count: int
    mean_progress: int | None
    by_province: bool


def key_task_rollup(
    *, actor: Actor, period: ReportingPeriod, root: Organisation, with_items: bool = True
) -> KeyTaskRollup:
    """Key tasks of the year in the reports submitted under ``root`` (nhiệm vụ trọng tâm): by
    province for the nation, by institution below. One read of the items (a few per school)."""
    rows = (
        KeyTaskItem.all_objects.filter(
            period=period,
            institution_path__startswith=root.path,
            submission__status__in=REPORTED,
        )
        .filter(actor.reach_q("report.view", "institution_path"))
        .select_related("institution")
        .order_by("institution__name", "order", "pk")
    )
    by_province = root.kind in {OrgKind.MINISTRY, OrgKind.NATIONAL_AUTHORITY}
    committees: dict[int, Organisation] = {}
    if by_province:
        committees = {
            o.province_id: o
            for o in Organisation.objects.filter(
                kind=OrgKind.PEOPLES_COMMITTEE, valid_to__isnull=True, path__startswith=root.path
            )
            if o.province_id
        }
    groups: dict[Any, KeyTaskGroup] = {}
    seen: dict[Any, set[int]] = defaultdict(set)
    for item in rows:
        inst = item.institution
        if by_province:
            committee = committees.get(inst.province_id or 0)
            key: Any = committee.pk if committee else None
            label = committee.name if committee else "—"
        else:
            key, label = inst.pk, inst.name
        group = groups.setdefault(key, KeyTaskGroup(label, key))
        seen[key].add(inst.pk)
        group.count += 1
        group.progress_sum += item.progress
        if with_items:
            group.items.append(item)
    for key, group in groups.items():
        group.institutions = len(seen[key])
    ordered = sorted(groups.values(), key=lambda g: g.label)
    count = sum(g.count for g in ordered)
    total = sum(g.progress_sum for g in ordered)
    return KeyTaskRollup(
        groups=ordered,
        institutions=sum(g.institutions for g in ordered),
        count=count,
        mean_progress=round(total / count) if count else None,
        by_province=by_province,
    )
