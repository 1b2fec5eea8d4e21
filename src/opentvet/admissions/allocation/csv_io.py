"""CSV input and output for the allocation CLI, fast enough for ten million wish rows.

Plain CSV (no quotes) is tokenised with NumPy on blocks of bytes: newline and comma positions
give field boundaries, and numbers are parsed digit by digit across all rows at once. A file
with quotes goes through the ``csv`` module instead (same results, slower). Every error names
the file and the line, in Vietnamese with English in parentheses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .result import REASONS, Allocation

WISH_COLUMNS = ("applicant_id", "rank", "programme_code", "score")
QUOTA_COLUMNS = ("programme_code", "quota")
BLOCK_BYTES = 1 << 22
_COMMA, _NEWLINE, _DOT, _MINUS, _ZERO = 44, 10, 46, 45, 48


class CsvInputError(ValueError):
    """A malformed CSV file; ``str()`` is the user-facing, line-numbered message."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        where = f"{file} dòng {line}" if line is not None else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.line = line


@dataclass(frozen=True)
class WishTable:
    """The columns of wishes.csv; ``line_numbers[i]`` is the file line of row i."""

    applicant_ids: np.ndarray
    ranks: np.ndarray
    programmes: np.ndarray
    scores: np.ndarray
    submitted_at: np.ndarray | None
    line_numbers: np.ndarray


MAX_QUOTA = 999_999_999


def read_quotas(path: Path) -> tuple[list[str], np.ndarray]:
    """Programme codes (in file order) and their quotas (chỉ tiêu) from quotas.csv."""
    name = path.name
    text = _read_text(path, name)
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    idx = _column_index(header, QUOTA_COLUMNS, (), name)
    codes: list[str] = []
    quotas: list[int] = []
    seen: dict[str, int] = {}
    for line, fields in enumerate(reader, start=2):
        if not fields:
            continue
        if len(fields) != len(header):
            raise CsvInputError(name, line, "số cột khác dòng tiêu đề (wrong number of columns)")
        code = fields[idx["programme_code"]].strip()
        raw = fields[idx["quota"]].strip()
        if not code:
            raise CsvInputError(name, line, "thiếu mã ngành (empty programme_code)")
        if code in seen:
            raise CsvInputError(
                name, line, f'mã ngành "{code}" lặp lại dòng {seen[code]} (duplicate programme)'
            )
        if raw.startswith("-") and raw[1:].isascii() and raw[1:].isdigit():
            raise CsvInputError(name, line, f"chỉ tiêu âm ({raw}) (negative quota)")
        # Plain ASCII digits only: int() would also take "1_000", " +5" and other scripts' digits.
        if not (raw.isascii() and raw.isdigit()):
            raise CsvInputError(
                name, line, f'chỉ tiêu không phải là số nguyên ("{raw}") (quota is not an integer)'
            )
        if len(raw) > 9:
            raise CsvInputError(
                name, line, f"chỉ tiêu quá lớn ({raw[:20]}) (quota larger than {MAX_QUOTA:,})"
            )
        quota = int(raw)
        seen[code] = line
        codes.append(code)
        quotas.append(quota)
    return codes, np.array(quotas, dtype=np.int64)


def read_wishes(path: Path, programme_codes: list[str]) -> WishTable:
    """Parse wishes.csv; programme codes are mapped to indices into ``programme_codes``."""
    name = path.name
    with path.open("rb") as fh:
        head = fh.readline()
        header = _decode(head, name, 1).lstrip("\ufeff").rstrip("\r\n").split(",")
        header = [h.strip() for h in header]
        idx = _column_index(header, WISH_COLUMNS, ("submitted_at",), name)
        first_block = fh.read(BLOCK_BYTES)
        quoted = b'"' in head or b'"' in first_block
    if quoted:
        return _read_wishes_csv_module(path, programme_codes, header, idx)
    lookup = _CodeLookup(programme_codes)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in (*WISH_COLUMNS, "submitted_at", "line")}
    for block, lines in _blocks(path, name, len(head)):
        fields = _split_fields(block, lines, len(header), name)
        _parse_block(block, fields, idx=idx, lookup=lookup, name=name, parts=parts)
    if not parts["line"]:
        raise CsvInputError(name, None, "không có nguyện vọng nào (no wish rows)")
    ids = _concat_ids(parts["applicant_id"])
    return WishTable(
        applicant_ids=ids,
        ranks=np.concatenate(parts["rank"]),
        programmes=np.concatenate(parts["programme_code"]),
        scores=np.concatenate(parts["score"]),
        submitted_at=np.concatenate(parts["submitted_at"]) if "submitted_at" in idx else None,
        line_numbers=np.concatenate(parts["line"]),
    )


