"""Load the teacher standards framework (Thông tư 08/2017) and the titles (Thông tư 03/2018)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from opentvet.staff.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
