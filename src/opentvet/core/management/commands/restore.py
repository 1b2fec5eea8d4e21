"""``opentvet restore --from DIR --database URL [--files-to DIR]`` (core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opentvet.core.backup import BackupError, restore, sanitised


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào một CSDL trống (và tệp riêng tư vào một thư mục)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path)
        parser.add_argument(
            "--database", required=True, help="CSDL đích, trống: postgres://… hoặc sqlite:///…"
        )
        parser.add_argument("--files-to", type=Path, help="thư mục nhận tệp riêng tư")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["source"]
        if not (source / "manifest.json").exists():
            raise CommandError(f"{source} không phải một bản sao lưu (thiếu manifest.json).")
        try:
            restore(source, database_url=options["database"], files_to=options["files_to"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Đã khôi phục vào {sanitised(options['database'])}.")
