"""Template helpers of the learners pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping|get_item:key`` — a dict value in a template (None when absent)."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def rule_basis(rules: Any, key: str) -> str:
    """``transcript.rules|rule_basis:"grading.year.progress"`` — "Căn cứ: …" of one rule."""
    if rules is None:
        return ""
    try:
        return str(rules.basis(key))
    except KeyError:
        return ""
