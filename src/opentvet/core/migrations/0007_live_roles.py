from django.db import migrations

from opentvet.core.roles import sync_roles


def load_roles(apps, schema_editor):
    sync_roles(apps.get_model("core", "Permission"), apps.get_model("core", "Role"))


class Migration(migrations.Migration):
    """Authorities (national analyst, People's Committee leader, provincial officer) see live
    figures of the institutions below them (report.live)."""

    dependencies = [("core", "0006_docs_roles")]
    operations = [migrations.RunPython(load_roles, migrations.RunPython.noop)]
