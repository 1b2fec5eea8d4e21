"""The ``opentvet admissions allocate`` command on CSV files."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opentvet.admissions.allocation import csv_io
from opentvet.admissions.cli import main

QUOTAS = "programme_code,quota\n7480201,1\n7340101,2\nABC-9,0\n"


def run_cli(tmp_path, wishes: str, quotas: str = QUOTAS, *extra: str):
    (tmp_path / "wishes.csv").write_text(wishes, encoding="utf-8")
    (tmp_path / "quotas.csv").write_text(quotas, encoding="utf-8")
    argv = [
        "allocate",
        "--wishes",
        str(tmp_path / "wishes.csv"),
        "--quotas",
        str(tmp_path / "quotas.csv"),
        "--out",
        str(tmp_path / "result.csv"),
        "--quiet",
        *extra,
    ]
    return main(argv)


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


WISHES = (
    "applicant_id,rank,programme_code,score\n"
    "3,1,7480201,27.5\n"
    "3,2,7340101,20\n"
    "1,1,7480201,27.50\n"
    "1,2,7340101,21.25\n"
    "2,1,ABC-9,30\n"
    "2,2,7340101,19.75\n"
    "4,1,7340101,18\n"
)


def test_allocate_writes_result_cutoffs_and_explanations(tmp_path):
    code = run_cli(
        tmp_path,
        WISHES,
        QUOTAS,
        "--cutoffs",
        str(tmp_path / "cutoffs.csv"),
        "--explain",
        str(tmp_path / "explain.csv"),
    )
    assert code == 0
    assert read_rows(tmp_path / "result.csv") == [
        ["applicant_id", "programme_code"],
        ["1", "7480201"],  # tie at 27.5 with applicant 3: the smaller id wins
        ["2", "7340101"],
        ["3", "7340101"],
        ["4", ""],
    ]
    assert read_rows(tmp_path / "cutoffs.csv") == [
        ["programme_code", "cutoff_score", "filled"],
        ["7480201", "27.5", "1"],
        ["7340101", "19.75", "2"],
        ["ABC-9", "", "0"],
    ]
    assert read_rows(tmp_path / "explain.csv") == [
        ["applicant_id", "rank", "programme_code", "score", "cutoff_score", "reason"],
        ["2", "1", "ABC-9", "30", "", "no_seats"],
        ["3", "1", "7480201", "27.5", "27.5", "tie_lost"],
        ["4", "1", "7340101", "18", "19.75", "below_cutoff"],
    ]


def test_crlf_quotes_and_blank_lines_give_the_same_result(tmp_path):
    assert run_cli(tmp_path, WISHES) == 0
    plain = (tmp_path / "result.csv").read_text()
    assert run_cli(tmp_path, WISHES.replace("\n", "\r\n") + "\r\n") == 0
    assert (tmp_path / "result.csv").read_text() == plain
    quoted = WISHES.replace("ABC-9", '"ABC-9"').replace(",30\n", ',"30"\n')
    assert run_cli(tmp_path, quoted) == 0
    assert (tmp_path / "result.csv").read_text() == plain


def test_text_ids_and_submission_times(tmp_path):
    wishes = (
        "applicant_id,rank,programme_code,score,submitted_at\n"
        "HS002,1,7480201,25,2025-07-01T08:00:00\n"
        "HS001,1,7480201,25,2025-07-01T09:30:00\n"
        "007,1,7480201,24,2025-07-01T07:00:00\n"
    )
    assert run_cli(tmp_path, wishes) == 0
    assert read_rows(tmp_path / "result.csv")[1:] == [
        ["007", ""],
        ["HS001", ""],
        ["HS002", "7480201"],  # same score, submitted earlier
    ]


@pytest.mark.parametrize(
    ("wishes", "message"),
    [
        (
            "applicant_id,rank,score\n1,1,5\n",
            "wishes.csv dòng 1: thiếu cột programme_code (missing column)",
        ),
        (
            "applicant_id,rank,programme_code,score\n1,1,7480201,5\n1,2,7340101,abc\n",
            'wishes.csv dòng 3: điểm không phải là số ("abc") (score not numeric)',
        ),
        (
            "applicant_id,rank,programme_code,score\n1,1,7480201,5\n2,1,7480201,5\n1,1,7340101,6\n",
            "wishes.csv dòng 4: thí sinh 1 có hai nguyện vọng cùng thứ tự 1 (duplicate rank)",
        ),
        (
            "applicant_id,rank,programme_code,score\n1,1,7480201,5\n\n1,2,9999999,5\n",
            'wishes.csv dòng 4: ngành không có trong quotas.csv ("9999999") (unknown programme)',
        ),
        (
            "applicant_id,rank,programme_code,score\n1,x,7480201,5\n",
            "wishes.csv dòng 2: thứ tự nguyện vọng không phải là số nguyên"
            ' ("x") (rank not integer)',
        ),
        (
            "applicant_id,rank,programme_code,score\n1,1,7480201\n",
            "wishes.csv dòng 2: số cột khác dòng tiêu đề (wrong number of columns)",
        ),
        (
            'applicant_id,rank,programme_code,score\n1,1,"7480201",5\n1,2,7340101,"2,5"\n',
            'wishes.csv dòng 3: điểm không phải là số ("2,5") (score not numeric)',
        ),
        (
            "applicant_id,rank,programme_code,score\n1,1,7480201,5\n1,2,7480201,6\n",
            "wishes.csv dòng 3: thí sinh 1 đăng ký ngành 0 hai lần (duplicate programme)",
        ),
    ],
)
def test_malformed_wishes_exit_non_zero_with_line_number(tmp_path, capsys, wishes, message):
    assert run_cli(tmp_path, wishes) == 2
    assert capsys.readouterr().err.strip() == message


@pytest.mark.parametrize(
    ("quotas", "message"),
    [
        ("programme_code\n7480201\n", "quotas.csv dòng 1: thiếu cột quota (missing column)"),
        (
            "programme_code,quota\n7480201,1\n7480201,2\n",
            'quotas.csv dòng 3: mã ngành "7480201" lặp lại dòng 2 (duplicate programme)',
        ),
        (
            "programme_code,quota\n7480201,nhiều\n",
            "quotas.csv dòng 2: chỉ tiêu không phải là số nguyên"
            ' ("nhiều") (quota is not an integer)',
        ),
    ],
)
def test_malformed_quotas(tmp_path, capsys, quotas, message):
    assert run_cli(tmp_path, "applicant_id,rank,programme_code,score\n1,1,7480201,5\n", quotas) == 2
    assert capsys.readouterr().err.strip() == message


def test_missing_file(tmp_path, capsys):
    argv = ["allocate", "--wishes", str(tmp_path / "nope.csv"), "--quotas", "q", "--out", "o"]
    assert main(argv) == 2
    assert "không tìm thấy tệp (file not found)" in capsys.readouterr().err


score_text = st.one_of(
    st.integers(0, 30).map(str),
    st.decimals(0, 30, places=2, allow_nan=False).map(str),
    st.decimals(0, 30, places=3, allow_nan=False).map(lambda d: f"{d:.3f}"),
    st.sampled_from(["-1.5", "0.1", "2.675", "1e1", " 7.5", "30."]),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 10**12), st.integers(1, 99), st.sampled_from(["A1", "7480201"])),
        min_size=1,
        max_size=30,
    ),
    st.data(),
)
def test_fast_reader_matches_csv_module(tmp_path_factory, rows, data):
    """The vectorised tokeniser reads exactly what the ``csv`` module reads."""
    tmp = tmp_path_factory.mktemp("csv")
    lines = ["applicant_id,rank,programme_code,score"]
    lines += [f"{a},{k},{c},{data.draw(score_text)}" for a, k, c in rows]
    path = tmp / "wishes.csv"
    path.write_text("\n".join(lines) + "\n")
    fast = csv_io.read_wishes(path, ["7480201", "A1"])
    header = lines[0].split(",")
    idx = {c: i for i, c in enumerate(header)}
    slow = csv_io._read_wishes_csv_module(path, ["7480201", "A1"], header, idx)
    for name in ("applicant_ids", "ranks", "programmes", "scores", "line_numbers"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    expected = [float(line.split(",")[3]) for line in lines[1:]]
    assert fast.scores.tolist() == expected


@pytest.mark.parametrize("block", [1, 7, 64])
def test_lines_split_across_read_blocks(tmp_path, capsys, monkeypatch, block):
    assert run_cli(tmp_path, WISHES) == 0
    plain = (tmp_path / "result.csv").read_text()
    monkeypatch.setattr(csv_io, "BLOCK_BYTES", block)
    assert run_cli(tmp_path, WISHES) == 0
    assert (tmp_path / "result.csv").read_text() == plain
    assert run_cli(tmp_path, WISHES.replace("\n4,1,7340101,18", "\n4,1,7340101,1x8")) == 2
    assert capsys.readouterr().err.startswith("wishes.csv dòng 8: điểm không phải là số")


# --- Issue 15 item 16: every bad input exits non-zero with a line number and leaves no output --


@pytest.mark.parametrize(
    ("wishes", "quotas", "line", "words"),
    [
        (WISHES.encode() + b"5,1,7340101,1\xff\n", QUOTAS, 9, "UTF-8"),
        (WISHES, "programme_code,quota\n7480201,99999999999999999999\n", 2, "quá lớn"),
        (WISHES, "programme_code,quota\n7480201,1_000\n7340101,2\nABC-9,0\n", 2, "số nguyên"),
        (WISHES + "5,1,7340101,1_0\n", QUOTAS, 9, "score"),
        (WISHES + "5,1,7340101,2", QUOTAS, 9, "truncated"),
    ],
)
def test_bad_input_exits_non_zero_with_its_line_and_leaves_no_output(
    tmp_path, capsys, wishes, quotas, line, words
):
    data = wishes if isinstance(wishes, bytes) else wishes.encode("utf-8")
    (tmp_path / "wishes.csv").write_bytes(data)
    (tmp_path / "quotas.csv").write_text(quotas, encoding="utf-8")
    code = main(
        [
            "allocate",
            "--wishes",
            str(tmp_path / "wishes.csv"),
            "--quotas",
            str(tmp_path / "quotas.csv"),
            "--out",
            str(tmp_path / "result.csv"),
            "--cutoffs",
            str(tmp_path / "cutoffs.csv"),
            "--quiet",
        ]
    )
    error = capsys.readouterr().err
    assert code == 2
    assert f"dòng {line}" in error, error
    assert words in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotas.csv", "wishes.csv"]


def test_a_failed_write_leaves_no_output_behind(tmp_path, monkeypatch):
    from opentvet.admissions import cli

    def broken(path, *_args):  # type: ignore[no-untyped-def]
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(cli, "write_cutoffs", broken)
    with pytest.raises(OSError, match="disk full"):
        run_cli(tmp_path, WISHES, QUOTAS, "--cutoffs", str(tmp_path / "cutoffs.csv"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quotas.csv", "wishes.csv"]
