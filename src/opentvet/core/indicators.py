"""Indicators computed from live data, registered by the app that owns the data.

The reporting app pre-fills reports from these; dashboards reuse them. An indicator computes
its value for *many* institutions at once — one aggregate query (GROUP BY institution), never
a query per institution — because the national roll-up pre-fills ~2,000 institutions.

    @indicator(code="learners.enrolled", name=_("Người học đang theo học"), unit=_("người"))
    def enrolled(*, institution_ids, start, end):
        return dict(Student.all_objects.filter(...).values_list("institution_id").annotate(...))

``source`` (optional) returns the queryset of rows behind one institution's figure, so a
report can show where each number came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db.models import QuerySet
from django.utils.functional import Promise

Value = int | Decimal | float | None
Compute = Callable[..., Mapping[int, Value]]
Source = Callable[..., Any]
QS = TypeVar("QS", bound=QuerySet[Any])


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    unit: str | Promise
    compute: Compute
    source: Source | None = None
    description: str | Promise = ""
    # Breakdown keys, when ``compute`` returns {institution_id: {key: value}} instead.
    breakdown: tuple[str, ...] = field(default_factory=tuple)

    def values(
        self, *, institution_ids: Iterable[int], start: dt.date, end: dt.date
    ) -> Mapping[int, Any]:
        ids = list(institution_ids)
        result = self.compute(institution_ids=ids, start=start, end=end)
        if not many(ids):
            return result
        # ``for_institutions`` let the query read every institution; keep the ones asked about.
        wanted = set(ids)
        return {pk: value for pk, value in result.items() if pk in wanted}


#: Above this many institutions an indicator reads every institution's rows and drops the
#: others afterwards (``for_institutions``).
MANY = 50


def many(institution_ids: Sequence[int]) -> bool:
    """Whether an indicator should read every institution's rows (see ``for_institutions``)."""
    return len(institution_ids) > MANY


def for_institutions(qs: QS, institution_ids: Sequence[int], field: str = "institution_id") -> QS:
    """Restrict ``qs`` to the institutions asked about, unless they are many.

    The national pre-fill asks about ~2,000 institutions. ``institution_id IN (2,000 ids)``
    makes PostgreSQL test a 2,000-element list on every row or descend an index 2,000 times
    instead of reading one index straight through (an index-only scan of 2.5 million students:
    0.9 s → 0.3 s in bench_reporting). ``Indicator.values`` drops the institutions nobody asked
    about, so the figures are the same either way (tests/reporting/test_indicators_bulk.py).
    """
    if many(institution_ids):
        return qs
    return qs.filter(**{f"{field}__in": list(institution_ids)})


_REGISTRY: dict[str, Indicator] = {}

# Figures that several indicators derive from (active learners per version feed enrolment by
# level and learners per teacher), computed once per pre-fill: ``batch()`` opens the scope,
# ``shared()`` computes or reuses. Outside a batch nothing is kept.
_BATCH: ContextVar[dict[Hashable, Any] | None] = ContextVar("indicator_batch", default=None)
T = TypeVar("T")


@contextmanager
def batch() -> Iterator[None]:
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def shared(key: Hashable, compute: Callable[[], T]) -> T:
    cache = _BATCH.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cast(T, cache[key])


def indicator(
    *,
    code: str,
    name: str | Promise,
    unit: str | Promise,
    description: str | Promise = "",
    source: Source | None = None,
    breakdown: tuple[str, ...] = (),
) -> Callable[[Compute], Compute]:
    def register(func: Compute) -> Compute:
        _REGISTRY[code] = Indicator(
            code=code,
            name=name,
            unit=unit,
            compute=func,
            source=source,
            description=description,
            breakdown=breakdown,
        )
        return func

    return register


def get_indicator(code: str) -> Indicator:
    return _REGISTRY[code]


def all_indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: i.code)
