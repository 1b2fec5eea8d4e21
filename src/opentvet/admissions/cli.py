"""``opentvet admissions ...``: the coordinated-allocation engine on CSV files, no Django.

    opentvet admissions allocate --wishes wishes.csv --quotas quotas.csv --out result.csv \\
        [--cutoffs cutoffs.csv] [--explain explain.csv]

Exit status 0 on success, 2 on malformed input (one line-numbered message on stderr). Outputs
are written to temporary files beside their targets and renamed only when all are complete, so a
failed run leaves no output file behind (and never half of one).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from opentvet.admissions.allocation import AllocationInputError, allocate
from opentvet.admissions.allocation.csv_io import (
    CsvInputError,
    read_quotas,
    read_wishes,
    write_cutoffs,
    write_explanations,
    write_result,
)

EXIT_INPUT_ERROR = 2


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="opentvet admissions", description="Xét tuyển chung (coordinated admissions)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    alloc = sub.add_parser(
        "allocate",
        help="xếp thí sinh vào ngành bằng thuật toán chấp nhận trì hoãn (deferred acceptance)",
    )
    alloc.add_argument(
        "--wishes",
        type=Path,
        required=True,
        help="applicant_id,rank,programme_code,score[,submitted_at]",
    )
    alloc.add_argument("--quotas", type=Path, required=True, help="programme_code,quota")
    alloc.add_argument("--out", type=Path, required=True, help="applicant_id,programme_code")
    alloc.add_argument("--cutoffs", type=Path, help="programme_code,cutoff_score,filled")
    alloc.add_argument(
        "--explain",
        type=Path,
        help="applicant_id,rank,programme_code,score,cutoff_score,reason for each unmet wish",
    )
    alloc.add_argument("--quiet", action="store_true", help="không in tóm tắt (no summary)")
    args = parser.parse_args(argv)
    return _allocate(args)


def _allocate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        for path in (args.wishes, args.quotas):
            if not path.is_file():
                raise CsvInputError(str(path), None, "không tìm thấy tệp (file not found)")
        codes, quotas = read_quotas(args.quotas)
        wishes = read_wishes(args.wishes, codes)
        try:
            result = allocate(
                applicant_ids=wishes.applicant_ids,
                ranks=wishes.ranks,
                programmes=wishes.programmes,
                scores=wishes.scores,
                quotas=quotas,
                submitted_at=wishes.submitted_at,
            )
        except AllocationInputError as exc:
            line = None if exc.row is None else int(wishes.line_numbers[exc.row])
            raise CsvInputError(args.wishes.name, line, exc.message) from None
    except CsvInputError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_INPUT_ERROR
    outputs: list[tuple[Path, Callable[..., None]]] = [(args.out, write_result)]
    if args.cutoffs:
        outputs.append((args.cutoffs, write_cutoffs))
    if args.explain:
        outputs.append((args.explain, write_explanations))
    _write_all(outputs, result, codes)
    if not args.quiet:
        placed = int((result.programme >= 0).sum())
        sys.stdout.write(
            f"Đã xếp {placed}/{len(result.applicant_ids)} thí sinh vào "
            f"{int((result.filled > 0).sum())}/{len(codes)} ngành, "
            f"{int(result.filled.sum())}/{int(quotas.sum())} chỉ tiêu "
            f"(placed applicants, programmes, seats) trong {time.perf_counter() - started:.1f} s\n"
        )
    return 0


def _write_all(
    outputs: list[tuple[Path, Callable[..., None]]], result: object, codes: list[str]
) -> None:
    """Write every output to a temporary file, then rename them all; on failure remove them."""
    temporary = [(path, path.with_name(f".{path.name}.{os.getpid()}.tmp")) for path, _w in outputs]
    try:
        for (_path, writer), (_final, tmp) in zip(outputs, temporary, strict=True):
            writer(tmp, result, codes)
        for final, tmp in temporary:
            os.replace(tmp, final)
    finally:
        for _final, tmp in temporary:
            tmp.unlink(missing_ok=True)
