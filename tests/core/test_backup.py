"""Backups restore: the drill reproduces every key table's rows and checksum, and a changed row
is caught."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from opentvet.core.backup import backup, compare, table_figures

pytestmark = pytest.mark.django_db


def test_the_drill_restores_every_key_table(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("restore_drill")
    out = capsys.readouterr().out
    assert "restore-drill:" in out and "KHÔNG KHỚP" not in out
    assert "core_organisation" in out and "learners_student" in out


def test_a_changed_row_does_not_match(tmp_path: Path) -> None:
    manifest = backup(tmp_path / "b")
    assert (tmp_path / "b" / "files.tar.gz").exists()
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["tables"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_organisation SET phone = 'changed' WHERE id = "
                       "(SELECT MIN(id) FROM core_organisation)")  # fmt: skip
    rows = compare(manifest, table_figures(connection))
    changed = {r.table: r.same for r in rows}
    assert changed["core_organisation"] is False
    assert changed["core_user"] is True
