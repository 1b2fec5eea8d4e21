"""PostgreSQL: a trigram index for the programme search (``search_name LIKE '%word%'``).

The public portal and the staff programme list search the folded name and code by substring
(``search_name__contains`` for each word); without this GIN index PostgreSQL scans every
programme. Other databases (SQLite in development and tests) skip it.
"""

from django.db import migrations

INDEX = "programmes_programme_search_trgm"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON programmes_programme "
        "USING gin (search_name gin_trgm_ops)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
