"""Errors raised by the allocation engine."""

from __future__ import annotations


class AllocationInputError(ValueError):
    """The wishes or quotas are malformed.

    ``row`` is the 0-based index of the offending wish row in the arrays given to
    :func:`~opentvet.admissions.allocation.allocate` (``None`` when the problem is not tied to
    one row); the CLI turns it into a line number. ``message`` is in Vietnamese with the English
    gloss in parentheses.
    """

    def __init__(self, message: str, *, row: int | None = None) -> None:
        super().__init__(message if row is None else f"row {row}: {message}")
        self.message = message
        self.row = row


class AllocationCheckError(AssertionError):
    """The computed assignment failed its own stability or quota check (a bug, never input)."""
