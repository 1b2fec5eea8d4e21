"""A GIN index over the pairs of words of each learner's folded name, on PostgreSQL.

A name search of two or more words asks for names holding every typed word
(``selectors.student_list``). Through the words index of 0006 PostgreSQL intersects each
word's list of rows, and common words are long lists: "nguyen" is in 950,000 of 2.5 million
names, "tran" in 275,000, the given name "phuong" in 158,000; intersecting three such lists
took 9-16 ms of every search (docs/benchmarks.md, "Page latency"). A name holds every typed
word exactly when it holds every pair of them, and a pair is rare ("my phuong": 7,445 names),
so the same search through this index reads short lists: about 1 ms.

``opentvet_word_pairs`` gives each unordered pair of distinct words once, as "a b" with a before
b in byte order (``COLLATE "C"``, the order Python's ``sorted`` gives), so the selector can
build the same pairs from the typed words. ``selectors.NamePairs`` must call it on the bare
column for the planner to use the index. The index is built ``CONCURRENTLY`` (outside a
transaction): about 30 s over 2.5 million names, during which learners can still be written.
SQLite gets nothing.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION opentvet_word_pairs(words text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT a.w || ' ' || b.w), '{}')
  FROM unnest(string_to_array(words, ' ')) AS a(w), unnest(string_to_array(words, ' ')) AS b(w)
  WHERE a.w COLLATE "C" < b.w COLLATE "C" AND a.w <> '' AND b.w <> ''
$$
"""
NAME = "learners_student_name_pairs"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON learners_student "
        "USING gin (opentvet_word_pairs(search_name))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NAME}")
    schema_editor.execute("DROP FUNCTION IF EXISTS opentvet_word_pairs(text)")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY refuses to run in a transaction
    dependencies = [("learners", "0006_student_name_words")]
    operations = [migrations.RunPython(create, drop)]
