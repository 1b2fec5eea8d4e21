"""Seeded generator of coordinated-allocation instances (xét tuyển chung).

Instances look like a national round: programme popularity follows a Zipf-like law, so a few
programmes receive most first wishes; scores are sums of exam marks in steps of 0.25 plus a
small per-programme bonus, so ties are frequent; quotas grow with popularity but more slowly,
so popular programmes are over-subscribed and the tail is not.

    uv run python bench/gen_allocation.py --applicants 1000000 --wishes 10 --out-dir /tmp/alloc

writes ``wishes.csv`` and ``quotas.csv`` in the CLI's format.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Instance:
    """Wish rows in (applicant, rank) order plus per-programme quotas."""

    applicant_ids: np.ndarray  # int64, one per wish row
    ranks: np.ndarray  # int16, 1 = first wish
    programmes: np.ndarray  # int32 index into programme_codes
    scores: np.ndarray  # float64, multiples of 0.25
    quotas: np.ndarray  # int64, one per programme
    programme_codes: list[str]

    @property
    def n_rows(self) -> int:
        return len(self.applicant_ids)


def default_programme_count(applicants: int) -> int:
    """20,000 programmes at a million applicants, fewer for small instances."""
    return max(3, min(20_000, applicants // 50))


def generate(
    *,
    applicants: int,
    wishes: int,
    programmes: int | None = None,
    seed: int = 0,
    zipf_exponent: float = 1.0,
    seat_ratio: float = 0.85,
) -> Instance:
    """Generate an instance; each applicant lists ``min(wishes, programmes)`` distinct wishes."""
    rng = np.random.default_rng(seed)
    n_prog = default_programme_count(applicants) if programmes is None else programmes
    k = min(wishes, n_prog)
    popularity = 1.0 / np.arange(1, n_prog + 1, dtype=np.float64) ** zipf_exponent
    # Programme codes are shuffled so that popularity is not visible in the code order.
    code_order = rng.permutation(n_prog)
    cumulative = np.cumsum(popularity[code_order])
    cumulative /= cumulative[-1]

    choice = _distinct_choices(rng, cumulative, applicants, k)

    seats = popularity[code_order] ** 0.6
    quotas = np.maximum(1, np.round(seats / seats.sum() * seat_ratio * applicants)).astype(np.int64)

    # An exam total out of 30 in steps of 0.25 (many ties), plus a 0-0.75 priority bonus
    # (điểm ưu tiên) that differs by programme.
    base = np.clip(np.round(rng.normal(20.0, 4.0, applicants) * 4) / 4, 0, 30)
    bonus = rng.integers(0, 4, size=(applicants, k)) * 0.25
    scores = (base[:, None] + bonus).ravel()

    applicant_ids = np.repeat(np.arange(1, applicants + 1, dtype=np.int64) * 7 + 100_000, k)
    ranks = np.tile(np.arange(1, k + 1, dtype=np.int16), applicants)
    codes = [f"7{i:06d}" for i in range(n_prog)]
    return Instance(
        applicant_ids=applicant_ids,
        ranks=ranks,
        programmes=choice.ravel(),
        scores=scores,
        quotas=quotas,
        programme_codes=codes,
    )


def _distinct_choices(
    rng: np.random.Generator, cumulative: np.ndarray, n: int, k: int
) -> np.ndarray:
    """Draw k distinct programmes per applicant, by popularity, in order of drawing."""
    out = np.empty((n, k), dtype=np.int32)
    todo = np.arange(n)
    while len(todo):
        draws = 3 * k + 4
        cand = np.searchsorted(cumulative, rng.random((len(todo), draws))).astype(np.int32)
        cand = np.minimum(cand, len(cumulative) - 1)
        # First occurrence of each programme in the row, kept in drawing order.
        order = np.argsort(cand, axis=1, kind="stable")
        sorted_cand = np.take_along_axis(cand, order, axis=1)
        first = np.ones_like(sorted_cand, dtype=bool)
        first[:, 1:] = sorted_cand[:, 1:] != sorted_cand[:, :-1]
        keep = np.zeros_like(first)
        np.put_along_axis(keep, order, first, axis=1)
        complete = keep.sum(axis=1) >= k
        rows = np.flatnonzero(complete)
        if len(rows):
            kept_pos = np.cumsum(keep[rows], axis=1)
            mask = keep[rows] & (kept_pos <= k)
            out[todo[rows]] = cand[rows][mask].reshape(len(rows), k)
        todo = todo[~complete]
    return out


def write_csv(instance: Instance, out_dir: Path) -> tuple[Path, Path]:
    """Write ``wishes.csv`` and ``quotas.csv`` (fast, vectorised formatting)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    wishes_path = out_dir / "wishes.csv"
    quotas_path = out_dir / "quotas.csv"
    codes = np.array(instance.programme_codes)
    chunk = 1_000_000
    with wishes_path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("applicant_id,rank,programme_code,score\n")
        for lo in range(0, instance.n_rows, chunk):
            hi = min(lo + chunk, instance.n_rows)
            cols = [
                instance.applicant_ids[lo:hi].astype(str),
                instance.ranks[lo:hi].astype(str),
                codes[instance.programmes[lo:hi]],
                np.char.mod("%.2f", instance.scores[lo:hi]),
            ]
            lines = cols[0]
            for col in cols[1:]:
                lines = np.char.add(np.char.add(lines, ","), col)
            fh.write("\n".join(lines.tolist()))
            fh.write("\n")
    with quotas_path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("programme_code,quota\n")
        pairs = zip(instance.programme_codes, instance.quotas.tolist(), strict=True)
        fh.writelines(f"{c},{q}\n" for c, q in pairs)
    return wishes_path, quotas_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=10_000)
    parser.add_argument("--wishes", type=int, default=10)
    parser.add_argument("--programmes", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args()
    inst = generate(
        applicants=args.applicants,
        wishes=args.wishes,
        programmes=args.programmes,
        seed=args.seed,
    )
    paths = write_csv(inst, args.out_dir)
    print(*paths)


if __name__ == "__main__":
    main()
