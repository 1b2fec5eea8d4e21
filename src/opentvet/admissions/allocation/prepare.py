"""Input checks and priority encoding for the allocation engine.

Everything here is linear or ``n log n`` in the number of wish rows, with the sort done on packed
64-bit keys (NumPy's value sort is several times faster than ``argsort``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .errors import AllocationInputError

_INT64_LIMIT = 2**62


@dataclass(frozen=True, eq=False)
class Prepared:
    """A validated instance, rows renumbered in (applicant, rank) order.

    Applicants are numbered ``0..A-1`` in the programmes' tie-break order (earlier submission,
    then applicant id), so a smaller applicant number wins a score tie everywhere.
    """

    applicant_ids: np.ndarray  # [A] original ids, by applicant number
    row_start: np.ndarray  # [A+1] int64: rows of applicant a are row_start[a]:row_start[a+1]
    row_applicant: np.ndarray  # [N] int32 applicant number of each row
    row_programme: np.ndarray  # [N] int32
    row_score: np.ndarray  # [N] float64
    row_rank: np.ndarray  # [N] the applicant's wish rank (1 = first)
    row_source: np.ndarray | None  # [N] index of the row in the caller's arrays (None: identity)
    row_priority: np.ndarray  # [N] int32/int64: position in (programme, merit) order
    priority_row: np.ndarray  # [N] inverse of row_priority
    programme_start: np.ndarray  # [P+1] priorities of programme p are programme_start[p]:[p+1]
    quotas: np.ndarray  # [P] int64

    @property
    def n_applicants(self) -> int:
        return len(self.applicant_ids)

    @property
    def n_programmes(self) -> int:
        return len(self.quotas)

    @cached_property
    def wish_count(self) -> np.ndarray:
        return np.diff(self.row_start)

    def source_row(self, row: int) -> int:
        return int(row if self.row_source is None else self.row_source[row])


def prepare(
    *,
    applicant_ids: np.ndarray,
    ranks: np.ndarray,
    programmes: np.ndarray,
    scores: np.ndarray,
    quotas: np.ndarray,
    submitted_at: np.ndarray | None = None,
) -> Prepared:
    """Check the arrays and build the priority encoding; raise AllocationInputError if malformed."""
    applicant_ids = np.asarray(applicant_ids)
    ranks = np.asarray(ranks)
    programmes = np.asarray(programmes)
    scores = np.asarray(scores, dtype=np.float64)
    quotas = np.asarray(quotas)
    n = len(applicant_ids)
    columns = {"rank": ranks, "programme": programmes, "score": scores}
    if submitted_at is not None:
        submitted_at = np.asarray(submitted_at)
        columns["submitted_at"] = submitted_at
    for name, col in columns.items():
        if col.ndim != 1 or len(col) != n:
            raise AllocationInputError(
                f"cột {name} có độ dài {len(col)} khác {n} (column length mismatch)"
            )
    _check_quotas(quotas)
    _check_row_values(ranks, programmes, scores, len(quotas))

    # Applicant numbers in id order; the common case (rows grouped by applicant, ids ascending)
    # needs no sort.
    ids, id_number = _number_applicants(applicant_ids)
    source: np.ndarray | None = None
    if submitted_at is not None:
        tiebreak, id_number = _tiebreak_by_submission(id_number, submitted_at, len(ids))
        ids = ids[tiebreak]
    n_app = len(ids)
    app32 = id_number.astype(np.int32, copy=False)

    # Rows in (applicant, rank) order; duplicate ranks show up as equal neighbours.
    max_rank = int(ranks.max()) if n else 0
    if n_app * (max_rank + 1) >= _INT64_LIMIT:
        raise AllocationInputError(f"thứ tự nguyện vọng quá lớn: {max_rank} (rank too large)")
    if not _rows_in_order(app32, ranks):
        key = app32.astype(np.int64) * (max_rank + 1) + ranks
        source = np.argsort(key, kind="stable")
        key = key[source]
        app32 = app32[source]
        ranks, programmes, scores = ranks[source], programmes[source], scores[source]
        dup = np.flatnonzero(key[1:] == key[:-1])
        del key
    else:
        dup = np.flatnonzero((app32[1:] == app32[:-1]) & (ranks[1:] == ranks[:-1]))
    if len(dup):
        row = int(dup[0] + 1)
        raise AllocationInputError(
            f"thí sinh {ids[app32[row]]} có hai nguyện vọng cùng thứ tự {ranks[row]}"
            " (duplicate rank)",
            row=int(row if source is None else source[row]),
        )
    row_start = np.zeros(n_app + 1, dtype=np.int64)
    np.cumsum(np.bincount(app32, minlength=n_app), out=row_start[1:])
    programmes = programmes.astype(np.int32, copy=False)
    _check_distinct_programmes(row_start, app32, programmes, ids, source)

    priority, priority_row, programme_start = _encode_priorities(programmes, scores, len(quotas))
    return Prepared(
        applicant_ids=ids,
        row_start=row_start,
        row_applicant=app32,
        row_programme=programmes,
        row_score=scores,
        row_rank=ranks,
        row_source=source,
        row_priority=priority,
        priority_row=priority_row,
        programme_start=programme_start,
        quotas=quotas.astype(np.int64, copy=False),
    )


def _check_quotas(quotas: np.ndarray) -> None:
    if quotas.ndim != 1:
        raise AllocationInputError("chỉ tiêu phải là mảng một chiều (quotas must be 1-D)")
    if len(quotas) and not np.issubdtype(quotas.dtype, np.integer):
        raise AllocationInputError("chỉ tiêu phải là số nguyên (quotas must be integers)")
    bad = np.flatnonzero(quotas < 0)
    if len(bad):
        raise AllocationInputError(
            f"chỉ tiêu của ngành thứ {bad[0]} âm: {quotas[bad[0]]} (negative quota)"
        )


def _first(mask: np.ndarray) -> int | None:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if len(hits) else None


def _check_row_values(
    ranks: np.ndarray, programmes: np.ndarray, scores: np.ndarray, n_prog: int
) -> None:
    if not np.issubdtype(ranks.dtype, np.integer):
        raise AllocationInputError("thứ tự nguyện vọng phải là số nguyên (rank must be integer)")
    if not np.issubdtype(programmes.dtype, np.integer):
        raise AllocationInputError("mã ngành phải là chỉ số nguyên (programme index expected)")
    if (row := _first(ranks < 1)) is not None:
        raise AllocationInputError(
            f"thứ tự nguyện vọng phải từ 1: {ranks[row]} (rank must be >= 1)", row=row
        )
    if (row := _first((programmes < 0) | (programmes >= n_prog))) is not None:
        raise AllocationInputError(
            f"ngành không có trong danh sách chỉ tiêu: {programmes[row]} (unknown programme)",
            row=row,
        )
    if (row := _first(~np.isfinite(scores))) is not None:
        raise AllocationInputError(f"điểm không hợp lệ: {scores[row]} (invalid score)", row=row)


def _number_applicants(applicant_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ids in ascending order, and each row's index into them."""
    n = len(applicant_ids)
    if n == 0:
        return applicant_ids[:0], np.zeros(0, dtype=np.int64)
    if n > 1 and bool(np.all(applicant_ids[1:] >= applicant_ids[:-1])):
        new = np.empty(n, dtype=bool)
        new[0] = True
        np.not_equal(applicant_ids[1:], applicant_ids[:-1], out=new[1:])
        number = np.cumsum(new, dtype=np.int32 if n < 2**31 - 1 else np.int64)
        number -= 1
        return applicant_ids[new], number
    ids, number = np.unique(applicant_ids, return_inverse=True)
    return ids, number.reshape(-1)