def _read_text(path: Path, name: str) -> str:
    return _decode(path.read_bytes(), name, None).lstrip("\ufeff")


def _decode(data: bytes, name: str, line: int | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CsvInputError(name, line, "tệp không phải UTF-8 (file is not UTF-8)") from None


def _column_index(
    header: list[str], required: tuple[str, ...], optional: tuple[str, ...], name: str
) -> dict[str, int]:
    for col in header:
        if header.count(col) > 1:
            raise CsvInputError(name, 1, f"cột {col} lặp lại (duplicate column)")
    missing = [c for c in required if c not in header]
    if missing:
        raise CsvInputError(name, 1, f"thiếu cột {', '.join(missing)} (missing column)")
    return {c: header.index(c) for c in (*required, *optional) if c in header}


def _blocks(path: Path, name: str, skip: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield (block bytes, file line number of each line) for blocks of whole lines."""
    line = 2
    with path.open("rb") as fh:
        fh.seek(skip)
        rest = b""
        while True:
            chunk = fh.read(BLOCK_BYTES)
            data = rest + chunk
            if not chunk:
                if data and not data.endswith(b"\n"):
                    # Every line ends with a line break; a last line without one is most often a
                    # file cut short (a score "27.5" truncated to "2" would pass as a score).
                    raise CsvInputError(
                        name,
                        line + data.count(b"\n"),
                        "dòng cuối không có dấu xuống dòng, tệp có thể bị cắt ngang "
                        "(last line has no line break: the file may be truncated)",
                    )
                rest = b""
            else:
                cut = data.rfind(b"\n") + 1
                data, rest = data[:cut], data[cut:]
            if data:
                _check_utf8(data, name, line)
                if b"\r" in data:
                    data = data.replace(b"\r\n", b"\n")
                buf = np.frombuffer(data, dtype=np.uint8)
                ends = np.flatnonzero(buf == _NEWLINE)
                numbers = np.arange(line, line + len(ends), dtype=np.int64)
                line += len(ends)
                yield buf, np.stack((numbers, ends))
            if not chunk:
                return


def _check_utf8(data: bytes, name: str, first_line: int) -> None:
    """Refuse bytes that are not UTF-8, naming the line (blocks end at line breaks)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = first_line + data.count(b"\n", 0, exc.start)
        raise CsvInputError(
            name, bad_line, "dòng có byte không phải UTF-8 (line is not valid UTF-8)"
        ) from None


def _split_fields(
    buf: np.ndarray, lines: np.ndarray, n_cols: int, name: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Field starts and ends, shape (lines, columns), skipping blank lines; plus line numbers."""
    numbers, ends = lines
    starts = np.r_[0, ends[:-1] + 1]
    nonblank = ends > starts
    commas = np.flatnonzero(buf == _COMMA)
    per_line = np.diff(np.searchsorted(commas, ends), prepend=0)
    bad = np.flatnonzero(nonblank & (per_line != n_cols - 1))
    if len(bad):
        raise CsvInputError(
            name, int(numbers[bad[0]]), "số cột khác dòng tiêu đề (wrong number of columns)"
        )
    if not nonblank.all():
        starts, ends, numbers = starts[nonblank], ends[nonblank], numbers[nonblank]
    commas = commas.reshape(len(starts), n_cols - 1)
    f_start = np.empty((len(starts), n_cols), dtype=np.int64)
    f_end = np.empty_like(f_start)
    f_start[:, 0] = starts
    f_start[:, 1:] = commas + 1
    f_end[:, :-1] = commas
    f_end[:, -1] = ends
    return f_start, f_end, numbers


class _Block:
    """One block of whole lines, zero-padded so fixed-width windows never leave the array."""

    PAD = 64

    def __init__(self, buf: np.ndarray) -> None:
        self.buf = buf
        self.padded = np.zeros(len(buf) + 2 * self.PAD, dtype=np.uint8)
        self.padded[self.PAD : self.PAD + len(buf)] = buf

    def text(self, start: int, end: int) -> str:
        return bytes(self.buf[start:end]).decode("utf-8", errors="replace")

    def matrix(self, start: np.ndarray, end: np.ndarray, width: int, *, right: bool) -> np.ndarray:
        """Each field's bytes in a (n, width) matrix, zeroed outside the field.

        Left-aligned, or right-aligned (last byte in the last column) for numbers. Rows are
        copied from a sliding-window view, so the gather is a memcpy per row.
        """
        width = max(1, min(width, self.PAD))
        windows = np.lib.stride_tricks.sliding_window_view(self.padded, width)
        length = (end - start)[:, None]
        col = np.arange(width)
        if right:
            mat = windows[end + (self.PAD - width)]
            mat[col < width - length] = 0
        else:
            mat = windows[start + self.PAD]
            mat[col >= length] = 0
        return mat


def _parse_block(
    buf: np.ndarray,
    fields: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    idx: dict[str, int],
    lookup: _CodeLookup,
    name: str,
    parts: dict[str, list[np.ndarray]],
) -> None:
    f_start, f_end, line_no = fields
    block = _Block(buf)

    def col(c: str) -> _Column:
        return _Column(block, f_start[:, idx[c]], f_end[:, idx[c]], line_no, name)

    parts["applicant_id"].append(_parse_ids(col("applicant_id")))
    parts["rank"].append(_parse_int(col("rank"), "thứ tự nguyện vọng", "rank"))
    parts["programme_code"].append(lookup.find(col("programme_code")))
    parts["score"].append(_parse_decimal(col("score")))
    if "submitted_at" in idx:
        parts["submitted_at"].append(_parse_time(col("submitted_at")))
    parts["line"].append(line_no)


@dataclass(frozen=True)
class _Column:
    block: _Block
    start: np.ndarray
    end: np.ndarray
    line_no: np.ndarray
    name: str

    @property
    def length(self) -> np.ndarray:
        return self.end - self.start

    def error(self, bad: np.ndarray, message: str) -> CsvInputError:
        i = int(np.flatnonzero(bad)[0])
        text = self.block.text(int(self.start[i]), int(self.end[i]))
        return CsvInputError(self.name, int(self.line_no[i]), f"{message.format(text=text)}")


_POW10 = 10 ** np.arange(19, dtype=np.int64)


def _digits(
    column: _Column, max_width: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Parse ``[-]digits[.digits]`` in every field at once.

    Returns (integer of all the digits, digits after the dot, has a dot, well-formed). Works
    on the transposed right-aligned byte matrix, one character position at a time (Horner's
    rule): reductions along a short row axis are slow in NumPy, whole columns are not.
    """
    length = column.length
    n = len(length)
    value = np.zeros(n, dtype=np.int64)
    frac = np.zeros(n, dtype=np.int64)
    dots = np.zeros(n, dtype=np.int8)
    ndigits = np.zeros(n, dtype=np.int8)
    ok = (length <= max_width) & (length > 0)
    negative = np.zeros(n, dtype=bool)
    if n == 0:
        return value, frac, dots > 0, ok
    width = min(int(length.max()), max_width)
    cols = np.ascontiguousarray(column.block.matrix(column.start, column.end, width, right=True).T)
    any_dot = bool((cols == _DOT).any())
    ten = np.int64(10)
    for j in range(width):
        c = cols[j]
        d = c - np.uint8(_ZERO)
        is_digit = d <= 9  # bytes outside the field are 0, never digits
        present = length >= width - j
        if any_dot:
            is_dot = c == _DOT
            ok &= is_digit | is_dot | ~present | ((c == _MINUS) & (length == width - j))
            frac += is_digit & (dots > 0)
            dots += is_dot
            value = np.where(is_dot, value, value * ten + np.where(is_digit, d, 0))
        else:
            ok &= is_digit | ~present | ((c == _MINUS) & (length == width - j))
            value *= ten
            value += np.where(is_digit, d, np.uint8(0))
        negative |= (c == _MINUS) & (length == width - j)
        ndigits += is_digit
    ok &= (dots <= 1) & (ndigits > 0)
    np.negative(value, out=value, where=negative)
    return value, frac, dots > 0, ok


def _parse_int(column: _Column, vi: str, en: str) -> np.ndarray:
    value, _, has_dot, ok = _digits(column, 18)
    ok &= ~has_dot
    if not ok.all():
        raise column.error(~ok, f'{vi} không phải là số nguyên ("{{text}}") ({en} not integer)')
    return value


def _parse_decimal(column: _Column) -> np.ndarray:
    value, frac, _, ok = _digits(column, 17)
    out = value / _POW10[frac]  # exact operands, one rounding: equals float(text)
    if not ok.all():
        # Rare spellings (" 24.5", "2.45e1") go through float(); anything else is an error.
        for i in np.flatnonzero(~ok):
            text = column.block.text(int(column.start[i]), int(column.end[i]))
            try:
                # float() also reads "1_000" and "nan": neither is a score.
                out[i] = np.nan if "_" in text else float(text)
            except ValueError:
                out[i] = np.nan
            if not np.isfinite(out[i]):
                raise CsvInputError(
                    column.name,
                    int(column.line_no[i]),
                    f'điểm không phải là số ("{text}") (score not numeric)',
                )
    return out


def _parse_ids(column: _Column) -> np.ndarray:
    """Numeric ids as int64; otherwise (letters, leading zeros) the exact bytes."""
    value, _, has_dot, ok = _digits(column, 18)
    length = column.length
    buf = column.block.padded
    first_char = buf[column.start + _Block.PAD]
    numeric = ok & ~has_dot & ~((first_char == _ZERO) & (length > 1)) & (first_char != _MINUS)
    if numeric.all():
        return value
    if (length == 0).any():
        raise column.error(length == 0, 'thiếu mã thí sinh ("{text}") (empty applicant_id)')
    if (length > _Block.PAD).any():
        raise column.error(length > _Block.PAD, 'mã thí sinh quá dài ("{text}") (id too long)')
    width = int(length.max())
    mat = column.block.matrix(column.start, column.end, width, right=False)
    return np.ascontiguousarray(mat).view(f"S{width}").reshape(-1)


def _concat_ids(parts: list[np.ndarray]) -> np.ndarray:
    if all(p.dtype.kind == "i" for p in parts):
        return np.concatenate(parts)
    return np.concatenate(
        [p.astype(str).astype(bytes) if p.dtype.kind == "i" else p for p in parts]
    )


def _parse_time(column: _Column) -> np.ndarray:
    """Submission time: an integer (e.g. epoch seconds) or an ISO 8601 local date-time."""
    value, _, has_dot, ok = _digits(column, 18)
    if (ok & ~has_dot).all():
        return value
    length = column.length
    if (length > _Block.PAD).any():
        raise column.error(length > _Block.PAD, 'thời điểm nộp quá dài ("{text}") (too long)')
    width = int(length.max())
    mat = column.block.matrix(column.start, column.end, width, right=False)
    texts = np.ascontiguousarray(mat).view(f"S{width}").reshape(-1)
    try:
        return texts.astype("U").astype("datetime64[us]").astype(np.int64)
    except ValueError:
        pass
    for i, text in enumerate(texts.tolist()):
        try:
            np.datetime64(text.decode(), "us")
        except ValueError:
            raise CsvInputError(
                column.name,
                int(column.line_no[i]),
                f'thời điểm nộp không hợp lệ ("{text.decode()}") (invalid submitted_at)',
            ) from None
    raise AssertionError("unreachable")


class _CodeLookup:
    """Programme code (bytes of a field) -> index.

    Codes of up to 8 bytes are packed into one uint64 and found through a multiplicative hash
    table (a few vectorised probes); longer codes use a sorted array of byte strings.
    """

    def __init__(self, codes: list[str]) -> None:
        encoded = [c.encode() for c in codes]
        self.width = max((len(c) for c in encoded), default=1)
        self.packed = self.width <= 8
        keys = np.array(encoded, dtype=f"S{self.width}")
        if self.packed:
            keys = _pack(keys.view(np.uint8).reshape(len(keys), self.width))
            self._build_hash(keys)
        self.keys = keys
        self.order = np.argsort(keys, kind="stable")
        self.sorted_keys = keys[self.order]

    _SHIFT = 44  # table of 2**20 slots

    def _build_hash(self, keys: np.ndarray) -> None:
        slots = self._slot(keys)
        order = np.argsort(slots, kind="stable")
        self.slot_start = np.searchsorted(slots[order], np.arange(2 ** (64 - self._SHIFT) + 1))
        self.slot_items = order
        self.max_probe = int(np.diff(self.slot_start).max()) if len(keys) else 0

    @classmethod
    def _slot(cls, keys: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return ((keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(cls._SHIFT)).astype(
                np.int64
            )

    def find(self, column: _Column) -> np.ndarray:
        length = column.length
        fits = (length > 0) & (length <= self.width)
        end = np.where(fits, column.end, column.start)
        mat = column.block.matrix(column.start, end, self.width, right=False)
        found = np.zeros(len(length), dtype=bool)
        out = np.zeros(len(length), dtype=np.int32)
        if self.packed and len(self.keys):
            keys = _pack(mat)
            slot = self._slot(keys)
            first = self.slot_start[slot]
            count = self.slot_start[slot + 1] - first
            for probe in range(self.max_probe):
                cand = self.slot_items[np.minimum(first + probe, len(self.slot_items) - 1)]
                hit = ~found & (probe < count) & (self.keys[cand] == keys)
                out[hit] = cand[hit]
                found |= hit
        elif len(self.keys):
            keys = np.ascontiguousarray(mat).view(f"S{self.width}").reshape(-1)
            pos = np.minimum(np.searchsorted(self.sorted_keys, keys), len(self.keys) - 1)
            found = self.sorted_keys[pos] == keys
            out = self.order[pos].astype(np.int32)
        found &= fits
        if not found.all():
            raise column.error(
                ~found, 'ngành không có trong quotas.csv ("{text}") (unknown programme)'
            )
        return out


def _pack(mat: np.ndarray) -> np.ndarray:
    """Up to 8 bytes per row into one uint64 (zero padded)."""
    padded = np.zeros((len(mat), 8), dtype=np.uint8)
    padded[:, : mat.shape[1]] = mat
    return padded.view("<u8").reshape(-1)


def _read_wishes_csv_module(
    path: Path, programme_codes: list[str], header: list[str], idx: dict[str, int]
) -> WishTable:
    """The slow path for quoted CSV; same checks and results as the vectorised one."""
    name = path.name
    code_index = {c: i for i, c in enumerate(programme_codes)}
    ids: list[str] = []
    ranks: list[int] = []
    progs: list[int] = []
    scores: list[float] = []
    times: list[str] = []
    lines: list[int] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        for fields in reader:
            line = reader.line_num
            if not fields:
                continue
            if len(fields) != len(header):
                raise CsvInputError(
                    name, line, "số cột khác dòng tiêu đề (wrong number of columns)"
                )
            raw_id = fields[idx["applicant_id"]]
            if not raw_id:
                raise CsvInputError(name, line, 'thiếu mã thí sinh ("") (empty applicant_id)')
            raw_rank = fields[idx["rank"]]
            try:
                ranks.append(int(raw_rank))
            except ValueError:
                raise CsvInputError(
                    name,
                    line,
                    f'thứ tự nguyện vọng không phải là số nguyên ("{raw_rank}") (rank not integer)',
                ) from None
            code = fields[idx["programme_code"]]
            if code not in code_index:
                raise CsvInputError(
                    name, line, f'ngành không có trong quotas.csv ("{code}") (unknown programme)'
                )
            raw_score = fields[idx["score"]]
            try:
                score = float(raw_score)
            except ValueError:
                score = float("nan")
            if not np.isfinite(score):
                raise CsvInputError(
                    name, line, f'điểm không phải là số ("{raw_score}") (score not numeric)'
                )
            ids.append(raw_id)
            progs.append(code_index[code])
            scores.append(score)
            lines.append(line)
            if "submitted_at" in idx:
                times.append(fields[idx["submitted_at"]])
    if not lines:
        raise CsvInputError(name, None, "không có nguyện vọng nào (no wish rows)")
    numeric = all(s.isdigit() and s.isascii() and (s == "0" or s[0] != "0") for s in ids)
    id_array = np.array([int(s) for s in ids]) if numeric else np.array([s.encode() for s in ids])
    submitted = None
    if "submitted_at" in idx:
        buf = np.frombuffer("\n".join(times).encode() + b"\n", dtype=np.uint8)
        ends = np.flatnonzero(buf == _NEWLINE)
        column = _Column(_Block(buf), np.r_[0, ends[:-1] + 1], ends, np.array(lines), name)
        submitted = _parse_time(column)
    return WishTable(
        applicant_ids=id_array,
        ranks=np.array(ranks, dtype=np.int64),
        programmes=np.array(progs, dtype=np.int32),
        scores=np.array(scores, dtype=np.float64),
        submitted_at=submitted,
        line_numbers=np.array(lines, dtype=np.int64),
    )


def _id_strings(ids: np.ndarray) -> list[str]:
    if ids.dtype.kind == "S":
        return [b.decode() for b in ids.tolist()]
    return [str(x) for x in ids.tolist()]


def format_score(x: float) -> str:
    """Shortest text that reads back as the same score; '' for NaN; no trailing '.0'."""
    if np.isnan(x):
        return ""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def write_result(path: Path, allocation: Allocation, programme_codes: list[str]) -> None:
    """result.csv: ``applicant_id,programme_code`` for every applicant, by applicant id."""
    ids = allocation.applicant_ids
    order = np.argsort(ids, kind="stable")
    codes = np.array([*programme_codes, ""], dtype=object)
    prog = allocation.programme[order]
    names = codes[prog].tolist()  # -1 picks the trailing ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("applicant_id,programme_code\n")
        text = "\n".join([f"{a},{c}" for a, c in zip(_id_strings(ids[order]), names, strict=True)])
        fh.write(text)
        if text:
            fh.write("\n")


def write_cutoffs(path: Path, allocation: Allocation, programme_codes: list[str]) -> None:
    """cutoffs.csv: ``programme_code,cutoff_score,filled``; empty cut-off when not full."""
    cutoffs = allocation.cutoff_score.tolist()
    filled = allocation.filled.tolist()
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("programme_code,cutoff_score,filled\n")
        fh.writelines(
            f"{c},{format_score(s)},{f}\n"
            for c, s, f in zip(programme_codes, cutoffs, filled, strict=True)
        )


def write_explanations(path: Path, allocation: Allocation, programme_codes: list[str]) -> None:
    """explain.csv: every unmet wish above the admitted one, with the programme's cut-off."""
    prep = allocation.prepared
    rows, reason = allocation.unmet_wishes()
    prog = prep.row_programme[rows]
    cutoff = allocation.cutoff_score
    ids = _id_strings(prep.applicant_ids[prep.row_applicant[rows]])
    codes = [programme_codes[p] for p in prog.tolist()]
    reasons = [str(REASONS[r]) for r in reason.tolist()]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("applicant_id,rank,programme_code,score,cutoff_score,reason\n")
        fh.writelines(
            f"{a},{k},{c},{format_score(s)},{format_score(t)},{r}\n"
            for a, k, c, s, t, r in zip(
                ids,
                prep.row_rank[rows].tolist(),
                codes,
                prep.row_score[rows].tolist(),
                cutoff[prog].tolist(),
                reasons,
                strict=True,
            )
        )
