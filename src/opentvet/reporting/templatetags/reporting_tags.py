"""Template filters of the reporting pages."""

from __future__ import annotations

from typing import Any

from django import template

from opentvet.web.templatetags.vn import num as vn_num

register = template.Library()


# The one number filter every page uses (web/templatetags/vn.py, core.numbers), under the name
# the reporting templates load.
register.filter("num", vn_num)


@register.simple_tag(takes_context=True)
def reporting_sections(context: Any) -> list[dict[str, str]]:
    """The reporting sub-menu: only the sections the actor may open (reporting.sections)."""
    from opentvet.reporting.sections import sections_for

    return sections_for(context.get("actor"))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (a breakdown's part), None when absent."""
    if not isinstance(mapping, dict):
        return None
    return mapping.get(key)
