"""Who governs VET, the Law on VET and the training levels as dated rules (issue 14).

Sources: shared/domain/FACTS.md "Who governs VET" and "Laws and levels". The Law on VET
74/2014/QH13 took effect on 1 Jul 2015 (read in a secondary summary of the law); Law
124/2025/QH15 was adopted on 10 Dec 2025 (its text's heading was read), but its effective date
was not: its version starts on 1 Jan 2026 as an *unverified* assumption, shown as such.
"""

from django.db import migrations

from opentvet.regulations.loader import load_rules

C, P, U = "checked", "probable", "unverified"
MOET = "2025-03-01"

RULES = [
    {
        "key": "authority.national_vet",
        "valid_from": "2000-01-01",
        "valid_to": "2017-01-01",
        "name": "Cơ quan quản lý nhà nước về GDNN ở trung ương",
        "value": {
            "name": "Tổng cục Dạy nghề",
            "short_name": "Tổng cục Dạy nghề",
            "ministry": "Bộ Lao động - Thương binh và Xã hội",
            "ministry_short": "Bộ LĐ-TB&XH",
        },
        "verification": U,
        "note": "Before the General Department of VET (2017 in the demo's history): its name and "
        "the renaming date were not read in a text.",
    },
    {"key": "authority.national_vet", "valid_from": "2017-01-01", "valid_to": MOET,
     "name": "Cơ quan quản lý nhà nước về GDNN ở trung ương",
     "value": {"name": "Tổng cục Giáo dục nghề nghiệp", "short_name": "Tổng cục GDNN",
               "ministry": "Bộ Lao động - Thương binh và Xã hội", "ministry_short": "Bộ LĐ-TB&XH"},
     "document": "nd-62-2022", "verification": C,
     "note": "The General Department existed before Decree 62/2022 (earlier MOLISA decrees, not "
     "read); there was no 2022 downgrade to a Cục (FACTS.md)."},
    {"key": "authority.national_vet", "valid_from": MOET,
     "name": "Cơ quan quản lý nhà nước về GDNN ở trung ương",
     "value": {"name": "Cục Giáo dục nghề nghiệp và Giáo dục thường xuyên",
               "short_name": "Cục GDNN và GDTX", "ministry": "Bộ Giáo dục và Đào tạo",
               "ministry_short": "Bộ GD&ĐT"},
     "document": "nd-37-2025", "verification": C},
    {"key": "authority.provincial_vet", "valid_from": "2000-01-01", "valid_to": MOET,
     "name": "Cơ quan chuyên môn quản lý GDNN cấp tỉnh",
     "value": {"name": "Sở Lao động - Thương binh và Xã hội", "short_name": "Sở LĐ-TB&XH"},
     "document": "nd-62-2022", "verification": P},
    {"key": "authority.provincial_vet", "valid_from": MOET,
     "name": "Cơ quan chuyên môn quản lý GDNN cấp tỉnh",
     "value": {"name": "Sở Giáo dục và Đào tạo", "short_name": "Sở GD&ĐT"},
     "document": "nd-37-2025", "verification": P,
     "note": "Checked for Hồ Chí Minh City; probable for every province (FACTS.md)."},
    {"key": "law.vet", "valid_from": "2015-07-01", "valid_to": "2026-01-01",
     "name": "Luật Giáo dục nghề nghiệp",
     "value": {"number": "74/2014/QH13", "name": "Luật Giáo dục nghề nghiệp"},
     "document": "luat-74-2014", "verification": C,
     "note": "valid_to is the unverified start of Law 124/2025/QH15."},
    {"key": "law.vet", "valid_from": "2026-01-01",
     "name": "Luật Giáo dục nghề nghiệp",
     "value": {"number": "124/2025/QH15", "name": "Luật Giáo dục nghề nghiệp"},
     "document": "luat-124-2025", "verification": U,
     "note": "Adopted 10 Dec 2025; effective date not read (1 Jan 2026 assumed)."},
    {"key": "training.levels", "valid_from": "2015-07-01", "valid_to": "2026-01-01",
     "name": "Các trình độ giáo dục nghề nghiệp",
     "value": {"levels": ["so_cap", "trung_cap", "cao_dang"]},
     "document": "luat-74-2014", "verification": C},
    {"key": "training.levels", "valid_from": "2026-01-01",
     "name": "Các trình độ giáo dục nghề nghiệp",
     "value": {"levels": ["so_cap", "trung_hoc_nghe", "trung_cap", "cao_dang"]},
     "document": "luat-123-2025", "verification": C,
     "note": "Trung học nghề has no occupation-catalogue digit yet: none is invented."},
]


def load(apps, schema_editor):
    load_rules(apps, rules=RULES)


class Migration(migrations.Migration):
    dependencies = [("regulations", "0002_legal_documents")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
