"""Constants and helpers the tests share (importable: ``tests/`` is on the test path)."""

from __future__ import annotations

# Personas that must get 404 on college A's (CD96001, Cà Mau) pages: an officer of another
# institution and an officer of another province. Every scoped page and endpoint is tested
# against both.
OUTSIDERS_OF_COLLEGE_A = ["other_rector", "other_provincial_officer"]

# Personas that reach college A: the school's own leaders, its province, the nation.
INSIDERS_OF_COLLEGE_A = [
    "rector",
    "vice_rector",
    "provincial_officer",
    "committee_leader",
    "national_analyst",
]
