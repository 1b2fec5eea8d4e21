"""``opentvet restore_drill``: back up, restore into a fresh database, compare, drop the copy."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from opentvet.core.backup import BackupError, restore_drill


class Command(BaseCommand):
    help = (
        "Diễn tập khôi phục: sao lưu CSDL hiện tại, khôi phục vào CSDL mới, so sánh số dòng và "
        "mã kiểm tra các bảng chính, rồi xóa bản khôi phục."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        with tempfile.TemporaryDirectory(prefix="opentvet-drill-") as work:
            try:
                rows = restore_drill(Path(work))
            except BackupError as error:
                raise CommandError(str(error)) from error
        for row in rows:
            mark = "khớp" if row.same else "KHÔNG KHỚP"
            after = "—" if row.rows_after is None else row.rows_after
            self.stdout.write(f"{row.table:32} {row.rows_before:>10} {after!s:>10}  {mark}")
        bad = [r.table for r in rows if not r.same]
        if bad:
            raise CommandError(f"Khôi phục không tái tạo đúng: {', '.join(bad)}")
        self.stdout.write(f"restore-drill: {len(rows)} bảng khớp số dòng và mã kiểm tra.")
