from django.db import migrations

from opentvet.core.roles import sync_roles


def load_roles(apps, schema_editor):
    sync_roles(apps.get_model("core", "Permission"), apps.get_model("core", "Role"))


class Migration(migrations.Migration):
    """Unit heads read their school's learners; teachers enter grades for their modules."""

    dependencies = [("core", "0004_trigram_search_indexes")]
    operations = [migrations.RunPython(load_roles, migrations.RunPython.noop)]
