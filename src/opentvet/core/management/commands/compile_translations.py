"""Compile the .po catalogues to .mo with Babel (pure Python).

Django's ``compilemessages`` needs GNU gettext, which a fresh machine with only Python may
lack; this command gives the same .mo files so the English interface works everywhere. CI also
runs ``compilemessages`` to check the catalogues with gettext's own tools.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Biên dịch các tệp bản dịch .po thành .mo (không cần GNU gettext)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for locale_dir in map(Path, settings.LOCALE_PATHS):
            for po_path in locale_dir.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file)
                with mo_path.open("wb") as mo_file:
                    write_mo(mo_file, catalog)
                count += 1
        self.stdout.write(f"compiled {count} catalogue(s)")
