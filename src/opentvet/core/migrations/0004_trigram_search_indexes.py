"""Trigram indexes for diacritic-insensitive search on PostgreSQL.

Searches filter ``search_name LIKE '%word%'`` (see ``core.text.fold``); a B-tree cannot serve an
infix match, a pg_trgm GIN index can. SQLite (the embedded default) gets nothing: it scans.
"""

from django.db import migrations

INDEXES = [
    ("core_user_search_trgm", "core_user"),
    ("core_organisation_search_trgm", "core_organisation"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_name gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_role_institution_permissions")]
    operations = [migrations.RunPython(create, drop)]
