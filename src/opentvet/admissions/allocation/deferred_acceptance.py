"""Applicant-proposing deferred acceptance (thuật toán chấp nhận trì hoãn), vectorised.

State: each applicant's pointer into their wish list, and, per programme, the set of applicants
it holds. Holders are kept as one sorted array of priorities; because a programme's priorities
are a contiguous range, that array is grouped by programme and ordered by merit within it.

Rounds: every applicant without a place advances to their next wish whose programme would
still consider them (a free seat, or merit above the current worst holder); each over-subscribed
programme then keeps its best ``quota`` among holders and newcomers. Thresholds only tighten,
so rejecting against the current threshold is what any proposal order would do — the
applicant-optimal stable assignment does not depend on the order of proposals.

When few applicants are still looking (the long tail of rejection chains), a per-round pass
over all holders costs more than it does, so the remaining proposals run one at a time with
a heap per touched programme.
"""

from __future__ import annotations

import heapq

import numpy as np

from .prepare import Prepared

#: Below this many proposers per round, the sequential path is cheaper than a vectorised round.
TAIL_PROPOSERS = 2000


def deferred_acceptance(prep: Prepared, *, tail_proposers: int = TAIL_PROPOSERS) -> np.ndarray:
    """Return, per applicant, the row of the wish they are admitted to, or -1."""
    n_app = prep.n_applicants
    row_start = prep.row_start
    wish_count = prep.wish_count
    row_priority = prep.row_priority
    quotas = prep.quotas
    n = len(row_priority)
    # threshold[p]: a proposal with priority < threshold[p] is (for now) accepted.
    threshold = np.where(quotas > 0, n, -1).astype(np.int64)
    held_count = np.zeros(len(quotas), dtype=np.int64)
    pointer = np.zeros(n_app, dtype=np.int64)
    holders = np.empty(0, dtype=row_priority.dtype)
    # Needles for searchsorted in the haystack's dtype (a mismatch would copy the haystack).
    programme_start = prep.programme_start.astype(row_priority.dtype)

    active = np.arange(n_app, dtype=np.int64)
    while len(active) >= max(tail_proposers, 1):
        proposals = _advance(prep, active, pointer=pointer, threshold=threshold)
        if not len(proposals):
            active = proposals
            break
        holders, rejected = _merge_round(
            holders,
            np.sort(proposals),
            quotas=quotas,
            threshold=threshold,
            held_count=held_count,
            programme_start=programme_start,
        )
        active = prep.row_applicant[prep.priority_row[rejected]].astype(np.int64)
        pointer[active] += 1

    if len(active):
        _sequential_tail(prep, active, pointer, holders, programme_start)
    return np.where(pointer < wish_count, row_start[:-1] + pointer, -1)


def _advance(
    prep: Prepared, active: np.ndarray, *, pointer: np.ndarray, threshold: np.ndarray
) -> np.ndarray:
    """Move each active applicant to their next wish that passes the current threshold.

    Returns the priorities of the resulting proposals; exhausted applicants drop out.
    """
    row_start, row_priority, row_programme = prep.row_start, prep.row_priority, prep.row_programme
    wish_count = prep.wish_count
    out = []
    todo = active[pointer[active] < wish_count[active]]
    while len(todo):
        rows = row_start[todo] + pointer[todo]
        prio = row_priority[rows]
        ok = prio < threshold[row_programme[rows]]
        out.append(prio[ok])
        todo = todo[~ok]
        pointer[todo] += 1
        todo = todo[pointer[todo] < wish_count[todo]]
    return np.concatenate(out) if out else np.empty(0, dtype=row_priority.dtype)


def _merge_round(
    holders: np.ndarray,
    proposals: np.ndarray,
    *,
    quotas: np.ndarray,
    threshold: np.ndarray,
    held_count: np.ndarray,
    programme_start: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Add sorted proposals to the holders; return (new holders, rejected priorities)."""
    prog = np.searchsorted(programme_start, proposals, side="right") - 1
    # Proposals are sorted, hence grouped by programme.
    starts = np.flatnonzero(np.r_[True, prog[1:] != prog[:-1]])
    progs = prog[starts]
    counts = np.diff(np.r_[starts, len(prog)])
    total = held_count[progs] + counts
    over = total > quotas[progs]

    merged = np.concatenate((holders, proposals))
    merged.sort()

    # Programmes that stay within quota take everyone; they may become exactly full.
    fit = progs[~over]
    held_count[fit] = total[~over]
    now_full = fit[held_count[fit] == quotas[fit]]
    if len(now_full):
        last = np.searchsorted(merged, programme_start[now_full + 1]) - 1
        threshold[now_full] = merged[last]

    over_progs = progs[over]
    if not len(over_progs):
        return merged, np.empty(0, dtype=merged.dtype)
    # For an over-subscribed programme, its group in `merged` is [lo, hi); keep [lo, lo+quota).
    lo = np.searchsorted(merged, programme_start[over_progs])
    hi = np.searchsorted(merged, programme_start[over_progs + 1])
    q = quotas[over_progs]
    cut = lo + q
    threshold[over_progs] = np.where(q > 0, merged[np.minimum(cut, len(merged)) - 1], -1)
    held_count[over_progs] = q
    drop_len = hi - cut
    total_drop = int(drop_len.sum())
    offsets = np.cumsum(drop_len) - drop_len
    drop_idx = np.repeat(cut - offsets, drop_len) + np.arange(total_drop)
    rejected = merged[drop_idx]
    keep = np.ones(len(merged), dtype=bool)
    keep[drop_idx] = False
    return merged[keep], rejected


def _sequential_tail(
    prep: Prepared,
    active: np.ndarray,
    pointer: np.ndarray,
    holders: np.ndarray,
    programme_start: np.ndarray,
) -> None:
    """Finish deferred acceptance one proposal at a time (few proposers left).

    A touched programme's holders are its slice of the sorted ``holders`` array (of which the
    worst still held is at ``end - 1``) plus a max-heap of newcomers; that avoids copying the
    slices of large programmes into Python lists.
    """
    row_start = prep.row_start.tolist()
    row_priority = prep.row_priority
    row_programme = prep.row_programme
    quotas = prep.quotas
    priority_row = prep.priority_row
    row_applicant = prep.row_applicant
    state: dict[int, list] = {}  # p -> [slice_lo, slice_end, newcomer heap (negated)]
    free = active.tolist()
    while free:
        a = free.pop()
        k = int(pointer[a])
        base = row_start[a]
        end = row_start[a + 1] - base
        while k < end:
            row = base + k
            p = int(row_programme[row])
            quota = int(quotas[p])
            if quota > 0:
                g = int(row_priority[row])
                st = state.get(p)
                if st is None:
                    lo, hi = np.searchsorted(holders, programme_start[p : p + 2]).tolist()
                    st = state[p] = [lo, hi, []]
                lo, hi, heap = st
                if hi - lo + len(heap) < quota:
                    heapq.heappush(heap, -g)
                    break
                old = int(holders[hi - 1]) if hi > lo else -1
                new = -heap[0] if heap else -1
                if g < max(old, new):
                    if old > new:
                        st[1] = hi - 1
                        heapq.heappush(heap, -g)
                        worst = old
                    else:
                        worst = -heapq.heapreplace(heap, -g)
                    loser = int(row_applicant[priority_row[worst]])
                    pointer[loser] += 1
                    free.append(loser)
                    break
            k += 1
        pointer[a] = k
