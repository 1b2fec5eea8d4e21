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
