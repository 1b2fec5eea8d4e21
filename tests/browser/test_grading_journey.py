"""Grading under dated rules in Chromium: the demo learner's transcript shows what it decided
with "Căn cứ: …" beside it (physical education marked as a conditional subject, outside the GPA,
khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH), and the training officer's recompute page lists the
changes as a dry run before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(os.environ.get("OPENTVET_SCREENSHOTS", "/tmp/opentvet-shots"))


def test_transcript_shows_its_basis_and_the_dry_run(login_as):  # type: ignore[no-untyped-def]
    """Khoản 4 Điều 16 and Điều 16 Thông tư 04/2022/TT-BLĐTBXH shown on the transcript page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    officer = login_as("training_officer")
    officer.goto("/nguoi-hoc/?q=CD25CNTT000")
    officer.click("tr:has-text('CD25CNTT000') >> a >> nth=0")
    officer.wait_for_selector("[data-testid=student-name]")
    basis = officer.inner_text("[data-testid=gpa-basis]")
    assert "Căn cứ: khoản 4 Điều 16 Thông tư 04/2022/TT-BLĐTBXH" in basis
    letters = officer.inner_text("[data-testid=letter-basis]")
    assert letters.startswith("Căn cứ: Điều 16 Thông tư 04/2022/TT-BLĐTBXH")
    row = officer.locator("tr", has_text="Giáo dục thể chất")
    assert "môn học điều kiện" in row.inner_text()
    officer.screenshot(path=str(SHOTS / "grading-transcript.png"), full_page=True)
    # The rules page (menu entry) and the recompute dry run of the officer's college.
    officer.click("nav >> text=Quy định đánh giá")
    officer.wait_for_selector("[data-testid=rules-credit]")
    assert "(chưa xác minh)" in officer.inner_text("[data-testid=rules-year]")
    officer.click("[data-testid=recompute-CD96001]")
    officer.wait_for_selector("[data-testid=recompute-summary]")
    assert "người học có thay đổi" in officer.inner_text("[data-testid=recompute-summary]")
    officer.screenshot(path=str(SHOTS / "grading-recompute.png"), full_page=True)
