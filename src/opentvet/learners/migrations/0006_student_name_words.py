"""A GIN index over the words of each learner's folded name, on PostgreSQL.

``learners.selectors.student_list`` matches typed name words as whole words of the name
(``string_to_array(search_name, ' ') @> ARRAY[...]``). Common trigrams ("yen" of Nguyễn, "thi"
of Thị) each sit in a million names, so the trigram index took 45-400 ms per search over 2.5
million learners; this index answers the same words in 9-21 ms (docs/benchmarks.md). The
expression must stay the one ``selectors.NameWords`` builds. SQLite gets nothing.
"""

from django.db import migrations

NAME = "learners_student_name_words"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON learners_student "
        "USING gin ((string_to_array(search_name, ' ')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("learners", "0005_student_code_upper_trgm")]
    operations = [migrations.RunPython(create, drop)]
