"""``manage.py import_occupations PATH [--dry-run]``: apply an updated official occupation list.

The file has the columns of ``data/occupations.csv`` (code, name, level, parent_code and
optionally riasec, source). Every row is validated first; on any bad row the command lists
each problem with its line and column and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from opentvet.catalogue.loaders import (
    MASS_WITHDRAWAL_SHARE,
    ChangeReport,
    MassWithdrawalError,
    OccupationListError,
    load_occupations,
)


class Command(BaseCommand):
    help = _(
        "Nhập danh mục ngành, nghề cập nhật (CSV) và báo cáo các mã được thêm, đổi tên, "
        "chuyển nhóm hoặc ngừng áp dụng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help=_("Đường dẫn tệp CSV danh mục ngành, nghề."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Chỉ kiểm tra và báo cáo thay đổi, không ghi vào cơ sở dữ liệu."),
        )
        parser.add_argument(
            "--confirm-withdrawals",
            action="store_true",
            help=_(
                "Đồng ý ghi khi tệp làm ngừng áp dụng nhiều mã (hơn 10%% danh mục đang áp dụng)."
            ),
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        try:
            report = load_occupations(
                path,
                dry_run=options["dry_run"],
                allow_mass_withdrawal=options["confirm_withdrawals"],
            )
        except MassWithdrawalError as error:
            self._write_report(error.report, dry_run=True)
            raise CommandError(
                _(
                    "Tệp này sẽ ngừng áp dụng %(n)d trong %(active)d mã đang áp dụng (quá "
                    "%(share)d%%): có thể tệp bị thiếu hoặc bị cắt. Chưa ghi thay đổi nào. Nếu "
                    "đúng là như vậy, chạy lại với --confirm-withdrawals."
                )
                % {
                    "n": len(error.report.deactivated),
                    "active": error.active,
                    "share": int(MASS_WITHDRAWAL_SHARE * 100),
                }
            ) from error
        except OccupationListError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                _("Tệp có %(count)d lỗi; chưa ghi thay đổi nào.") % {"count": len(error.errors)}
            ) from error
        self._write_report(report, dry_run=options["dry_run"])

    def _write_report(self, report: ChangeReport, *, dry_run: bool) -> None:
        write = self.stdout.write
        for code in report.added:
            write(_("Thêm mới: %(code)s") % {"code": code})
        for code, old, new in report.renamed:
            write(
                _("Đổi tên: %(code)s “%(old)s” → “%(new)s”")
                % {"code": code, "old": old, "new": new}
            )
        for code, old, new in report.moved:
            write(
                _("Chuyển nhóm: %(code)s từ %(old)s sang %(new)s")
                % {"code": code, "old": old or "—", "new": new or "—"}
            )
        for code in report.reactivated:
            write(_("Áp dụng lại: %(code)s") % {"code": code})
        for code in report.deactivated:
            write(_("Ngừng áp dụng: %(code)s") % {"code": code})
        summary = _(
            "Thêm %(added)d, đổi tên %(renamed)d, chuyển nhóm %(moved)d, áp dụng lại "
            "%(reactivated)d, ngừng áp dụng %(deactivated)d, cập nhật khác %(updated)d, "
            "không đổi %(unchanged)d."
        ) % {
            "added": len(report.added),
            "renamed": len(report.renamed),
            "moved": len(report.moved),
            "reactivated": len(report.reactivated),
            "deactivated": len(report.deactivated),
            "updated": len(report.updated),
            "unchanged": report.unchanged,
        }
        write(summary)
        if dry_run:
            write(self.style.WARNING(_("Chạy thử: chưa ghi thay đổi nào.")))
        elif not report.has_changes:
            write(self.style.SUCCESS(_("Danh mục đã khớp, không có gì thay đổi.")))
        else:
            write(self.style.SUCCESS(_("Đã cập nhật danh mục ngành, nghề.")))
