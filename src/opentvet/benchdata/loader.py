"""Fast row loading for the benchmark generator.

Rows are given as tuples for a list of model field names; every other concrete column gets its
model default (``auto_now``/``auto_now_add`` → the load time, nullable → NULL, blank text → "").
A column that has no default and was not given is an error, so a field another app adds to its
model later makes the step fail loudly instead of loading wrong data.

On PostgreSQL rows stream through ``COPY ... FROM STDIN`` (psycopg 3) in large text chunks,
with foreign-key triggers off (``session_replication_role = replica``; ids are assigned here so
the data is consistent by construction, and ``tests/benchdata`` checks it) and, for large
loads into empty tables, the secondary indexes dropped before and rebuilt after. Elsewhere
(SQLite, college/province scale) rows go through ``bulk_create`` in batches.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.utils import timezone

Log = Callable[[str], None]

COPY_CHUNK_BYTES = 1 << 20
BULK_BATCH = 2000
DEFER_INDEXES_ABOVE = 50_000  # rows planned for a table that is empty before the load
PROGRESS_EVERY_SECONDS = 5.0


def _escape(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return _escape(json.dumps(value, ensure_ascii=False))
    return _escape(str(value))


@dataclass
class TablePlan:
    model: type[models.Model]
    columns: list[str]  # db column names, in copy order
    fields: list[models.Field]  # type: ignore[type-arg]
    fixed: dict[str, Any]  # attname → constant value for the columns the step did not give


@dataclass
class _Deferred:
    table: str
    drops: list[str] = field(default_factory=list)
    creates: list[str] = field(default_factory=list)


class Loader:
    """Writes rows for the generator's steps and keeps track of what it wrote."""

    def __init__(
        self, *, log: Log, defer_indexes: bool = True, now: dt.datetime | None = None
    ) -> None:
        self.log = log
        self.is_postgres = connection.vendor == "postgresql"
        self.defer_indexes = defer_indexes and self.is_postgres
        # "Today" of the generated world: every date a step derives from it, so the same seed
        # and the same ``now`` give the same rows whatever day the generator runs.
        self.now = now or timezone.now()
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self._next_ids: dict[str, int] = {}
        self._deferred: dict[str, _Deferred] = {}
        self._replica = False

    # ---------------------------------------------------------------------------------------
    # ids

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """The first of ``count`` consecutive primary keys nobody uses yet."""
        table = model._meta.db_table
        if table not in self._next_ids:
            pk = model._meta.pk
            assert pk is not None
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COALESCE(MAX({connection.ops.quote_name(pk.column)}), 0) "
                    f"FROM {connection.ops.quote_name(table)}"
                )
                self._next_ids[table] = int(cursor.fetchone()[0]) + 1
        first = self._next_ids[table]
        self._next_ids[table] = first + count
        return first

    # ---------------------------------------------------------------------------------------
    # planning

    def plan(self, model: type[models.Model], given: Sequence[str]) -> TablePlan:
        """Columns to write: the given field names, then every other column at its default."""
        concrete = {f.name: f for f in model._meta.concrete_fields}
        concrete.update({f.attname: f for f in model._meta.concrete_fields})
        fields: list[models.Field] = []  # type: ignore[type-arg]
        for name in given:
            if name not in concrete:
                raise ValueError(f"{model._meta.label} has no field {name!r}")
            fields.append(concrete[name])
        fixed: dict[str, Any] = {}
        given_attnames = {f.attname for f in fields}
        for f in model._meta.concrete_fields:
            if f.attname in given_attnames:
                continue
            fixed[f.attname] = self._default(model, f)
            fields.append(f)
        return TablePlan(
            model=model, columns=[f.column for f in fields], fields=fields, fixed=fixed
        )

    def _default(self, model: type[models.Model], f: models.Field) -> Any:  # type: ignore[type-arg]
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.now if isinstance(f, models.DateTimeField) else self.now.date()
        if f.has_default():
            value = f.get_default()
            if f.unique:
                raise ValueError(
                    f"{model._meta.label}.{f.name} is unique: the generator must give it"
                )
            return value
        if f.null:
            return None
        if f.blank and isinstance(f, models.CharField | models.TextField):
            return ""
        if f.primary_key:
            raise ValueError(f"{model._meta.label}: the generator must give primary keys")
        raise ValueError(
            f"{model._meta.label}.{f.name} has no default: the benchdata step must give it"
        )

    # ---------------------------------------------------------------------------------------
    # writing

    def write(
        self,
        model: type[models.Model],
        given: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        expected: int = 0,
    ) -> int:
        """Load ``rows`` (tuples in the order of ``given``); returns how many were written."""
        plan = self.plan(model, given)
        label = model._meta.label
        started = time.perf_counter()
        if self.is_postgres:
            self._prepare_table(model, expected)
            written = self._copy(plan, rows, label, expected)
        else:
            written = self._bulk(plan, given, rows, label, expected)
        elapsed = time.perf_counter() - started
        self.counts[label] = self.counts.get(label, 0) + written
        self.seconds[label] = self.seconds.get(label, 0.0) + elapsed
        rate = written / elapsed if elapsed > 0 else 0.0
        self.log(f"    {label}: {written:,} rows in {elapsed:.1f} s ({rate:,.0f} rows/s)")
        return written

    def _progress(self, label: str, done: int, expected: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        share = f" / {expected:,}" if expected else ""
        self.log(f"    … {label}: {done:,}{share} rows ({done / elapsed:,.0f} rows/s)")

    def _copy(
        self, plan: TablePlan, rows: Iterable[Sequence[Any]], label: str, expected: int
    ) -> int:
        table = connection.ops.quote_name(plan.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in plan.columns)
        tail = "".join("\t" + copy_text(v) for v in plan.fixed.values())
        written = 0
        started = last = time.perf_counter()
        buffer: list[str] = []
        size = 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    line = "\t".join(copy_text(v) for v in row) + tail + "\n"
                    buffer.append(line)
                    size += len(line)
                    written += 1
                    if size >= COPY_CHUNK_BYTES:
                        copy.write("".join(buffer))
                        buffer, size = [], 0
                        now = time.perf_counter()
                        if now - last >= PROGRESS_EVERY_SECONDS:
                            self._progress(label, written, expected, started)
                            last = now
                if buffer:
                    copy.write("".join(buffer))
        return written

    def _bulk(
        self,
        plan: TablePlan,
        given: Sequence[str],
        rows: Iterable[Sequence[Any]],
        label: str,
        expected: int,
    ) -> int:
        model = plan.model
        attnames = [f.attname for f in plan.fields[: len(given)]]
        batch: list[models.Model] = []
        written = 0
        started = last = time.perf_counter()
        manager = model._base_manager
        for row in rows:
            values = dict(zip(attnames, row, strict=True))
            values.update(plan.fixed)
            batch.append(model(**values))
            if len(batch) >= BULK_BATCH:
                manager.bulk_create(batch)
                written += len(batch)
                batch = []
                now = time.perf_counter()
                if now - last >= PROGRESS_EVERY_SECONDS:
                    self._progress(label, written, expected, started)
                    last = now
        if batch:
            manager.bulk_create(batch)
            written += len(batch)
        return written

    # ---------------------------------------------------------------------------------------
    # PostgreSQL: triggers, indexes, sequences

    def begin(self) -> None:
        """Session settings for a fast load (PostgreSQL; a no-op elsewhere)."""
        if not self.is_postgres:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            cursor.execute("SET maintenance_work_mem = '512MB'")
            try:
                cursor.execute("SAVEPOINT benchdata_replica")
                cursor.execute("SET session_replication_role = replica")
                cursor.execute("RELEASE SAVEPOINT benchdata_replica")
                self._replica = True
            except Exception:  # not a superuser: foreign keys are checked row by row
                cursor.execute("ROLLBACK TO SAVEPOINT benchdata_replica")
                self.log("    (foreign-key triggers stay on: not a superuser)")

    def _prepare_table(self, model: type[models.Model], expected: int) -> None:
        table = model._meta.db_table
        if not self.defer_indexes or table in self._deferred or expected < DEFER_INDEXES_ABOVE:
            return
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)})")
            if cursor.fetchone()[0]:
                return
            deferred = _Deferred(table=table)
            # Unique constraints (other than the primary key) are dropped and added back.
            cursor.execute(
                """
                SELECT c.conname, pg_get_constraintdef(c.oid), c.conindid
                FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE t.relname = %s AND c.contype = 'u'
                """,
                [table],
            )
            constraint_indexes = set()
            for name, definition, index_oid in cursor.fetchall():
                constraint_indexes.add(index_oid)
                quoted = connection.ops.quote_name(name)
                deferred.drops.append(
                    f"ALTER TABLE {connection.ops.quote_name(table)} DROP CONSTRAINT {quoted}"
                )
                deferred.creates.append(
                    f"ALTER TABLE {connection.ops.quote_name(table)} "
                    f"ADD CONSTRAINT {quoted} {definition}"
                )
            cursor.execute(
                """
                SELECT i.indexrelid, ci.relname, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                JOIN pg_class ci ON ci.oid = i.indexrelid
                JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relname = %s AND NOT i.indisprimary
                """,
                [table],
            )
            for oid, name, definition in cursor.fetchall():
                if oid in constraint_indexes:
                    continue
                deferred.drops.append(f"DROP INDEX {connection.ops.quote_name(name)}")
                deferred.creates.append(definition)
            for statement in deferred.drops:
                cursor.execute(statement)
        self._deferred[table] = deferred
        self.log(f"    ({table}: {len(deferred.drops)} indexes deferred until after the load)")

    def rebuild_indexes(self) -> None:
        """Create again the indexes dropped before the load."""
        if not self._deferred:
            return
        started = time.perf_counter()
        total = 0
        with connection.cursor() as cursor:
            for deferred in self._deferred.values():
                t0 = time.perf_counter()
                for statement in deferred.creates:
                    cursor.execute(statement)
                total += len(deferred.creates)
                self.log(
                    f"    {deferred.table}: {len(deferred.creates)} indexes rebuilt "
                    f"in {time.perf_counter() - t0:.1f} s"
                )
        self._deferred.clear()
        self.log(f"    indexes rebuilt: {total} in {time.perf_counter() - started:.1f} s")

    def finish(self, models_written: Iterable[type[models.Model]]) -> None:
        """Indexes back, sequences past the ids used (PostgreSQL); then ``analyse``."""
        if not self.is_postgres:
            return
        self.rebuild_indexes()
        with connection.cursor() as cursor:
            if self._replica:
                cursor.execute("SET session_replication_role = DEFAULT")
            for model in models_written:
                pk = model._meta.pk
                assert pk is not None
                if not isinstance(pk, models.AutoField | models.BigAutoField):
                    continue
                table = model._meta.db_table
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f"COALESCE((SELECT MAX({connection.ops.quote_name(pk.column)}) "
                    f"FROM {connection.ops.quote_name(table)}), 0) + 1, false)",
                    [connection.ops.quote_name(table), pk.column],
                )

    def analyse(self, models_written: Iterable[type[models.Model]]) -> None:
        """Planner statistics and the visibility map (PostgreSQL), after the load committed.

        VACUUM, not only ANALYZE: it marks the freshly loaded pages all-visible, as autovacuum
        would on a live system, so index-only scans (the report figures) read no table pages.
        VACUUM cannot run inside a transaction; there (the tests) ANALYZE alone.
        """
        if not self.is_postgres:
            return
        started = time.perf_counter()
        verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in models_written:
                cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")
        self.log(f"    {verb} in {time.perf_counter() - started:.1f} s")
