from __future__ import annotations

from django import template

from birgemiz.geo import selectors

register = template.Library()


@register.simple_tag
def region_groups() -> dict:
    """The regions for the header's selector, grouped (cached: no query)."""
    return selectors.region_list_grouped()
