"""Fixtures for the catalogue tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from opentvet.catalogue.loaders import load_all, load_training_levels


@pytest.fixture
def catalogues(db):
    """Every national catalogue loaded, as ``load_catalogues`` would."""
    return load_all()


@pytest.fixture
def training_levels(db):
    return load_training_levels()


@pytest.fixture
def write_csv(tmp_path):
    """Write an occupation list with the standard header; returns its path."""

    def write(*rows: str, name: str = "occupations.csv", header: str | None = None) -> Path:
        path = tmp_path / name
        lines = [header or "code,name,level,parent_code", *rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write