def _tiebreak_by_submission(
    id_number: np.ndarray, submitted_at: np.ndarray, n_app: int
) -> tuple[np.ndarray, np.ndarray]:
    """Renumber applicants by (submission time, id); the time must be the same on all rows."""
    per_app = np.empty(n_app, dtype=submitted_at.dtype)
    per_app[id_number[::-1]] = submitted_at[::-1]  # the first row of each applicant sets it
    if (row := _first(per_app[id_number] != submitted_at)) is not None:
        raise AllocationInputError(
            "thời điểm nộp khác nhau giữa các dòng của cùng thí sinh"
            " (submitted_at differs between rows of one applicant)",
            row=row,
        )
    if np.issubdtype(per_app.dtype, np.floating) and (row := _first(np.isnan(submitted_at))):
        raise AllocationInputError("thời điểm nộp không hợp lệ (invalid submitted_at)", row=row)
    order = np.argsort(per_app, kind="stable")  # stable: equal times keep id order
    new_number = np.empty(n_app, dtype=np.int64)
    new_number[order] = np.arange(n_app)
    return order, new_number[id_number]


def _rows_in_order(app: np.ndarray, ranks: np.ndarray) -> bool:
    """Whether rows are already sorted by (applicant, rank), ties allowed (checked later)."""
    n = len(app)
    for start in range(0, max(n - 1, 0), _CHUNK):
        stop = min(start + _CHUNK, n - 1)
        a0, a1 = app[start:stop], app[start + 1 : stop + 1]
        r0, r1 = ranks[start:stop], ranks[start + 1 : stop + 1]
        if not bool(np.all((a1 > a0) | ((a1 == a0) & (r1 >= r0)))):
            return False
    return True


