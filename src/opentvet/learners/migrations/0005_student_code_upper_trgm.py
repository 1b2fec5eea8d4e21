"""Trigram index for a student code typed in any case, on PostgreSQL.

``learners.selectors.student_list`` matches a word with letters and digits (CD25CNTT017) by
``code__icontains``, which PostgreSQL runs as ``UPPER(code) LIKE UPPER('%word%')``; the plain
trigram index of 0002 does not serve the UPPER() expression. The benchmark generator created
this index itself until now (``bench_student_code_trgm``). SQLite gets nothing.
"""

from django.db import migrations

NAME = "learners_student_code_upper_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON learners_student "
        "USING gin ((upper(code::text)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("learners", "0004_report_indexes")]
    operations = [migrations.RunPython(create, drop)]
