"""Report deadlines as date rules (issue 14) and Thông tư/Nghị định out of the Decree 30 types."""

from django.db import migrations, models


# --- data: deadline rules, legal documents out of the Decree 30 types -------------------------
C = "checked"
# Where a circular's effective date was not read, ``valid_from`` is the first of January after its
# year of issue (a date by which it was in force); the rule's note says so.
NOT_READ = "Effective date of the circular not read: valid_from is a date by which it was in force."
DEADLINE_RULES = [
    {
        "key": "reporting.deadline.annual_training",
        "valid_from": "2022-05-15",
        "name": "Hạn nộp báo cáo đào tạo trình độ trung cấp, cao đẳng hằng năm",
        "value": {"annual": {"day": 10, "months_after_end": 1}},
        "document": "tt-04-2022",
        "article": "Điều 38",
        "verification": C,
    },
    {
        "key": "reporting.deadline.admissions_monthly",
        "valid_from": "2022-01-01",
        "name": "Hạn nộp báo cáo tuyển sinh hằng tháng của trường cao đẳng, trung cấp",
        "value": {"monthly": {"day": 25, "months_after_end": 0}},
        "document": "tt-05-2021",
        "article": "Điều 20",
        "verification": C,
        "note": NOT_READ,
    },
    {
        "key": "reporting.deadline.so_cap",
        "valid_from": "2016-01-01",
        "name": "Hạn nộp báo cáo đào tạo trình độ sơ cấp (6 tháng: 10/7; năm: 10/01 năm sau)",
        "value": {
            "6m": {"day": 10, "months_after_end": 1},
            "annual": {"day": 10, "months_after_end": 1},
        },
        "document": "tt-42-2015",
        "article": "Điều 33",
        "verification": C,
        "note": NOT_READ,
    },
    {
        "key": "reporting.deadline.continuing",
        "valid_from": "2016-01-01",
        "name": "Hạn nộp báo cáo đào tạo thường xuyên (trước 30/6 và 31/12)",
        # day 31 = the period's last day: 30/6 for the first half, 31/12 for the second and the year
        "value": {
            "6m": {"day": 31, "months_after_end": 0},
            "annual": {"day": 31, "months_after_end": 0},
        },
        "document": "tt-43-2015",
        "article": "Điều 14",
        "verification": C,
        "note": NOT_READ,
    },
]


def load(apps, schema_editor):
    from opentvet.regulations.loader import load_rules

    load_rules(apps, rules=DEADLINE_RULES)
    # Thông tư and Nghị định are legal documents, not Decree 30 types: any registered as such
    # become received legal documents.
    Document = apps.get_model("reporting", "Document")
    Document.objects.filter(doc_type__in=["TT", "NĐ"]).update(doc_type="QPPL")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_meetings_invitees"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportingperiod",
            name="due_basis",
            field=models.CharField(blank=True, max_length=300, verbose_name="căn cứ hạn nộp"),
        ),
        migrations.AddField(
            model_name="reporttemplate",
            name="report_kind",
            field=models.CharField(
                choices=[
                    ("annual_training", "Báo cáo đào tạo hằng năm (trung cấp, cao đẳng)"),
                    ("admissions_monthly", "Báo cáo tuyển sinh hằng tháng"),
                    ("so_cap", "Báo cáo đào tạo trình độ sơ cấp"),
                    ("continuing", "Báo cáo đào tạo thường xuyên"),
                    ("other", "Báo cáo theo yêu cầu của cơ quan quản lý"),
                ],
                default="other",
                max_length=20,
                verbose_name="loại báo cáo",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="doc_type",
            field=models.CharField(
                choices=[
                    ("CV", "Công văn"),
                    ("GM", "Giấy mời"),
                    ("BC", "Báo cáo"),
                    ("QĐ", "Quyết định"),
                    ("CT", "Chỉ thị"),
                    ("TB", "Thông báo"),
                    ("KH", "Kế hoạch"),
                    ("TTr", "Tờ trình"),
                    ("BB", "Biên bản"),
                    ("HD", "Hướng dẫn"),
                    ("ĐA", "Đề án"),
                    ("NQ", "Nghị quyết"),
                    ("KL", "Thông báo kết luận"),
                    ("QPPL", "Văn bản quy phạm pháp luật (đến)"),
                ],
                max_length=4,
                verbose_name="loại văn bản",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
