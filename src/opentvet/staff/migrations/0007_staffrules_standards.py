"""Teacher standards as amended by Thông tư 21/2020/TT-BLĐTBXH (issue 14).

A new version of the chuẩn from 10 Mar 2021 (earlier cycles keep theirs): tiêu chí → tiêu
chuẩn, no invented "Năng lực thực hành nghề", the research tiêu chuẩn absent for sơ cấp (14 vs
15), language and IT levels set by each institution per job position (rule below).
"""

from django.db import migrations, models

RULES = [
    {"key": "staff.standards.language_it", "valid_from": "2021-03-10",
     "name": "Yêu cầu ngoại ngữ, tin học của nhà giáo GDNN theo vị trí việc làm",
     # National value: nothing fixed. An institution's setting (InstitutionRuleSetting) holds
     # {"default": [...], "by_level": {"<level>": [...]}, "positions": {"<chức vụ>": [...]}} of
     # {"kind": "language"|"it", "min_rank": n, "label": "..."}.
     "value": {"default": [], "positions": {}}, "document": "tt-21-2020",
     "verification": "checked", "institution_may_choose": True,
     "note": "Since 10 Mar 2021 the head of the institution sets them per job position."},
]


def load(apps, schema_editor):
    from opentvet.regulations.loader import load_rules
    from opentvet.staff.reference import load_framework_2021

    load_rules(apps, rules=RULES)
    load_framework_2021(apps)
    # "Năng lực thực hành nghề" is not in the text: drop it from the earlier version where no
    # assessment scored it yet (scored ones stay as the record of what was assessed).
    Criterion = apps.get_model("staff", "Criterion")
    CriterionScore = apps.get_model("staff", "CriterionScore")
    invented = Criterion.objects.filter(name="Năng lực thực hành nghề")
    scored = CriterionScore.objects.filter(criterion__in=invented).values("criterion_id")
    invented.exclude(pk__in=scored).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('regulations', '0002_legal_documents'),
        ('staff', '0006_staffrules_promotion'),
    ]

    operations = [
        migrations.AddField(
            model_name='criterion',
            name='not_for_levels',
            field=models.JSONField(blank=True, default=list, verbose_name='không áp dụng cho trình độ'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
