"""PostgreSQL-only indexes that the benchmarked reads need, created after the data is loaded.

These belong in the owning apps' migrations (``docs/benchmarks.md`` lists them with the query
each one serves, with the exact SQL); until they move there, the generator creates them,
idempotently, under names starting with ``bench_``. Entries whose table does not exist yet are
skipped. Indexes already in a migration are not listed here (core ``0004_trigram_search_indexes``:
``core_user``/``core_organisation``; programmes ``0002_search_trgm``), and an entry is skipped
(its ``bench_*`` copy dropped) when the table already has an index with the same definition
under another name — so a migration that lands later (learners) supersedes the entry here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection

from opentvet.benchdata.loader import Log


@dataclass(frozen=True)
class ReadIndex:
    name: str
    table: str
    definition: str  # after "ON <table>"
    serves: str


READ_INDEXES: list[ReadIndex] = [
    ReadIndex(
        "bench_student_search_trgm",
        "learners_student",
        "USING gin (search_name gin_trgm_ops)",
        "student search by name without diacritics (learners.selectors.student_list)",
    ),
]


# bench_* indexes of earlier generator runs that a migration now creates under its own name.
DUPLICATES = [
    "bench_programme_search_trgm",
    "bench_core_user_search_trgm",
    "bench_core_org_search_trgm",
    "bench_student_code_trgm",
]


def _same_index_elsewhere(cursor, index: ReadIndex) -> str | None:  # type: ignore[no-untyped-def]
    """The name of another index on the table with the same definition, if any."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
        [index.table, index.name],
    )
    wanted = " ".join(index.definition.lower().replace("::text", "").split())
    for name, definition in cursor.fetchall():
        tail = definition.lower().split(f" on public.{index.table} ", 1)[-1]
        tail = tail.split(f" on {index.table} ", 1)[-1]
        if " ".join(tail.replace("::text", "").split()) == wanted:
            return str(name)
    return None


def _table_exists(table: str) -> bool:
    return table in connection.introspection.table_names()


def create_read_indexes(*, log: Log) -> list[str]:
    """Create the read indexes that are missing; returns the names created."""
    if connection.vendor != "postgresql":
        log("    (read indexes are PostgreSQL-only: skipped)")
        return []
    created = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name in DUPLICATES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        for index in READ_INDEXES:
            if not _table_exists(index.table):
                log(f"    {index.name}: skipped, no table {index.table} yet")
                continue
            other = _same_index_elsewhere(cursor, index)
            if other:
                cursor.execute(f"DROP INDEX IF EXISTS {index.name}")
                log(f"    {index.name}: skipped, the table has it as {other} (a migration)")
                continue
            started = time.perf_counter()
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {index.name} ON {index.table} {index.definition}"
            )
            cursor.execute(f"ANALYZE {index.table}")
            created.append(index.name)
            log(f"    {index.name} in {time.perf_counter() - started:.1f} s ({index.serves})")
    return created
