"""``manage.py load_catalogues``: load every national catalogue; safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from opentvet.catalogue.loaders import ChangeReport, load_all


class Command(BaseCommand):
    help = _(
        "Nạp các danh mục quốc gia: tỉnh, xã/phường, tỉnh cũ, trình độ đào tạo, ngành nghề. "
        "Chạy lại nhiều lần không tạo bản ghi trùng."
    )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        results = load_all()
        labels = {
            "provinces": _("Tỉnh/thành phố"),
            "wards": _("Xã/phường/đặc khu"),
            "legacy_provinces": _("Tỉnh cũ (trước 7/2025)"),
            "training_levels": _("Trình độ đào tạo"),
            "occupations": _("Ngành, nghề"),
        }
        for key, result in results.items():
            if isinstance(result, ChangeReport):
                line = _(
                    "%(label)s: thêm %(added)d, đổi tên %(renamed)d, chuyển nhóm %(moved)d, "
                    "ngừng áp dụng %(deactivated)d, không đổi %(unchanged)d"
                ) % {
                    "label": labels[key],
                    "added": len(result.added),
                    "renamed": len(result.renamed),
                    "moved": len(result.moved),
                    "deactivated": len(result.deactivated),
                    "unchanged": result.unchanged,
                }
            else:
                line = _(
                    "%(label)s: tổng %(total)d (thêm %(created)d, cập nhật %(updated)d, "
                    "không đổi %(unchanged)d)"
                ) % {
                    "label": labels[key],
                    "total": result.total,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(_("Đã nạp xong các danh mục.")))
