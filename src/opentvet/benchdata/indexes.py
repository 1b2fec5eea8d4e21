"""PostgreSQL-only indexes that the benchmarked reads need, created after the data is loaded.

These belong in the owning apps' migrations (``docs/benchmarks.md`` lists them with the query
each one serves, with the exact SQL); until they move there, the generator creates them,
idempotently, under names starting with ``bench_``. Entries whose table does not exist yet are
skipped. An index already in a migration is not listed here (``programmes_programme_search_trgm``
is in ``programmes/migrations/0002_search_trgm.py``); a ``bench_*`` index left by an older run
that duplicates a migration's is dropped (``DUPLICATES``).
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
        "bench_core_user_search_trgm",
        "core_user",
        "USING gin (search_name gin_trgm_ops)",
        "people search by name without diacritics (search_name LIKE '%word%')",
    ),
    ReadIndex(
        "bench_core_org_search_trgm",
        "core_organisation",
        "USING gin (search_name gin_trgm_ops)",
        "organisation directory search (search_name LIKE '%word%')",
    ),
    ReadIndex(
        "bench_student_search_trgm",
        "learners_student",
        "USING gin (search_name gin_trgm_ops)",
        "student search by name without diacritics (learners.selectors.student_list)",
    ),
    ReadIndex(
        "bench_student_code_trgm",
        "learners_student",
        "USING gin (upper(code::text) gin_trgm_ops)",
        "student search: the code__icontains alternative of each word",
    ),
]


# bench_* indexes of earlier generator runs that a migration now creates under its own name.
DUPLICATES = ["bench_programme_search_trgm"]


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
            started = time.perf_counter()
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {index.name} ON {index.table} {index.definition}"
            )
            cursor.execute(f"ANALYZE {index.table}")
            created.append(index.name)
            log(f"    {index.name} in {time.perf_counter() - started:.1f} s ({index.serves})")
    return created
