"""The public entry point: :func:`allocate`."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .deferred_acceptance import deferred_acceptance
from .prepare import prepare
from .result import Allocation, build_result, check_stable


def allocate(
    *,
    applicant_ids: ArrayLike,
    ranks: ArrayLike,
    programmes: ArrayLike,
    scores: ArrayLike,
    quotas: ArrayLike,
    submitted_at: ArrayLike | None = None,
    check: bool = True,
) -> Allocation:
    """Compute the applicant-optimal stable assignment of a coordinated round (xét tuyển chung).

    One entry per wish row: ``applicant_ids`` (any sortable ids), ``ranks`` (1 = first wish;
    gaps allowed, duplicates not), ``programmes`` (index into ``quotas``) and ``scores`` (the
    applicant's score for that programme). ``quotas`` (chỉ tiêu) has one entry per programme.
    Each programme ranks its applicants by higher score, then earlier ``submitted_at`` (one
    sortable value per applicant, repeated on each of its rows) when given, then smaller
    applicant id.

    Raises AllocationInputError for malformed input (with the offending row index). With
    ``check`` (the default) the result is verified to respect quotas and be stable, in time
    linear in the number of rows; a failure raises AllocationCheckError.
    """
    prep = prepare(
        applicant_ids=np.asarray(applicant_ids),
        ranks=np.asarray(ranks),
        programmes=np.asarray(programmes),
        scores=np.asarray(scores, dtype=np.float64),
        quotas=np.asarray(quotas),
        submitted_at=None if submitted_at is None else np.asarray(submitted_at),
    )
    result = build_result(prep, deferred_acceptance(prep))
    if check:
        check_stable(result)
    return result
