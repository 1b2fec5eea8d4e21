"""Backups that restore: the database and the private files, with a manifest to check against.

``opentvet backup --out DIR`` writes

* ``database.dump`` — ``pg_dump --format=custom`` of the PostgreSQL database (or
  ``database.sqlite3``, SQLite's online backup of the embedded database);
* ``files.tar.gz`` — the private files under ``MEDIA_ROOT`` (uploads, job results, attachments);
* ``manifest.json`` — when, from what, and for each key table its row count and a checksum of
  its rows in primary-key order.

``opentvet restore --from DIR --database URL`` restores into an empty database (and the files
into ``--files-to``); ``opentvet restore_drill`` backs up the current database, restores it into
a fresh one, compares every key table's count and checksum with the manifest, and drops the
copy. A restore that does not reproduce the rows fails loudly (non-zero exit).

A production site also keeps PostgreSQL's WAL archive for point-in-time recovery
(``docs/deployment.md``); these dumps are the daily, portable copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

#: Tables whose rows must come back exactly: who, where, learners, staff, reports, audit.
KEY_TABLES = [
    "core_organisation",
    "core_user",
    "core_membership",
    "core_auditentry",
    "learners_student",
    "learners_moduleresult",
    "staff_staff",
    "admissions_application",
    "reporting_submission",
    "reporting_document",
]


class BackupError(Exception):
    """A backup or restore step failed; the message says which and why (for the operator)."""


@dataclass(frozen=True)
class TableFigure:
    rows: int
    checksum: str


def _row_text_sql(cursor: Any, vendor: str, table: str) -> str:
    """A query giving each row as text made by the server, in primary-key order.

    Text made by the database, not values converted by a driver: the source and the copy are
    read through different connections (Django's and a plain one) and must hash alike.
    """
    if vendor == "postgresql":
        return f'SELECT t::text FROM "{table}" t ORDER BY t.id'
    cursor.execute(f'PRAGMA table_info("{table}")')
    columns = [row[1] for row in cursor.fetchall()]
    joined = " || '|' || ".join(f'quote("{c}")' for c in columns)
    return f'SELECT {joined} FROM "{table}" ORDER BY id'


def _tables(cursor: Any, vendor: str) -> set[str]:
    if vendor == "postgresql":
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in cursor.fetchall()}


def figures_from_cursor(cursor: Any, vendor: str) -> dict[str, TableFigure]:
    """Row count and checksum (SHA-256 of the rows' text in primary-key order) of each key
    table that exists."""
    existing = _tables(cursor, vendor)
    figures: dict[str, TableFigure] = {}
    for table in KEY_TABLES:
        if table not in existing:
            continue
        cursor.execute(_row_text_sql(cursor, vendor, table))
        digest = hashlib.sha256()
        count = 0
        while rows := cursor.fetchmany(2000):
            for (text,) in rows:
                digest.update(text.encode())
                digest.update(b"\n")
                count += 1
        figures[table] = TableFigure(count, digest.hexdigest())
    return figures


def table_figures(conn: Any) -> dict[str, TableFigure]:
    """The key tables' figures through a Django connection."""
    with conn.cursor() as cursor:
        return figures_from_cursor(cursor, conn.vendor)


def _pg_url(db: dict[str, Any], name: str | None = None) -> str:
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{auth}{host}{port}/{name or db['NAME']}"


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(cmd[0]).name} failed: {result.stderr.strip()[:500]}")


def backup(out: Path, *, alias: str = "default") -> dict[str, Any]:
    """Write the database, the private files and the manifest into ``out`` (created)."""
    out.mkdir(parents=True, exist_ok=True)
    conn = connections[alias]
    db = conn.settings_dict
    if conn.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(out / "database.dump"),
              _pg_url(db)])  # fmt: skip
        database_file = "database.dump"
    elif conn.vendor == "sqlite":
        conn.ensure_connection()
        target = sqlite3.connect(out / "database.sqlite3")
        try:
            if conn.in_atomic_block:
                # Inside a transaction (a test, a caller's atomic block) the backup API waits
                # on the shared cache's lock forever: copy through this connection's reads.
                target.executescript("\n".join(conn.connection.iterdump()))
            else:
                conn.connection.backup(target)  # online, consistent copy
        finally:
            target.close()
        database_file = "database.sqlite3"
    else:  # pragma: no cover - only the two supported databases
        raise BackupError(f"unsupported database {conn.vendor}")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(out / "files.tar.gz", "w:gz") as tar:
        if media.exists():
            tar.add(media, arcname="files")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "vendor": conn.vendor,
        "database_file": database_file,
        "tables": {k: vars(v) for k, v in table_figures(conn).items()},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(source: Path, *, database_url: str, files_to: Path | None = None) -> None:
    """Restore a backup into the (empty) database at ``database_url``; files into ``files_to``."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    if manifest["vendor"] == "postgresql":
        if not database_url.startswith(("postgres://", "postgresql://")):
            raise BackupError("a PostgreSQL backup restores into a PostgreSQL database")
        url = database_url.replace("postgres://", "postgresql://", 1)
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", url,
              str(source / "database.dump")])  # fmt: skip
    else:
        if not database_url.startswith("sqlite:///"):
            raise BackupError("an SQLite backup restores into an SQLite file (sqlite:///path)")
        target = Path(database_url.removeprefix("sqlite:///"))
        if target.exists():
            raise BackupError(f"{target} exists: restore into a new file")
        shutil.copyfile(source / "database.sqlite3", target)
    if files_to is not None:
        files_to.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / "files.tar.gz") as tar:
            tar.extractall(files_to, filter="data")


@dataclass
class DrillRow:
    table: str
    rows_before: int
    rows_after: int | None
    same: bool


def compare(manifest: dict[str, Any], restored: dict[str, TableFigure]) -> list[DrillRow]:
    rows = []
    for table, figure in manifest["tables"].items():
        after = restored.get(table)
        rows.append(
            DrillRow(
                table,
                figure["rows"],
                after.rows if after else None,
                after is not None
                and after.rows == figure["rows"]
                and after.checksum == figure["checksum"],
            )
        )
    return rows


def restore_drill(work: Path) -> list[DrillRow]:
    """Back up the current database, restore it into a fresh one, compare, drop the copy."""
    manifest = backup(work / "backup")
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        name = f"{db['NAME']}_drill"[:63]
        admin = _pg_url(db, "postgres")
        with psycopg.connect(admin, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"')
        try:
            url = _pg_url(db, name)
            restore(work / "backup", database_url=url, files_to=work / "files")
            with psycopg.connect(url) as copy, copy.cursor() as cursor:
                restored = figures_from_cursor(cursor, "postgresql")
        finally:
            with psycopg.connect(admin, autocommit=True) as pg:
                pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        target = work / "restored.sqlite3"
        restore(work / "backup", database_url=f"sqlite:///{target}", files_to=work / "files")
        restored_db = sqlite3.connect(target)
        try:
            restored = figures_from_cursor(restored_db.cursor(), "sqlite")
        finally:
            restored_db.close()
    return compare(manifest, restored)


def sanitised(url: str) -> str:
    """A database URL without its password, for messages."""
    parts = urlsplit(url)
    netloc = parts.netloc.split("@")[-1]
    return urlunsplit(parts._replace(netloc=netloc))
