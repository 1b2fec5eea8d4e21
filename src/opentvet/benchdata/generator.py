"""The national-scale data generator behind ``opentvet bench-data``.

A run is a sequence of steps, one per app, each loading that app's rows for the whole scale:
organisations → people (users and memberships) → programmes → learners → staff → admissions →
reporting → read indexes. A step whose models do not exist yet is skipped with a printed note,
so the generator works at every stage of the project; each app's developer adds rows by adding
a step here (see ``docs/benchmarks.md``, "Generator").

Everything is deterministic for a given scale and seed. Ids are assigned by the generator
(above the largest id already in each table), so the data can be loaded with ``COPY`` and can
sit beside the demo world: upper levels of the tree (ministry, national authority, People's
Committees, provincial departments) are looked up by the demo's codes and created when missing;
institutions and everything below use codes of their own (``CD96-0001``).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from opentvet.benchdata.loader import Loader, Log
from opentvet.benchdata.scales import SCALES, Scale
from opentvet.core.scopes import scopes_disabled

BENCH_PASSWORD = "demo1234"  # the demo's password: a generated rector can log in by hand


@dataclass(slots=True)
class Unit:
    id: int
    path: str
    code: str
    kind: str  # UnitKind
    name: str
    groups: tuple[str, ...] = ()  # occupation groups (digits 2–3 of the code) of a faculty


@dataclass(slots=True)
class Institution:
    id: int
    path: str
    code: str
    name: str
    type: str  # InstitutionType
    province: int
    weight: float  # share of students, staff and programmes relative to a centre
    units: list[Unit] = field(default_factory=list)
    faculties: list[Unit] = field(default_factory=list)
    teacher_user_ids: range = range(0)
    programmes: list[Any] = field(default_factory=list)  # filled by the programmes step


@dataclass
class World:
    """What the steps made so far, for the next steps to refer to."""

    scale: Scale
    seed: int
    loader: Loader
    log: Log
    provinces: list[int] = field(default_factory=list)
    ministry_id: int = 0
    authority_id: int = 0
    authority_path: str = ""
    committees: dict[int, tuple[int, str]] = field(default_factory=dict)  # province → (id, path)
    departments: dict[int, tuple[int, str]] = field(default_factory=dict)
    institutions: list[Institution] = field(default_factory=list)
    written: list[type[models.Model]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}-{self.scale.name}-{step}")

    def write(self, model: type[models.Model], given: list[str], rows: Any, expected: int) -> int:
        if model not in self.written:
            self.written.append(model)
        return self.loader.write(model, given, rows, expected=expected)


StepFunc = Callable[[World], None]


@dataclass(frozen=True)
class Step:
    name: str
    needs: tuple[str, ...]  # "app_label.ModelName" that must exist for the step to run
    func: StepFunc | None  # None: the models may exist, the generator step is not written yet


def _missing(needs: tuple[str, ...]) -> list[str]:
    missing = []
    for label in needs:
        try:
            apps.get_model(label)
        except LookupError:
            missing.append(label)
    return missing


def steps() -> list[Step]:
    from opentvet.benchdata import steps_core, steps_later, steps_learners, steps_programmes

    return [
        Step("organisations", ("core.Organisation",), steps_core.organisations),
        Step("people", ("core.User", "core.Membership"), steps_core.people),
        Step(
            "programmes",
            ("programmes.Programme", "programmes.ProgrammeVersion", "programmes.ProgrammeModule"),
            steps_programmes.programmes,
        ),
        Step("registrations", ("programmes.TrainingRegistration",), steps_programmes.registrations),
        Step(
            "learners: classes, students, results, graduates, tracer",
            ("learners.Student", "learners.ModuleResult", "learners.TracerSurvey"),
            steps_learners.learners,
        ),
        *steps_later.STEPS,
    ]


@dataclass
class Summary:
    scale: str
    seed: int
    seconds: float
    counts: dict[str, int]
    seconds_by_table: dict[str, float]
    step_seconds: dict[str, float]
    notes: list[str]
    world: World


def generate(
    scale: str | Scale,
    *,
    seed: int = 1,
    log: Log = print,
    defer_indexes: bool = True,
    read_indexes: bool = True,
    today: dt.date | None = None,
) -> Summary:
    """Fill the database for ``scale``; returns what was written and how long it took."""
    from opentvet.benchdata.indexes import create_read_indexes
    from opentvet.catalogue.loaders import load_all

    chosen = SCALES[scale] if isinstance(scale, str) else scale
    if connection.vendor != "postgresql" and chosen.name == "national":
        raise ValueError("national scale needs PostgreSQL (DATABASE_URL=postgres://...)")
    started = time.perf_counter()
    now = None
    if today is not None:  # noon, local time: every step's "today" is that date
        now = dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    # Dated names the steps write inside COPY streams, read before any stream opens.
    from opentvet.regulations import authorities

    authorities.preload()
    loader = Loader(log=log, defer_indexes=defer_indexes, now=now)
    world = World(scale=chosen, seed=seed, loader=loader, log=log)
    step_seconds: dict[str, float] = {}
    log(
        f"bench-data: scale {chosen.name}, seed {seed}, today {loader.now.date().isoformat()}, "
        f"database {connection.vendor}"
    )
    with scopes_disabled():
        with transaction.atomic():
            load_all()
        try:
            for step in steps():
                missing = _missing(step.needs)
                if missing:
                    note = f"{step.name}: skipped, models not there yet ({', '.join(missing)})"
                    world.notes.append(note)
                    log(f"  · {note}")
                    continue
                if step.func is None:
                    note = f"{step.name}: skipped, generator step not written yet"
                    world.notes.append(note)
                    log(f"  · {note}")
                    continue
                log(f"  · {step.name}")
                t0 = time.perf_counter()
                with transaction.atomic():
                    loader.begin()
                    step.func(world)
                step_seconds[step.name] = time.perf_counter() - t0
        finally:
            t0 = time.perf_counter()
            log("  · indexes, sequences, statistics")
            with transaction.atomic():
                loader.finish(world.written)
            loader.analyse(world.written)
            step_seconds["finish"] = time.perf_counter() - t0
        if read_indexes:
            t0 = time.perf_counter()
            log("  · read indexes")
            create_read_indexes(log=log)
            step_seconds["read_indexes"] = time.perf_counter() - t0
    seconds = time.perf_counter() - started
    total = sum(loader.counts.values())
    log(f"bench-data: {total:,} rows in {seconds:.1f} s ({total / max(seconds, 1e-9):,.0f} rows/s)")
    return Summary(
        scale=chosen.name,
        seed=seed,
        seconds=seconds,
        counts=dict(loader.counts),
        seconds_by_table=dict(loader.seconds),
        step_seconds=step_seconds,
        notes=world.notes,
        world=world,
    )
