"""Generator step for ``guidance`` (small): inventory results of some applicants, job demand.

One applicant in ten (of the ``admissions`` step) has taken the interest inventory: answers to
every item, scores and Holland code computed by ``guidance.scoring``. Every institution records
the job demand of one or two partner employers for occupations it trains in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from opentvet.benchdata.generator import World

SHARE_WITH_RESULT = 10  # one applicant in ten


def guidance(world: World) -> None:
    from opentvet.guidance.inventory import ITEMS, TYPES
    from opentvet.guidance.models import DemandSignal, InventoryResult
    from opentvet.guidance.scoring import holland_code, score

    rng = world.rng("guidance")
    applicants = world.extra.get("applicant_users", range(0))
    takers = applicants[::SHARE_WITH_RESULT]
    first = world.loader.reserve_ids(InventoryResult, len(takers))
    when = world.loader.now

    def result_rows() -> Iterator[tuple[Any, ...]]:
        for n, user_id in enumerate(takers):
            liked = rng.sample(TYPES, 2)  # two types the taker leans to
            answers = {item.key: min(2, rng.randint(0, 1) + (item.type in liked)) for item in ITEMS}
            scores = score(answers)
            yield (
                first + n,
                user_id,
                f"{rng.getrandbits(128):032x}",
                answers,
                scores,
                holland_code(scores),
                when,
            )

    world.write(
        InventoryResult,
        ["id", "user_id", "token", "answers", "scores", "code", "created_at"],
        result_rows(),
        expected=len(takers),
    )

    signals: list[tuple[Any, ...]] = []
    year = when.year
    for inst in world.institutions:
        occupations = sorted({info.occupation for info in inst.programmes})
        for occupation in rng.sample(occupations, min(len(occupations), rng.randint(1, 2))):
            signals.append(
                (
                    inst.id,
                    occupation,
                    inst.province,
                    rng.choice([5, 10, 20, 30, 50]),
                    year,
                    f"Công ty TNHH đối tác {rng.randint(1, 999)}",
                )
            )
    first_signal = world.loader.reserve_ids(DemandSignal, len(signals))
    world.write(
        DemandSignal,
        ["id", "organisation_id", "occupation_id", "province_id", "openings", "year", "employer"],
        ((first_signal + n, *row) for n, row in enumerate(signals)),
        expected=len(signals),
    )
