"""Trigram indexes for student search on PostgreSQL (name without diacritics, code, CCCD).

``learners.selectors.student_list`` filters ``search_name LIKE '%word%'`` and
``code LIKE '%digits%'``; only a pg_trgm GIN index serves an infix match. At national scale
(2.5 million students) this is the difference between seconds and tens of milliseconds
(docs/benchmarks.md, "Page latency"). SQLite gets nothing.
"""

from django.db import migrations

INDEXES = [
    ("learners_student_search_trgm", "search_name"),
    ("learners_student_code_trgm", "code"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON learners_student "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("learners", "0001_initial"), ("core", "0004_trigram_search_indexes")]
    operations = [migrations.RunPython(create, drop)]
