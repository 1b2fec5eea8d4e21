"""Shared helpers for the benchmark scripts in ``bench/``.

Every script: measures (medians of several runs), prints a table row per measurement, writes
``bench/results/<name>.json`` (with the machine it ran on) and exits non-zero when a
correctness check failed. Timings are never asserted; ``--quick`` runs prove the benchmark
still works and that its results are right.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"


# --- statistics ------------------------------------------------------------------------------


def median(values: Iterable[float]) -> float:
    data = list(values)
    return statistics.median(data) if data else math.nan


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) by linear interpolation between closest ranks."""
    data = sorted(values)
    if not data:
        return math.nan
    k = (len(data) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def ratio(value: float, anchor: float) -> float:
    return value / anchor if anchor else math.nan


def timed_median(func: Any, repeats: int = 3) -> tuple[float, Any]:
    """Median wall time of ``func()`` over ``repeats`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return median(times), result


# --- processes -------------------------------------------------------------------------------


def vmhwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a running process (``VmHWM`` from /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return math.nan


@dataclass
class Measured:
    returncode: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def run_measured(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, timeout: float | None = None
) -> Measured:
    """Run a command; wall time and the command's own peak resident size.

    The peak is the child's ``VmHWM`` read from /proc while it runs (a high-water mark, so the
    last read holds every peak before it; reads are 20 ms apart). ``wait4``'s ru_maxrss is not
    used: a child forked from a large parent reports the parent's high-water mark.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    peaks = [0.0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.02):
            value = vmhwm_mb(proc.pid)
            if not math.isnan(value):
                peaks.append(value)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    finally:
        done.set()
        watcher.join()
    seconds = time.perf_counter() - t0
    return Measured(proc.returncode, seconds, max(peaks), out, err)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def uv_python() -> list[str]:
    """The interpreter of the project's environment (``uv run`` already put us in it)."""
    return [sys.executable]


# --- machine ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = math.nan
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "os": platform.platform(),
        "database": os.environ.get("DATABASE_URL", "sqlite").split("@")[-1],
    }


# --- output ----------------------------------------------------------------------------------


@dataclass
class Table:
    """A fixed-width table on stdout: ``Table([("page", 30), ("p50 ms", 8)])``."""

    columns: list[tuple[str, int]]
    printed: bool = False

    def header(self) -> None:
        print(" ".join(f"{name:>{width}}" for name, width in self.columns))
        print(" ".join("-" * width for _name, width in self.columns))
        self.printed = True

    def row(self, *values: Any) -> None:
        if not self.printed:
            self.header()
        cells = []
        for (_name, width), value in zip(self.columns, values, strict=False):
            if isinstance(value, float):
                text = "—" if math.isnan(value) else f"{value:.{1 if value >= 10 else 2}f}"
            else:
                text = str(value)
            cells.append(f"{text:>{width}}")
        print(" ".join(cells), flush=True)


@dataclass
class Checks:
    """Correctness checks of one run: the script exits non-zero when any failed."""

    failures: list[str] = field(default_factory=list)
    passed: int = 0

    def check(self, condition: bool, message: str) -> bool:
        if condition:
            self.passed += 1
        else:
            self.failures.append(message)
            print(f"CHECK FAILED: {message}", flush=True)
        return condition

    @property
    def ok(self) -> bool:
        return not self.failures

    def exit_code(self) -> int:
        print(f"checks: {self.passed} passed, {len(self.failures)} failed")
        return 0 if self.ok else 1


