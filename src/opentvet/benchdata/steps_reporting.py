"""Generator step for ``reporting``: a national annual template, two periods, one report each.

The national authority's template asks for the latest version of every standard indicator
(``reporting.services.standard_definitions_ensure``). Two annual periods are opened (the two
years before the load): every generated institution has a report in each, submitted, with one
value row per indicator — the live pre-fill of the later year (``live_values``, what an
institution's officer would have sent), the earlier year a little lower — and the frozen
version (``SubmissionVersion``) a submission writes. ``bench/bench_reporting.py`` measures its
roll-up on the later period (``TEMPLATE_NAME``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from opentvet.benchdata.generator import World

TEMPLATE_NAME = "Báo cáo kết quả giáo dục nghề nghiệp năm (dữ liệu benchmark)"


def reporting(world: World) -> None:
    from opentvet.core.models import Organisation
    from opentvet.reporting.models import (
        IndicatorDefinition,
        ReportingPeriod,
        ReportTemplate,
        Submission,
        SubmissionValue,
        SubmissionVersion,
        ValueSource,
    )
    from opentvet.reporting.services import (
        period_open,
        standard_definitions_ensure,
        template_create,
        template_item_add,
    )
    from opentvet.reporting.services.submissions import (
        live_values,
        snapshot_value,
        template_items,
    )

    rng = world.rng("reporting")
    nation = Organisation.objects.get(pk=world.authority_id)
    template = ReportTemplate.objects.filter(name=TEMPLATE_NAME, organisation=nation).first()
    if template is None:
        standard_definitions_ensure()
        template = template_create(
            actor=None,
            organisation=nation,
            name=TEMPLATE_NAME,
            periodicities=["annual"],
            sections=[],
        )
        latest: dict[str, IndicatorDefinition] = {}
        for definition in IndicatorDefinition.objects.order_by("code", "-version"):
            latest.setdefault(definition.code, definition)
        for definition in latest.values():
            template_item_add(
                actor=None, template=template, definition=definition, required=False, components=[]
            )
    year = world.loader.now.year - 1
    periods = []
    for y in (year - 1, year):
        period = ReportingPeriod.objects.filter(template=template, periodicity="annual", year=y)
        periods.append(
            period.first()
            or period_open(actor=None, template=template, periodicity="annual", year=y)
        )
    items = template_items(periods[-1])
    insts = world.institutions
    ids = [inst.id for inst in insts]
    live = live_values(items, ids, periods[-1].start, periods[-1].end)

    first = world.loader.reserve_ids(Submission, len(insts) * len(periods))
    first_value = world.loader.reserve_ids(SubmissionValue, len(insts) * len(periods) * len(items))
    first_version = world.loader.reserve_ids(SubmissionVersion, len(insts) * len(periods))
    values: list[tuple[Any, ...]] = []
    versions: list[tuple[Any, ...]] = []
    submissions: list[tuple[Any, ...]] = []
    later = len(periods) - 1
    for p, period in enumerate(periods):
        sent = dt.datetime.combine(period.due_date, dt.time(9), tzinfo=dt.UTC)
        for n, inst in enumerate(insts):
            pk = first + p * len(insts) + n
            acknowledged = p < later or rng.random() < 0.5
            submissions.append(
                (
                    pk,
                    period.pk,
                    inst.id,
                    inst.path,
                    Submission.Status.ACKNOWLEDGED if acknowledged else Submission.Status.SUBMITTED,
                    1,
                    sent - dt.timedelta(days=rng.randint(0, 4)),
                    sent,
                    sent,
                    sent + dt.timedelta(days=3) if acknowledged else None,
                )
            )
            snapshot = []
            for item in items:
                definition = item.definition
                computed, source = live[inst.id][definition.code]
                if p < later and computed is not None:  # the year before: a little lower
                    computed = (computed * Decimal(rng.uniform(0.85, 1.0))).quantize(
                        Decimal("0.0001")
                    )
                value = computed
                if source == ValueSource.MANUAL:
                    value = Decimal(rng.randint(0, 50))
                values.append(
                    (
                        first_value + len(values),
                        pk,
                        period.pk,
                        inst.id,
                        inst.path,
                        inst.province,
                        definition.code,
                        definition.version,
                        value,
                        computed,
                        source,
                        True,
                    )
                )
                snapshot.append(
                    snapshot_value(
                        definition.code,
                        definition,
                        version=definition.version,
                        value=value,
                        computed=computed,
                        source=source,
                        comment="",
                    )
                )
            versions.append(
                (
                    first_version + len(versions),
                    pk,
                    1,
                    {
                        "institution": inst.name,
                        "period": period.label,
                        "values": snapshot,
                        "narrative": {},
                    },
                    sent,
                    Submission.Status.ACKNOWLEDGED if acknowledged else "",
                )
            )

    world.write(
        Submission,
        [
            "id",
            "period_id",
            "institution_id",
            "institution_path",
            "status",
            "version",
            "signed_at",
            "submitted_at",
            "first_submitted_at",
            "reviewed_at",
        ],
        submissions,
        expected=len(submissions),
    )

    def value_rows() -> Iterator[tuple[Any, ...]]:
        yield from values

    world.write(
        SubmissionValue,
        [
            "id",
            "submission_id",
            "period_id",
            "institution_id",
            "institution_path",
            "province_id",
            "code",
            "definition_version",
            "value",
            "computed_value",
            "source",
            "submitted",
        ],
        value_rows(),
        expected=len(values),
    )
    world.write(
        SubmissionVersion,
        ["id", "submission_id", "number", "snapshot", "submitted_at", "outcome"],
        versions,
        expected=len(versions),
    )
    world.extra["reporting"] = {"template": template.pk, "periods": [p.pk for p in periods]}
