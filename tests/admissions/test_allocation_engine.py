"""Unit tests of the allocation engine: tie-breaking, cut-offs, explanations, input errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from opentvet.admissions.allocation import AllocationInputError, Reason, allocate


def run(rows, quotas, submitted_at=None):
    """rows: (applicant_id, rank, programme, score)."""
    cols = list(zip(*rows, strict=True))
    return allocate(
        applicant_ids=np.array(cols[0]),
        ranks=np.array(cols[1]),
        programmes=np.array(cols[2]),
        scores=np.array(cols[3], dtype=float),
        quotas=np.array(quotas),
        submitted_at=submitted_at,
    )


def placed(result):
    return dict(zip(result.applicant_ids.tolist(), result.programme.tolist(), strict=True))


def test_score_tie_goes_to_smaller_applicant_id():
    result = run([(20, 1, 0, 7.5), (10, 1, 0, 7.5)], [1])
    assert placed(result) == {10: 0, 20: -1}


def test_score_tie_goes_to_earlier_submission_when_given():
    result = run([(10, 1, 0, 7.5), (20, 1, 0, 7.5)], [1], submitted_at=np.array([50, 40]))
    assert placed(result) == {10: -1, 20: 0}


def test_higher_score_wins_whatever_the_submission_time():
    result = run([(10, 1, 0, 7.25), (20, 1, 0, 7.5)], [1], submitted_at=np.array([1, 2]))
    assert placed(result) == {10: -1, 20: 0}


def test_rows_in_any_order_and_ranks_with_gaps():
    rows = [(3, 9, 1, 6.0), (1, 2, 0, 8.0), (3, 4, 0, 6.0), (2, 1, 0, 9.0), (1, 5, 1, 5.0)]
    result = run(rows, [1, 1])
    assert placed(result) == {1: -1, 2: 0, 3: 1}  # 3 outscores 1 at programme 1
    assert result.wish_rank.tolist() == [0, 1, 9]


def test_string_applicant_ids():
    result = run([("TS02", 1, 0, 5.0), ("TS01", 1, 0, 5.0)], [1])
    assert placed(result) == {"TS01": 0, "TS02": -1}


def test_cutoffs_filled_and_explanations():
    rows = [
        (1, 1, 0, 9.0),
        (2, 1, 0, 8.0),
        (3, 1, 0, 8.0),
        (3, 2, 1, 4.0),
        (4, 1, 2, 1.0),
        (4, 2, 1, 6.0),
    ]
    result = run(rows, [2, 3, 0])
    assert placed(result) == {1: 0, 2: 0, 3: 1, 4: 1}
    assert result.filled.tolist() == [2, 2, 0]
    cut = result.cutoff_score
    assert cut[0] == 8.0
    assert math.isnan(cut[1])  # not full: everyone who applied got in
    (tie,) = result.explain(3)
    assert (tie.rank, tie.programme, tie.score, tie.cutoff_score) == (1, 0, 8.0, 8.0)
    assert tie.reason is Reason.TIE_LOST
    (no_seats,) = result.explain(4)
    assert no_seats.reason is Reason.NO_SEATS
    assert result.explain(1) == []
    rows_out, reasons = result.unmet_wishes()
    assert len(rows_out) == 2
    assert sorted(reasons.tolist()) == [1, 2]


def test_explain_below_cutoff_for_unplaced_applicant():
    result = run([(1, 1, 0, 9.0), (2, 1, 0, 3.0), (2, 2, 1, 2.0), (3, 1, 1, 8.0)], [1, 1])
    assert [e.reason for e in result.explain(2)] == [Reason.BELOW_CUTOFF] * 2
    assert [e.cutoff_score for e in result.explain(2)] == [9.0, 8.0]
    with pytest.raises(KeyError):
        result.explain(99)


@pytest.mark.parametrize(
    ("rows", "quotas", "message", "row"),
    [
        ([(1, 1, 0, 5.0), (1, 1, 1, 6.0)], [1, 1], "duplicate rank", 1),
        ([(1, 1, 0, 5.0), (2, 1, 0, 5.0), (1, 2, 0, 6.0)], [1], "duplicate programme", 2),
        ([(1, 1, 0, 5.0), (1, 2, 3, 6.0)], [1, 1], "unknown programme", 1),
        ([(1, 1, 0, 5.0), (1, 2, 1, float("nan"))], [1, 1], "invalid score", 1),
        ([(1, 0, 0, 5.0)], [1], "rank must be >= 1", 0),
        ([(1, 1, 0, 5.0)], [-1], "negative quota", None),
    ],
)
def test_malformed_input_names_the_row(rows, quotas, message, row):
    with pytest.raises(AllocationInputError, match=message) as info:
        run(rows, quotas)
    assert info.value.row == row


def test_submission_time_must_be_the_same_on_all_rows_of_an_applicant():
    with pytest.raises(AllocationInputError, match="submitted_at differs") as info:
        run([(1, 1, 0, 5.0), (1, 2, 1, 5.0)], [1, 1], submitted_at=np.array([1, 2]))
    assert info.value.row == 1


def test_empty_round():
    result = allocate(
        applicant_ids=np.array([], dtype=np.int64),
        ranks=np.array([], dtype=np.int64),
        programmes=np.array([], dtype=np.int64),
        scores=np.array([]),
        quotas=np.array([2]),
    )
    assert len(result.applicant_ids) == 0
    assert result.filled.tolist() == [0]