def write_json(name: str, data: dict[str, Any]) -> Path:
    """``bench/results/<name>.json`` with the machine and the time of the run added."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "benchmark": name,
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        **data,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
    print(f"results: {path.relative_to(ROOT)}")
    return path


# --- cached databases for --quick runs ---------------------------------------------------------
#
# Quick benchmarks need a migrated database, some of them with the demo world or the tiny
# generated data. Building one costs more than the benchmark itself, so each is built once per
# state of the source tree (``source_fingerprint``) and copied: SQLite files in ``CACHE``,
# PostgreSQL databases used as ``CREATE DATABASE ... TEMPLATE``. ``bench/run_all --quick``
# builds them before the benchmarks; a benchmark run alone builds what it needs on first use.

CACHE = Path(os.environ.get("OPENTVET_BENCH_CACHE") or Path(tempfile.gettempdir())) / (
    "opentvet-bench-cache"
)
SNAPSHOT_KINDS = ("migrated", "demo", "tiny")


def source_fingerprint() -> str:
    """A hash of everything under ``src/`` (code, migrations, data files) and the lock file."""
    digest = hashlib.sha256()
    files = [p for p in (ROOT / "src").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files = [p for p in files if p.suffix not in {".pyc", ".mo"}]
    for path in sorted([*files, ROOT / "uv.lock"]):
        if path.exists():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cli(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "opentvet.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")


def _build_steps(kind: str) -> list[list[str]]:
    return {
        "migrated": [],
        "demo": [["setup_demo", "--skip-migrate"]],
        "tiny": [["bench-data", "--scale", "tiny", "--seed", "1"]],
    }[kind]


def sqlite_snapshot(kind: str) -> Path:
    """A SQLite file in state ``kind`` (migrated / + demo world / + tiny data): copy it, don't
    write to it."""
    import sqlite3

    fingerprint = source_fingerprint()
    path = CACHE / f"{kind}-{fingerprint}.sqlite3"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"opentvet-snap-{kind}-", dir=CACHE))
    try:
        db = work / "db.sqlite3"
        if kind == "migrated":
            env = {**os.environ, "OPENTVET_VAR_DIR": str(work), "DATABASE_URL": f"sqlite:///{db}"}
            _cli(env, "migrate", "-v0", "--skip-checks")
        else:
            copy_sqlite(sqlite_snapshot("migrated"), db)
            env = {**os.environ, "OPENTVET_VAR_DIR": str(work), "DATABASE_URL": f"sqlite:///{db}"}
        for args in _build_steps(kind):
            _cli(env, *args)
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(db, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for old in CACHE.glob(f"{kind}-*.sqlite3"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def copy_sqlite(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def _pg(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def pg_snapshot(base_url: str, kind: str) -> str:
    """The name of a PostgreSQL database in state ``kind``, to be used only as a TEMPLATE.

    Its comment holds the source fingerprint; a stale one is dropped and built again.
    """
    from urllib.parse import urlsplit

    import psycopg

    fingerprint = source_fingerprint()
    base = urlsplit(base_url).path.lstrip("/") or "opentvet"
    name = f"{base}_bench_{kind}"
    admin = _pg(base_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None and row[0] == fingerprint:
            return name
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    work = Path(tempfile.mkdtemp(prefix="opentvet-snap-pg-"))
    try:
        env = {**os.environ, "OPENTVET_VAR_DIR": str(work), "DATABASE_URL": _pg(base_url, name)}
        _cli(env, "migrate", "-v0", "--skip-checks")
        for args in _build_steps(kind):
            _cli(env, *args)
    except BaseException:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{fingerprint}'")
    return name


def pg_copy(base_url: str, kind: str, target: str) -> str:
    """A fresh database ``target`` copied from the ``kind`` snapshot; returns its URL."""
    import psycopg

    template = pg_snapshot(base_url, kind)
    with psycopg.connect(_pg(base_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{template}"')
    return _pg(base_url, target)


if __name__ == "__main__":
    # ``python bench/common.py snapshots`` builds the quick runs' databases (run_all --quick).
    if sys.argv[1:2] == ["snapshots"]:
        started = time.perf_counter()
        for kind in SNAPSHOT_KINDS:
            sqlite_snapshot(kind)
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            pg_snapshot(url, "tiny")
        print(f"snapshots ready in {time.perf_counter() - started:.1f} s ({CACHE})")
