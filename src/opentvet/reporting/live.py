"""Live figures at every level (số liệu trực tuyến): a registered indicator computed from the
institutions' own rows for a whole subtree — nation → province → institution — without waiting
for reports.

The figure is the same ``core.indicators`` computation the reports pre-fill from (one grouped
query per indicator over the institutions asked about; nationally it reads the index once, see
``core.indicators.for_institutions``). The institutions of the subtree are one indexed prefix
query on ``Organisation.path``; each is attributed to its province (the People's Committee node
in its path) in Python, so a breakdown by province costs no query per province or institution.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opentvet.core.access import Actor
from opentvet.core.indicators import Indicator, all_indicators, batch, get_indicator
from opentvet.core.models import Organisation, OrgKind

BY_PROVINCE = "province"
BY_INSTITUTION = "institution"
BREAKDOWNS = (BY_PROVINCE, BY_INSTITUTION)

# Labels of the level keys registered indicators break down by (learners.enrolled).
LEVEL_LABELS = {
    "cao_dang": gettext_lazy("Cao đẳng"),
    "trung_cap": gettext_lazy("Trung cấp"),
    "so_cap": gettext_lazy("Sơ cấp"),
    "unknown": gettext_lazy("Chưa xác định trình độ"),
}
# Keys of a breakdown that are ratios: never summed over institutions.
RATIO_KEYS = {"employment_rate", "response_rate"}


def live_indicators() -> list[Indicator]:
    """Every registered indicator, in code order (the choices of the live page)."""
    return all_indicators()


def live_indicator(code: str) -> tuple[Indicator, str] | None:
    """The registered indicator behind ``code`` ("learners.enrolled" or "learners.enrolled:
    cao_dang" for one key of its breakdown), or None."""
    base, _sep, key = code.partition(":")
    try:
        indicator = get_indicator(base)
    except KeyError:
        return None
    if key and key not in indicator.breakdown:
        return None
    return indicator, key


def default_live_root(actor: Actor) -> Organisation | None:
    """The highest organisation where the actor sees live figures."""
    roots = actor.paths_with("report.live")
    if actor.is_superuser:
        return (
            Organisation.objects.filter(parent__isnull=True, valid_to__isnull=True)
            .order_by("pk")
            .first()
        )
    if not roots:
        return None
    top = min(roots, key=lambda p: (p.count("/"), p))
    return Organisation.objects.filter(pk=int(top.strip("/").split("/")[-1])).first()


@dataclass
class LiveRow:
    organisation_id: int | None
    label: str
    kind: str  # province / institution
    institutions: int = 0
    value: Decimal | None = None
    parts: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class LiveFigure:
    indicator: Indicator
    key: str
    root: Organisation
    by: str
    start: dt.date
    end: dt.date
    total: Decimal | None
    institutions: int
    rows: list[LiveRow]
    parts: dict[str, Decimal]
    is_ratio: bool
    computed_at: dt.datetime

    @property
    def part_labels(self) -> list[tuple[str, str]]:
        return [(k, _label(k)) for k in self.parts]


def _label(key: str) -> str:
    return str(LEVEL_LABELS[key]) if key in LEVEL_LABELS else key


def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def _split(raw: Any, key: str, ratio: bool) -> tuple[Decimal | None, dict[str, Decimal]]:
    """One institution's value and (for breakdown indicators) its parts."""
    if not isinstance(raw, Mapping):
        return _number(raw), {}
    if key:
        return _number(raw.get(key)), {}
    if ratio:
        # A breakdown of ratios has no meaningful total: the first key is the figure.
        first = next(iter(raw.values()), None)
        return _number(first), {}
    parts = {k: Decimal(str(v or 0)) for k, v in raw.items()}
    return sum(parts.values(), Decimal(0)), parts


def _is_ratio(indicator: Indicator, key: str) -> bool:
    if key:
        return key in RATIO_KEYS
    unit = str(indicator.unit)
    return unit == "%" or bool(indicator.breakdown and indicator.breakdown[0] in RATIO_KEYS)


def subtree_institutions(actor: Actor, root: Organisation) -> list[tuple[int, str, str]]:
    """(id, path, name) of the current institutions under ``root`` the actor sees live."""
    return list(
        Organisation.objects.filter(
            kind=OrgKind.INSTITUTION, valid_to__isnull=True, path__startswith=root.path
        )
        .filter(actor.reach_q("report.live"))
        .values_list("pk", "path", "name")
        .order_by("name")
    )


def _provinces(root: Organisation) -> dict[str, Organisation]:
    """People's Committees (the province level) at or below ``root``, or above it when the root
    is a province's department: str(id) → organisation."""
    qs = Organisation.objects.filter(kind=OrgKind.PEOPLES_COMMITTEE, valid_to__isnull=True)
    above = [int(p) for p in root.path.strip("/").split("/") if p]
    qs = qs.filter(path__startswith=root.path) | qs.filter(pk__in=above)
    return {str(o.pk): o for o in qs.select_related("province")}


def _province_label(committee: Organisation | None) -> str:
    """A province by its name in the catalogue ("Cà Mau"), else its committee's name."""
    if committee is None:
        return _("Không thuộc tỉnh nào")
    return committee.province.name if committee.province_id else committee.name


def _province_of(path: str, provinces: Mapping[str, Organisation]) -> Organisation | None:
    for part in path.strip("/").split("/"):
        if part in provinces:
            return provinces[part]
    return None


def live_figure(
    *,
    actor: Actor,
    code: str,
    root: Organisation,
    by: str = BY_PROVINCE,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> LiveFigure:
    """``code``'s live value for ``root``'s subtree (what the actor reaches), broken down by
    province or institution. Counts add up; ratios (unit %) are averaged over the institutions
    that have a value, as the report roll-ups do for "mean" indicators.

    The caller has fetched ``root`` through ``access_live_root`` and checked ``code`` with
    ``live_indicator``; the period defaults to the year so far.
    """
    found = live_indicator(code)
    if found is None:
        raise KeyError(code)
    indicator, key = found
    today = timezone.localdate()
    end = end or today
    start = start or dt.date(end.year, 1, 1)
    institutions = subtree_institutions(actor, root)
    ids = [pk for pk, _path, _name in institutions]
    with batch():
        values = indicator.values(institution_ids=ids, start=start, end=end) if ids else {}
    ratio = _is_ratio(indicator, key)
    provinces = _provinces(root) if by == BY_PROVINCE else {}
    rows: dict[Any, LiveRow] = {}
    sums: dict[Any, list[Decimal]] = {}
    all_values: list[Decimal] = []
    all_parts: dict[str, Decimal] = {}
    for pk, path, name in institutions:
        value, parts = _split(values.get(pk), key, ratio)
        if by == BY_PROVINCE:
            province = _province_of(path, provinces)
            group: Any = province.pk if province else None
            label = _province_label(province)
            kind = BY_PROVINCE
        else:
            group, label, kind = pk, name, BY_INSTITUTION
        row = rows.setdefault(group, LiveRow(group, label, kind))
        row.institutions += 1
        if value is None:
            continue
        sums.setdefault(group, []).append(value)
        all_values.append(value)
        for k, v in parts.items():
            row.parts[k] = row.parts.get(k, Decimal(0)) + v
            all_parts[k] = all_parts.get(k, Decimal(0)) + v
    for group, row in rows.items():
        row.value = _combine(sums.get(group, []), ratio)
    ordered = sorted(rows.values(), key=lambda r: (r.organisation_id is None, r.label))
    return LiveFigure(
        indicator=indicator,
        key=key,
        root=root,
        by=by,
        start=start,
        end=end,
        total=_combine(all_values, ratio),
        institutions=len(institutions),
        rows=ordered,
        parts=dict(sorted(all_parts.items())),
        is_ratio=ratio,
        computed_at=timezone.now(),
    )


def _combine(values: list[Decimal], ratio: bool) -> Decimal | None:
    if not values:
        return None if ratio else Decimal(0)
    total = sum(values, Decimal(0))
    if ratio:
        return (total / len(values)).quantize(Decimal("0.1"))
    return total


def period_live_rollup(
    *, actor: Actor, period: Any, root: Organisation
) -> tuple[dict[str, Decimal | None], int]:
    """Every computed item of ``period``'s template, computed now for the institutions under
    ``root`` that must report (those the actor sees live), with the definitions and period the
    reports pre-fill from. Returns ({item code: value}, number of institutions).

    Sums for "sum" items, the mean over institutions with a value for "mean" items — the same
    aggregation the submitted roll-up uses.
    """
    from opentvet.reporting.models import Aggregation, ValueSource
    from opentvet.reporting.services.submissions import (
        expected_institutions,
        live_values,
        template_items,
    )

    ids = list(
        expected_institutions(period)
        .filter(path__startswith=root.path)
        .filter(actor.reach_q("report.live"))
        .values_list("pk", flat=True)
    )
    items = template_items(period)
    if not ids:
        return {i.definition.code: None for i in items}, 0
    values = live_values(items, ids, period.start, period.end)
    result: dict[str, Decimal | None] = {}
    for item in items:
        code = item.definition.code
        found = [
            v
            for inst in ids
            for v, source in [values.get(inst, {}).get(code, (None, ValueSource.NO_SOURCE))]
            if source == ValueSource.COMPUTED and v is not None
        ]
        if not found:
            result[code] = None
        elif item.definition.aggregation == Aggregation.MEAN:
            result[code] = (sum(found, Decimal(0)) / len(found)).quantize(Decimal("0.01"))
        else:
            result[code] = sum(found, Decimal(0))
    return result, len(ids)
