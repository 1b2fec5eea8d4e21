"""Mark physical and defence education as conditional subjects (môn học điều kiện).

Khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH excludes them from every GPA and from the graduation
class (shared/domain/FACTS.md, checked). Modules are identified by name, as the rule
``grading.conditional_subjects`` names them (folded: case and diacritics ignored).
"""

from django.db import migrations

from opentvet.core.text import fold

NAMES = {fold("Giáo dục thể chất"), fold("Giáo dục quốc phòng và an ninh")}


def mark(apps, schema_editor):
    ProgrammeModule = apps.get_model("programmes", "ProgrammeModule")
    ids = [
        pk
        for pk, name in ProgrammeModule.objects.values_list("pk", "name").iterator()
        if fold(name) in NAMES
    ]
    for start in range(0, len(ids), 1000):
        ProgrammeModule.objects.filter(pk__in=ids[start : start + 1000]).update(
            is_conditional=True
        )


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_grading_fields")]
    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
