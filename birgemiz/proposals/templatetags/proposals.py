"""Bars readable without colour: the share is written next to a bar (server-rendered SVG)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


@register.simple_tag
def share_bar(value):
    if value is None:
        return "—"
    width = round(value * 100, 1)
    return format_html(
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false">'
        '<rect class="bar__all" width="100" height="10"></rect>'
        '<rect class="bar__active" width="{}" height="10"></rect></svg> <span class="bar__label">{}</span>',
        width,
        percent(value),
    )
