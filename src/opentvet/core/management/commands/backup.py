"""``opentvet backup --out DIR``: database, private files and a manifest (core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opentvet.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu CSDL và tệp riêng tư vào một thư mục (kèm bảng kê số dòng và mã kiểm tra)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="thư mục sao lưu (tạo mới)")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.exists() and any(out.iterdir()):
            raise CommandError(f"{out} không trống: hãy chọn thư mục mới.")
        try:
            manifest = backup(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu vào {out} ({manifest['vendor']}, {rows} dòng ở "
            f"{len(manifest['tables'])} bảng chính)."
        )
