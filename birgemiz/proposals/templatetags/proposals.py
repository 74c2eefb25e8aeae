"""Bars readable without colour: the share is written next to a bar (server-rendered SVG)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

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


#: Where a proposal stands, in the dashboard chart's order (left to right) and words.
STANDINGS = (
    ("implemented", _("implemented")),
    ("answered", _("answered")),
    ("waiting", _("waiting, within the deadline")),
    ("overdue", _("overdue")),
)


@register.simple_tag
def standings():
    return STANDINGS


@register.simple_tag
def standing_bar(row, largest: int):
    """A row's proposals by where they stand, as one bar whose length compares the row with the
    largest; segments differ by fill *and* pattern, and the counts are written beside it."""
    if not largest:
        return ""
    x, rects = 0.0, []
    for name, count in row.standing:
        if count:
            width = 100 * count / largest
            rects.append((name, round(x, 2), round(width, 2)))
            x += width
    return format_html(
        '<svg class="standing-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
        'focusable="false">{}</svg>',
        format_html_join(
            "", '<rect class="standing standing--{}" x="{}" width="{}" height="10"></rect>', rects
        ),
    )