def _check_distinct_programmes(
    row_start: np.ndarray,
    row_app: np.ndarray,
    programmes: np.ndarray,
    ids: np.ndarray,
    source: np.ndarray | None,
) -> None:
    """No applicant lists the same programme twice (sorting each applicant's short wish list)."""
    n = len(programmes)
    n_app = len(row_start) - 1
    if n == 0:
        return
    width = int(np.max(np.diff(row_start)))
    if n_app * width <= 4 * n + 1024:
        # Pad to a matrix and sort each row: linear in practice (wish lists are short).
        mat = np.full((n_app, width), -1, dtype=np.int32)
        flat = mat.reshape(-1)
        for start in range(0, n, _CHUNK):
            stop = min(start + _CHUNK, n)
            app = row_app[start:stop].astype(np.int64)
            # Cell of row r: (applicant, position in their list) = app*width + r - row_start[app].
            cell = app * width - row_start[app] + np.arange(start, stop)
            flat[cell] = programmes[start:stop]
        mat.sort(axis=1)
        dup_app = np.flatnonzero(((mat[:, 1:] == mat[:, :-1]) & (mat[:, 1:] >= 0)).any(axis=1))
        del mat
        if not len(dup_app):
            return
        a = int(dup_app[0])
        rows = np.arange(row_start[a], row_start[a + 1])
        progs = programmes[rows]
        _, first = np.unique(progs, return_index=True)
        repeated = np.setdiff1d(np.arange(len(rows)), first)
        row = int(rows[repeated.min()])
    else:
        app = row_app.astype(np.int64)
        key = app * (int(programmes.max()) + 1) + programmes
        order = np.argsort(key, kind="stable")
        same = np.flatnonzero(key[order][1:] == key[order][:-1])
        if not len(same):
            return
        row = int(order[same + 1].min())
        a = int(app[row])
    raise AllocationInputError(
        f"thí sinh {ids[a]} đăng ký ngành {programmes[row]} hai lần (duplicate programme)",
        row=int(row if source is None else source[row]),
    )


_CHUNK = 1 << 20  # elementwise passes run in chunks: small temporaries, reused, cache-warm


def _chunks(n: int) -> range:
    return range(0, n, _CHUNK)


def _score_scale(scores: np.ndarray) -> tuple[float, int, int] | None:
    """(scale, min, max) such that every score times scale is an exact integer, if any."""
    for decimals in (0, 1, 2, 3, 4):
        scale = 10.0**decimals
        lo, hi = np.inf, -np.inf
        for start in _chunks(len(scores)):
            s = scores[start : start + _CHUNK]
            q = np.multiply(s, scale)
            np.rint(q, out=q)
            lo, hi = min(lo, q.min()), max(hi, q.max())
            if max(-lo, hi) >= 2**52 or not np.array_equal(q / scale, s):
                break
        else:
            return scale, int(lo), int(hi)
    return None


def _encode_priorities(
    programmes: np.ndarray, scores: np.ndarray, n_prog: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's position in the order (programme, score desc, applicant number).

    Rows are in (applicant, rank) order and applicants are numbered in tie-break order, so the
    row index itself breaks score ties. Within one programme a smaller position means higher
    merit, and a programme's positions are contiguous: ``programme_start[p]:programme_start[p+1]``.
    The order comes from one value sort of packed keys (programme, score level, row); scores
    with up to four decimals become integer levels without sorting them.
    """
    n = len(programmes)
    index_dtype = np.int32 if n < 2**31 - 1 else np.int64
    found = _score_scale(scores) if n else (1.0, 0, 0)
    levels: np.ndarray | None = None
    if found is None:
        distinct, inverse = np.unique(scores, return_inverse=True)
        levels = (len(distinct) - 1 - inverse.reshape(-1)).astype(np.int64)
        scale, top, n_levels = 1.0, 0, len(distinct)
    else:
        scale, low, top = found
        n_levels = top - low + 1
    priority_row = np.empty(n, dtype=index_dtype)
    if n_prog * n_levels * max(n, 1) < _INT64_LIMIT:
        key = np.empty(n, dtype=np.int64)
        for start in _chunks(n):
            stop = min(start + _CHUNK, n)
            part = key[start:stop]
            if levels is None:
                q = np.multiply(scores[start:stop], scale)
                np.rint(q, out=q)
                np.subtract(top, q, out=q)
                part[:] = q
            else:
                part[:] = levels[start:stop]
            part += programmes[start:stop].astype(np.int64) * n_levels
            part *= n
            part += np.arange(start, stop, dtype=np.int64)
        key.sort()
        for start in _chunks(n):
            np.remainder(key[start : start + _CHUNK], n, out=key[start : start + _CHUNK])
            priority_row[start : start + _CHUNK] = key[start : start + _CHUNK]
        del key
    else:  # astronomically many score levels: fall back to a lexicographic argsort
        if levels is None:
            levels = (top - np.rint(scores * scale)).astype(np.int64)
        priority_row[:] = np.lexsort((levels, programmes))
    row_priority = np.empty(n, dtype=index_dtype)
    for start in _chunks(n):
        stop = min(start + _CHUNK, n)
        row_priority[priority_row[start:stop]] = np.arange(start, stop, dtype=index_dtype)
    programme_start = np.zeros(n_prog + 1, dtype=np.int64)
    np.cumsum(np.bincount(programmes, minlength=n_prog), out=programme_start[1:])
    return row_priority, priority_row, programme_start
