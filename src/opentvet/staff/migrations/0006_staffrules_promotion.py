"""Promotion by review (Decree 115/2020/NĐ-CP as amended by Decree 85/2023/NĐ-CP), issue 14.

Schema: the round's quota, the candidates' priority rank, ethnic minority on the staff member.
Data: the promotion methods, the priority order and the achievement ladder as dated rules; the
titles' citations corrected (there is no "Thông tư 07/2023/TT-BLĐTBXH": codes by TT
10/2018/TT-BNV, standards by TT 03/2018, pay by TT 12/2019); years in rank, borrowed from
school-teacher circulars, marked unverified.
"""

from django.db import migrations, models

C, P, U = "checked", "probable", "unverified"
RULES = [
    {
        "key": "staff.promotion.methods",
        "valid_from": "2020-11-20",
        "valid_to": "2023-12-07",
        "name": "Hình thức thăng hạng chức danh nghề nghiệp viên chức",
        "value": {"methods": ["thi", "xet"]},
        "document": "nd-115-2020",
        "verification": U,
        "note": "Exam or review before Decree 85/2023. The start date (Decree 115/2020's "
        "effective date) was not read.",
    },
    {
        "key": "staff.promotion.methods",
        "valid_from": "2023-12-07",
        "name": "Hình thức thăng hạng chức danh nghề nghiệp viên chức",
        "value": {"methods": ["xet"]},
        "document": "nd-85-2023",
        "verification": C,
        "note": "Review of documents only (xét thăng hạng), no exam (FACTS.md, checked).",
    },
    {
        "key": "staff.promotion.priority",
        "valid_from": "2023-12-07",
        "name": "Thứ tự ưu tiên khi số người đủ điều kiện vượt chỉ tiêu thăng hạng",
        "value": {
            "order": ["achievements", "female", "ethnic_minority", "older", "longer_service"]
        },
        "document": "nd-85-2023",
        "article": "Điều 40 Nghị định 115/2020/NĐ-CP, sửa đổi bởi",
        "verification": C,
    },
    {
        "key": "staff.promotion.achievement_ladder",
        "valid_from": "2023-12-07",
        "name": "Thứ bậc thành tích khi xét ưu tiên thăng hạng",
        "value": {
            "achievement_ladder": [
                "nha_giao_uu_tu",
                "chien_si_thi_dua_tinh",
                "bang_khen",
                "chien_si_thi_dua_co_so",
                "giai_hoi_giang",
                "de_tai_nckh",
                "giao_trinh",
            ]
        },
        "document": "nd-85-2023",
        "verification": U,
        "note": "Which achievement counts as higher is OpenTVET's reading, not read in a text.",
    },
]
WRONG = "Thông tư 03/2018/TT-BLĐTBXH, sửa đổi bởi Thông tư 07/2023/TT-BLĐTBXH"
RIGHT = (
    "Mã số: Thông tư 10/2018/TT-BNV; tiêu chuẩn: Thông tư 03/2018/TT-BLĐTBXH; xếp lương: "
    "Thông tư 12/2019/TT-BLĐTBXH"
)


def _unverified_years(rules):
    return [dict(r, verification=U) if r.get("rule") == "years_in_rank" else r for r in rules]


def load(apps, schema_editor):
    from opentvet.regulations.loader import load_rules

    load_rules(apps, rules=RULES)
    Title = apps.get_model("staff", "ProfessionalTitle")
    for title in Title.objects.all():
        title.regulation = title.regulation.replace(WRONG, RIGHT).replace(
            "Thông tư 07/2023/TT-BLĐTBXH", "Thông tư 03/2018/TT-BLĐTBXH"
        )
        title.promotion_rules = _unverified_years(title.promotion_rules or [])
        title.save(update_fields=["regulation", "promotion_rules"])
    Round = apps.get_model("staff", "PromotionRound")
    for promotion_round in Round.objects.exclude(title_rules=None):
        promotion_round.title_rules = _unverified_years(promotion_round.title_rules)
        promotion_round.save(update_fields=["title_rules"])


class Migration(migrations.Migration):
    dependencies = [
        ("regulations", "0002_legal_documents"),
        ("staff", "0005_staff_in_post_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="promotionapplication",
            name="priority_note",
            field=models.CharField(blank=True, max_length=300, verbose_name="căn cứ xếp thứ tự"),
        ),
        migrations.AddField(
            model_name="promotionapplication",
            name="priority_rank",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="thứ tự ưu tiên"),
        ),
        migrations.AddField(
            model_name="promotionapplication",
            name="within_quota",
            field=models.BooleanField(blank=True, null=True, verbose_name="trong chỉ tiêu"),
        ),
        migrations.AddField(
            model_name="promotionround",
            name="quota",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Khi số người đủ điều kiện vượt chỉ tiêu, áp dụng thứ tự ưu tiên.",
                null=True,
                verbose_name="chỉ tiêu thăng hạng",
            ),
        ),
        migrations.AddField(
            model_name="staffmember",
            name="ethnic_minority",
            field=models.BooleanField(default=False, verbose_name="người dân tộc thiểu số"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
