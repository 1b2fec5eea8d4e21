"""``setup_demo``: migrate, load catalogues, build the demo, print the logins (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from opentvet.demo.personas import DEMO_PASSWORD, PERSONAS, SUPERUSER


class Command(BaseCommand):
    help = "Chuẩn bị cơ sở dữ liệu demo: migrate, nạp danh mục, tạo dữ liệu mẫu, in tài khoản."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--skip-migrate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from opentvet.catalogue.loaders import load_all
        from opentvet.demo.builder import build_demo

        if not options["skip_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Nạp danh mục dùng chung…")
        load_all()
        # Build the PDF fonts now (once per machine), not during someone's first transcript.
        from opentvet.core.documents import register_pdf_fonts

        register_pdf_fonts()
        self.stdout.write("Tạo dữ liệu demo…")
        build_demo(seed=options["seed"], log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Sẵn sàng. Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
        )
        width = max(len(p.login) for p in [*PERSONAS, SUPERUSER])
        for p in [SUPERUSER, *PERSONAS]:
            self.stdout.write(f"  {p.login.ljust(width)}  {p.description}")
