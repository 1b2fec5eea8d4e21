"""The allocation result: assignment, cut-offs per programme, and explanations per applicant."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .errors import AllocationCheckError
from .prepare import Prepared


class Reason(StrEnum):
    """Why a wish ranked above the admitted one (or any wish of an unplaced applicant) failed."""

    BELOW_CUTOFF = "below_cutoff"  # điểm thấp hơn điểm chuẩn
    TIE_LOST = "tie_lost"  # bằng điểm chuẩn, thua ở tiêu chí phụ (nộp sau / mã thí sinh lớn hơn)
    NO_SEATS = "no_seats"  # ngành không có chỉ tiêu


@dataclass(frozen=True)
class WishExplanation:
    """One unmet wish of an applicant, with the programme's cut-off (điểm chuẩn)."""

    rank: int
    programme: int
    score: float
    cutoff_score: float
    reason: Reason


@dataclass(frozen=True, eq=False)
class Allocation:
    """Outcome of a coordinated round.

    Per applicant (in ascending id order unless submission times were given, then in tie-break
    order): ``applicant_ids``, ``programme`` (index, -1 when unplaced) and ``wish_rank`` (0 when
    unplaced). Per programme: ``filled`` seats and ``cutoff_score`` — the score of the last
    admitted applicant when the programme is full, NaN otherwise (everyone who applied was
    admitted).
    """

    prepared: Prepared
    assigned_row: np.ndarray  # [A] row of the admitted wish, -1 when unplaced
    filled: np.ndarray  # [P]
    cutoff_priority: np.ndarray  # [P] priority of the last admitted at full programmes, else -1

    @property
    def applicant_ids(self) -> np.ndarray:
        return self.prepared.applicant_ids

    @property
    def programme(self) -> np.ndarray:
        rows = self.assigned_row
        return np.where(rows >= 0, self.prepared.row_programme[np.maximum(rows, 0)], -1)

    @property
    def wish_rank(self) -> np.ndarray:
        rows = self.assigned_row
        return np.where(rows >= 0, self.prepared.row_rank[np.maximum(rows, 0)], 0)

    @property
    def quotas(self) -> np.ndarray:
        return self.prepared.quotas

    @property
    def is_full(self) -> np.ndarray:
        return self.filled >= self.prepared.quotas

    @property
    def cutoff_score(self) -> np.ndarray:
        prep = self.prepared
        out = np.full(prep.n_programmes, np.nan)
        full = np.flatnonzero(self.cutoff_priority >= 0)
        out[full] = prep.row_score[prep.priority_row[self.cutoff_priority[full]]]
        return out

    def unmet_wishes(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows (internal order) of every wish ranked above the admitted one, and their reasons.

        Every such programme is full (else the assignment would not be stable), so the reason
        is the cut-off: lower score, or the same score but a lost tie-break.
        """
        prep = self.prepared
        rows = _rows_above_assignment(prep, self.assigned_row)
        prog = prep.row_programme[rows]
        cutoff_row = prep.priority_row[np.maximum(self.cutoff_priority[prog], 0)]
        reason = np.where(
            prep.quotas[prog] == 0,
            2,
            np.where(prep.row_score[rows] == prep.row_score[cutoff_row], 1, 0),
        )
        return rows, reason

    def explain(self, applicant_id: object) -> list[WishExplanation]:
        """Why each wish above the admitted one (or every wish, if unplaced) was not met."""
        prep = self.prepared
        hits = np.flatnonzero(prep.applicant_ids == applicant_id)
        if not len(hits):
            raise KeyError(applicant_id)
        a = int(hits[0])
        assigned = int(self.assigned_row[a])
        stop = assigned if assigned >= 0 else int(prep.row_start[a + 1])
        cutoffs = self.cutoff_score
        out = []
        for row in range(int(prep.row_start[a]), stop):
            p = int(prep.row_programme[row])
            score = float(prep.row_score[row])
            if prep.quotas[p] == 0:
                reason = Reason.NO_SEATS
            elif score == cutoffs[p]:
                reason = Reason.TIE_LOST
            else:
                reason = Reason.BELOW_CUTOFF
            out.append(
                WishExplanation(int(prep.row_rank[row]), p, score, float(cutoffs[p]), reason)
            )
        return out


REASONS = (Reason.BELOW_CUTOFF, Reason.TIE_LOST, Reason.NO_SEATS)


def _rows_above_assignment(prep: Prepared, assigned_row: np.ndarray) -> np.ndarray:
    """All rows ranked above each applicant's admitted wish (all rows when unplaced)."""
    stop = np.where(assigned_row >= 0, assigned_row, prep.row_start[1:])
    counts = stop - prep.row_start[:-1]
    total = int(counts.sum())
    offsets = np.cumsum(counts) - counts
    return np.repeat(prep.row_start[:-1] - offsets, counts) + np.arange(total)


def build_result(prep: Prepared, assigned_row: np.ndarray) -> Allocation:
    """Per-programme seats filled and cut-off priority, recomputed from the assignment alone."""
    placed = assigned_row[assigned_row >= 0]
    prio = np.sort(prep.row_priority[placed])
    prog = np.searchsorted(prep.programme_start, prio, side="right") - 1
    filled = np.bincount(prog, minlength=prep.n_programmes)
    # The last admitted at each programme is the largest priority in its (sorted) group.
    worst = np.full(prep.n_programmes, -1, dtype=np.int64)
    if len(prio):
        last = np.r_[prog[1:] != prog[:-1], True]
        worst[prog[last]] = prio[last]
    full = filled >= prep.quotas
    cutoff = np.where(full & (filled > 0), worst, -1)
    return Allocation(prep, assigned_row, filled, cutoff)


def check_stable(result: Allocation) -> None:
    """Raise AllocationCheckError unless the assignment respects quotas and is stable.

    Stable: no applicant prefers (ranks higher) a programme that has a free seat or holds
    someone of lower merit — i.e. every wish above the admitted one is at a full programme
    whose last admitted applicant has better priority. Linear in the number of wish rows.
    """
    prep = result.prepared
    assigned = result.assigned_row
    n_app = prep.n_applicants
    if len(assigned) != n_app:
        raise AllocationCheckError("assignment length differs from the number of applicants")
    placed = np.flatnonzero(assigned >= 0)
    rows = assigned[placed]
    if len(rows) and (
        bool((rows < prep.row_start[placed]).any())
        or bool((rows >= prep.row_start[placed + 1]).any())
    ):
        raise AllocationCheckError("an applicant is admitted to a programme they did not list")
    over = np.flatnonzero(result.filled > prep.quotas)
    if len(over):
        raise AllocationCheckError(f"programme {over[0]} is over its quota")
    above = _rows_above_assignment(prep, assigned)
    prog = prep.row_programme[above]
    blocking = (result.filled[prog] < prep.quotas[prog]) | (
        prep.row_priority[above] < result.cutoff_priority[prog]
    )
    if bool(blocking.any()):
        row = int(above[np.flatnonzero(blocking)[0]])
        raise AllocationCheckError(
            f"blocking pair: applicant {prep.applicant_ids[prep.row_applicant[row]]} and "
            f"programme {prep.row_programme[row]}"
        )
